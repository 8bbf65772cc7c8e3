// The systemd journal of a simulated host, read back from its syslog and kern.log buffers
// (rsyslog writes every journal message there): each entry with its SimTime, shown in
// journalctl's format. Adds the two lines systemd wrote when it started the service at boot,
// which are older than the drill. Used by journalctl, systemctl status and dmesg.
#pragma once

#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/trainee/host_view.h"

namespace firedrill {

struct JournalEntry {
  SimTime time;
  std::string line;  // "Feb 16 14:03:07 web-1 systemd[1]: nginx.service: ..." (journalctl form)
};

// unit: "" for the whole journal, or a unit name ("nginx.service") for `journalctl -u`.
// kernel_only: `journalctl -k`. Oldest first.
std::vector<JournalEntry> journal_entries(const HostView& v, const std::string& unit,
                                          bool kernel_only);

// dmesg: the kernel's ring buffer ("[ 8123.456789] message"), or with human times
// ("[Fri Feb 16 14:03:07 2024] message"). Starts with the boot messages.
std::vector<std::string> dmesg_lines(const HostView& v, bool human_times);

}  // namespace firedrill
