#include "sim/trainee/journal_view.h"

#include <fmt/format.h>

#include "sim/observe/log_formats_system.h"
#include "sim/trainee/text_util.h"

namespace firedrill {
namespace {

constexpr size_t kSyslogTimeWidth = 15;  // "Feb 16 14:03:07"

// The message part after "HOST IDENT: " of a syslog line; kernel lines lose their
// "[ uptime]" stamp, which journalctl does not print.
std::string journal_form(const ScenarioClock& clock, SimTime t, const std::string& syslog) {
  if (syslog.size() <= kSyslogTimeWidth) return syslog;
  std::string rest = syslog.substr(kSyslogTimeWidth);
  const size_t kernel = rest.find(" kernel: [");
  if (kernel != std::string::npos) {
    const size_t close = rest.find("] ", kernel);
    if (close != std::string::npos) rest.erase(kernel + 9, close + 2 - (kernel + 9));
  }
  return clock.journalctl_time(t) + rest;
}

}  // namespace

std::vector<JournalEntry> journal_entries(const HostView& v, const std::string& unit,
                                          bool kernel_only) {
  std::vector<JournalEntry> out;
  const ServiceInfo& info = v.unit();
  if (!kernel_only && (unit.empty() || unit == info.unit)) {
    const SimTime start = v.boot_service_start();
    for (const std::string& m : systemd_messages(info, ProcessChange::kStarting, false, 0)) {
      out.push_back({start, syslog_line(v.clock, start, v.name(), "systemd[1]", m)});
    }
    const SimTime up = start + SimTime::millis(180);
    for (const std::string& m : systemd_messages(info, ProcessChange::kRunning, false, 0)) {
      out.push_back({up, syslog_line(v.clock, up, v.name(), "systemd[1]", m)});
    }
  }
  const LogBuffer* b =
      v.logs.store().find(v.name(), kernel_only ? log_path::kKern : log_path::kSyslog);
  if (b != nullptr) {
    for (size_t i = 0; i < b->size(); ++i) {
      const LogLine& l = b->at(i);
      if (!unit.empty()) {
        // systemd's own messages about the unit (the only ones journalctl -u shows here: the
        // services log to their own files).
        if (l.text.find(" systemd[1]: ") == std::string::npos) continue;
        if (l.text.find(unit) == std::string::npos) continue;
      }
      out.push_back({l.time, l.text});
    }
  }
  for (JournalEntry& e : out) e.line = journal_form(v.clock, e.time, e.line);
  return out;
}

std::vector<std::string> dmesg_lines(const HostView& v, bool human_times) {
  struct Raw {
    SimTime at;
    std::string message;
  };
  std::vector<Raw> raw = {
      {v.boot_time(),
       "Linux version 6.1.0-18-cloud-amd64 (debian-kernel@lists.debian.org) "
       "(gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) "
       "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"},
      {v.boot_time(),
       "Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-cloud-amd64 "
       "root=PARTUUID=5d3a7c2e-01 ro console=tty0 console=ttyS0,115200"},
      {v.boot_time() + SimTime::millis(1832),
       "EXT4-fs (nvme0n1p1): mounted filesystem with "
       "ordered data mode. Quota mode: none."},
      {v.boot_time() + SimTime::millis(5120), "NET: Registered PF_PACKET protocol family"},
  };
  if (const LogBuffer* b = v.logs.store().find(v.name(), log_path::kKern)) {
    // The kernel's own stamp ("[ 8123.456789]") is the instant: lines of one report may be
    // stamped a little after the moment rsyslog filed them.
    for (size_t i = 0; i < b->size(); ++i) {
      const std::string& text = b->at(i).text;
      const size_t open = text.find(" kernel: [");
      const size_t close = open == std::string::npos ? open : text.find("] ", open);
      if (close == std::string::npos) continue;
      const std::string stamp = text.substr(open + 10, close - open - 10);
      const size_t dot = stamp.find('.');
      const auto secs = text::parse_uint(
          stamp.substr(stamp.find_first_not_of(' '), dot - stamp.find_first_not_of(' ')));
      const auto micros =
          dot == std::string::npos ? std::nullopt : text::parse_uint(stamp.substr(dot + 1));
      const SimTime at = secs && micros
                             ? v.boot_time() + SimTime::seconds(static_cast<int64_t>(*secs)) +
                                   SimTime::micros(static_cast<int64_t>(*micros))
                             : b->at(i).time;
      raw.push_back({at, text.substr(close + 2)});
    }
  }
  std::vector<std::string> out;
  for (const Raw& r : raw) {
    const int64_t us = (r.at - v.boot_time()).us();
    out.push_back(human_times
                      ? fmt::format("[{}] {}", text::ctime_local(v.clock, r.at), r.message)
                      : fmt::format("[{:5}.{:06}] {}", us / 1'000'000, us % 1'000'000, r.message));
  }
  return out;
}

}  // namespace firedrill
