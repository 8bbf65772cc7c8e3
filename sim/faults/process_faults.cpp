// Process faults: crash (once or repeatedly, restarted by systemd or left down) and hang.
#include "sim/faults/fault_kinds.h"

namespace firedrill {

namespace {

class CrashFault : public Fault {
 public:
  explicit CrashFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    crashed_ = false;
    return std::nullopt;
  }
  // The first crash comes when the intensity is first above zero; repeats follow `every`,
  // shortened by the intensity (every / intensity).
  void apply(double intensity) override {
    if (crashed_ || intensity <= 0) return;
    crashed_ = true;
    crash_all();
    schedule_repeat();
  }
  void on_timer(uint32_t) override {
    if (intensity() > 0) crash_all();
    schedule_repeat();
  }
  void on_clear() override {}  // a crash cannot be taken back; clearing stops the repeats

 private:
  void crash_all() {
    const std::string& reason = values().text("reason");
    const ProcessChange why =
        reason == "oom_killed" ? ProcessChange::kOomKilled : ProcessChange::kCrashed;
    for (const FaultComponent& c : components()) {
      if (reason == "stopped") {  // an operator's or a tool's `systemctl stop`: no restart
        c.host->stop();
        continue;
      }
      c.host->crash(why);
      if (!values().flag("restart")) c.host->stop();  // no systemd restart: it stays down
    }
  }
  void schedule_repeat() {
    const SimTime every = values().duration("every");
    if (every.us() <= 0) return;
    const double i = intensity() > 0.01 ? intensity() : 0.01;
    schedule_timer(SimTime::from_micros(static_cast<double>(every.us()) / i), 0);
  }
  bool crashed_ = false;
};

class HangFault : public Fault {
 public:
  explicit HangFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    hung_pid_.assign(components().size(), 0);
    return std::nullopt;
  }
  // Hangs each running process once; a process restarted since (another pid) is left alone:
  // a restart is the fix. Intensity back to 0 unhangs what this fault hung.
  void apply(double intensity) override {
    for (size_t k = 0; k < components().size(); ++k) {
      Host& h = *components()[k].host;
      if (intensity > 0 && hung_pid_[k] == 0 && h.state() == ProcessState::kRunning) {
        h.hang();
        hung_pid_[k] = h.pid();
      } else if (intensity <= 0 && hung_pid_[k] == h.pid()) {
        h.unhang();
        hung_pid_[k] = 0;
      }
    }
  }
  void on_clear() override {
    for (size_t k = 0; k < components().size(); ++k) {
      Host& h = *components()[k].host;
      if (hung_pid_[k] == h.pid()) h.unhang();
    }
  }

 private:
  std::vector<uint32_t> hung_pid_;  // the pid this fault hung, 0 for none
};

}  // namespace

void add_process_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "crash",
      .summary = "the service process dies (segfault or OOM kill); systemd restarts it after "
                 "the host's restart delay unless restart=false",
      .roles = kRoleProcesses,
      .params = {flag_param("restart", true,
                            "systemd restarts it (false: it stays down until started)"),
                 duration_param("every", 0, 0, 24 * 3600,
                                "crash again at this interval while injected (0: once)"),
                 choice_param("reason", "crashed", {"crashed", "oom_killed", "stopped"},
                              "how the kernel and systemd report the death (stopped: an "
                              "operator or a tool ran systemctl stop; it stays down)")},
      .intensity = "on above 0; repeats come every `every / intensity`",
      .symptoms = "web: requests inside are reset (502 connection_reset), the LB marks the "
                  "backend down after its failed health checks and up again after the restart; "
                  "database: every query fails (500 process_down); lb: connections refused",
      .fixes = "one crash heals by itself (systemd); with restart=false, `start_service`; for "
               "repeats, read the logs (segfault / OOM lines) and `rollback` or `drain` the host",
      .make = make_kind<CrashFault>});
  out.push_back(FaultKindInfo{
      .kind = "hang",
      .summary = "the process stays alive but makes no progress (deadlock, stuck I/O)",
      .roles = kRoleProcesses,
      .intensity = "on above 0; back to 0 unhangs",
      .symptoms = "web: accepted requests never finish, the backlog fills, health checks fail "
                  "so the LB marks it down; clients time out (504 or client timeouts); "
                  "database: queries queue, pools fill, pool timeouts (500)",
      .fixes = "`restart_service` (or `reboot_host`) on the hung host: the new process runs "
               "normally and the fault is spent",
      .make = make_kind<HangFault>});
}

}  // namespace firedrill
