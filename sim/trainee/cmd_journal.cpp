// The logs as journald and the kernel show them: journalctl (-u UNIT, -n, -k, -r, --since,
// --until) and dmesg (-T), read back from the host's syslog and kern.log; and reboot, which asks
// the engine to reboot the host.
#include <algorithm>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/journal_view.h"
#include "sim/trainee/systemd_units.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

// --- journalctl --------------------------------------------------------------------------

// --since/--until: "today", "yesterday", "N min ago", "-1h", "HH:MM[:SS]", "YYYY-MM-DD
// [HH:MM[:SS]]".
std::optional<SimTime> parse_when(const HostView& v, std::string s) {
  if (s == "now") return v.now;
  if (s == "today" || s == "yesterday") {
    return text::local_instant(v.clock, v.now,
                               text::local_date_plus(v.clock, v.now, s == "today" ? 0 : -1));
  }
  if (s.ends_with(" ago")) s = "-" + s.substr(0, s.size() - 4);
  if (s.starts_with("-")) {
    size_t i = 1;
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    const auto n = text::parse_uint(s.substr(i, j - i));
    while (j < s.size() && s[j] == ' ') ++j;
    const std::string unit = s.substr(j);
    if (!n) return std::nullopt;
    const int64_t k = static_cast<int64_t>(*n);
    if (unit.empty() || unit.starts_with("s")) return v.now - SimTime::seconds(k);
    if (unit.starts_with("m") && !unit.starts_with("mo")) return v.now - SimTime::minutes(k);
    if (unit.starts_with("h")) return v.now - SimTime::seconds(3600 * k);
    if (unit.starts_with("d")) return v.now - SimTime::seconds(86400 * k);
    return std::nullopt;
  }
  LocalDateTime at = text::local_date_plus(v.clock, v.now, 0);
  std::string time = s;
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    const auto y = text::parse_uint(s.substr(0, 4)), mo = text::parse_uint(s.substr(5, 2)),
               d = text::parse_uint(s.substr(8, 2));
    if (!y || !mo || !d) return std::nullopt;
    at.year = static_cast<int>(*y);
    at.month = static_cast<unsigned>(*mo);
    at.day = static_cast<unsigned>(*d);
    time = s.size() > 11 ? s.substr(11) : std::string();
  }
  if (!time.empty()) {
    const auto h = text::parse_uint(time.substr(0, 2));
    const auto m = time.size() >= 5 ? text::parse_uint(time.substr(3, 2)) : std::nullopt;
    const auto sec =
        time.size() >= 8 ? text::parse_uint(time.substr(6, 2)) : std::optional<uint64_t>(0);
    if (!h || !m || !sec || time[2] != ':') return std::nullopt;
    at.hour = static_cast<unsigned>(*h);
    at.minute = static_cast<unsigned>(*m);
    at.second = static_cast<unsigned>(*sec);
  }
  return text::local_instant(v.clock, v.now, at);
}

Output journalctl(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.component = v.name();
  out.touched.topic = "logs";
  std::vector<std::string> units;
  std::optional<size_t> lines;
  bool kernel = false, reverse = false;
  std::optional<SimTime> since, until;
  for (size_t i = 1; i < argv.size(); ++i) {
    std::string a = argv[i];
    std::string value;
    const auto take = [&](std::string_view flag) {
      if (a == flag && i + 1 < argv.size()) {
        value = argv[++i];
        return true;
      }
      if (a.starts_with(std::string(flag) + "=")) {
        value = a.substr(flag.size() + 1);
        return true;
      }
      if (flag.size() == 2 && a.size() > 2 && a.starts_with(flag) && a[1] != '-') {
        value = a.substr(2);
        return true;
      }
      return false;
    };
    if (take("-u") || take("--unit")) {
      units.push_back(with_suffix(value));
    } else if (take("-n") || take("--lines")) {
      lines = value == "all" ? SIZE_MAX : text::parse_uint(value).value_or(10);
    } else if (take("-S") || take("--since") || take("-U") || take("--until")) {
      const auto when = parse_when(v, value);
      if (!when) return out.fail(1, fmt::format("Failed to parse timestamp: {}", value));
      (a.starts_with("-S") || a.starts_with("--since") ? since : until) = *when;
    } else if (a == "-k" || a == "--dmesg") {
      kernel = true;
    } else if (a == "-r" || a == "--reverse") {
      reverse = true;
    } else if (a == "-f" || a == "--follow" || a == "-e" || a == "--pager-end") {
      if (!lines) lines = a == "-e" || a == "--pager-end" ? 1000 : 10;
    } else if (a == "--no-pager" || a == "-x" || a == "--catalog" || a == "-b" || a == "--boot" ||
               a == "-q" || a == "--quiet" || a == "-a" || a == "--all" || a == "-l" ||
               a == "--full") {
      continue;
    } else if (a == "-n") {
      lines = 10;
    } else {
      return out.fail(1, a.starts_with("--")
                             ? fmt::format("journalctl: unrecognized option '{}'", a)
                             : fmt::format("journalctl: invalid option -- '{}'", a.substr(1, 1)));
    }
  }
  std::vector<JournalEntry> entries;
  if (units.empty()) {
    entries = journal_entries(v, "", kernel);
  } else {
    for (const std::string& u : units) {
      const Unit resolved = resolve_unit(v, u);
      if (resolved.kind == UnitKind::kService || resolved.kind == UnitKind::kCompanion) {
        out.touched.service = v.host.spec().service;
      }
      for (JournalEntry& e : journal_entries(v, resolved.name, false))
        entries.push_back(std::move(e));
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const JournalEntry& a, const JournalEntry& b) { return a.time < b.time; });
  }
  std::erase_if(entries, [&](const JournalEntry& e) {
    return (since && e.time < *since) || (until && e.time > *until);
  });
  if (lines && entries.size() > *lines) {
    entries.erase(entries.begin(), entries.end() - static_cast<std::ptrdiff_t>(*lines));
  }
  if (reverse) std::reverse(entries.begin(), entries.end());
  if (entries.empty()) {
    out.out = "-- No entries --\n";
    return out;
  }
  for (const JournalEntry& e : entries) out.out += e.line + "\n";
  return out;
}

// --- dmesg, reboot -------------------------------------------------------------------------

Output dmesg(CommandContext& ctx, const Args& argv) {
  Output out;
  out.touched.component = ctx.view.name();
  out.touched.topic = "logs";
  bool human = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-T" || argv[i] == "--ctime" || argv[i] == "-H" || argv[i] == "--human") {
      human = true;
    } else if (argv[i] != "--nopager" && argv[i] != "-L" && argv[i] != "-x") {
      return out.fail(1, fmt::format("dmesg: invalid option -- '{}'\nTry 'dmesg --help' for more "
                                     "information.",
                                     argv[i].substr(argv[i].find_first_not_of('-'), 1)));
    }
  }
  out.out = text::join_lines(dmesg_lines(ctx.view, human));
  return out;
}

Output reboot(CommandContext& ctx, const Args&) {
  Output out;
  out.touched.component = ctx.view.name();
  out.touched.topic = "service";
  out.touched.service = ctx.view.host.spec().service;
  out.action = RequestedAction{"reboot_host", ctx.view.name(), ctx.view.host.spec().service, {}};
  out.out = fmt::format("Connection to {} closed by remote host.\n", ctx.view.name());
  return out;
}

constexpr Builtin kJournalCommands[] = {
    {"journalctl", journalctl, "the journal (-u UNIT, -n N, -k, --since '10 min ago')"},
    {"dmesg", dmesg, "the kernel's messages (-T human times)"},
    {"reboot", reboot, "reboot the host"},
};

}  // namespace

std::span<const Builtin> journal_commands() {
  return kJournalCommands;
}

}  // namespace firedrill::console_detail
