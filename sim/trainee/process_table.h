// ProcessTable: the processes of a simulated host as ps and top list them — the kernel
// threads and system daemons of a Debian 12 cloud VM, the service's processes (nginx master
// and workers, the app's gunicorn, postgres and its backends, redis), and the trainee's own
// ssh session. The service's processes exist only while it runs; its CPU and memory come
// from the live model (a leak grows one worker, a hog loads the workers). Deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/trainee/host_view.h"

namespace firedrill {

struct ProcessRow {
  uint32_t pid = 0;
  uint32_t ppid = 0;
  std::string user;
  std::string comm;     // short name (top's COMMAND, ps -o comm)
  std::string command;  // full command line (ps' COMMAND, top -c)
  double cpu = 0;       // cores in use now (1.0 = 100 %CPU)
  double rss_kb = 0, vsz_kb = 0, shr_kb = 0;
  char state = 'S';  // R, S, D, I
  std::string stat;  // ps STAT: "Ss", "S", "Sl", "I<", "R+"
  int nice = 0;
  SimTime start;         // when it started
  SimTime cpu_time;      // CPU consumed so far
  bool service = false;  // one of the host service's processes
};

// Every process, by pid. `own_command` names the ps/top process running the listing.
std::vector<ProcessRow> process_table(const HostView& v, const std::string& own_command);

// How ps and top show a row: the controlling terminal ("?", "pts/0"), the user cut to 8
// columns ("message+"), memory as a share of the host's, CPU as a share of its lifetime.
std::string process_tty(const ProcessRow& r);
std::string short_user(const std::string& user);
double mem_percent(const HostView& v, const ProcessRow& r);
double lifetime_cpu_percent(const HostView& v, const ProcessRow& r);

}  // namespace firedrill
