// Host resource faults: cpu_hog (cores), memory_leak (MB/min to an OOM kill), disk_fill
// (GB/min, or to a percentage of the disk).
#include <algorithm>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/fault_knobs.h"

namespace firedrill {

namespace {

// One additive share per target host, set to `per_host * intensity`.
class HostRateFault : public Fault {
 public:
  HostRateFault(FaultSetup s, std::string param, Knob (*knob)(Host&))
      : Fault(std::move(s)), param_(std::move(param)), knob_(knob) {}

 protected:
  std::optional<FaultError> on_inject() override {
    shares_.clear();
    for (const FaultComponent& c : components())
      shares_.emplace_back(knob_(*c.host), Combine::kAdd);
    return std::nullopt;
  }
  void apply(double intensity) override {
    for (BoundShare& s : shares_) s.set(values().number(param_) * intensity);
  }
  void on_clear() override {
    for (BoundShare& s : shares_) s.remove();
    shares_.clear();
  }

 private:
  std::string param_;
  Knob (*knob_)(Host&);
  std::vector<BoundShare> shares_;
};

class CpuHogFault : public HostRateFault {
 public:
  explicit CpuHogFault(FaultSetup s) : HostRateFault(std::move(s), "cores", host_cpu_hog_knob) {}
};

class MemoryLeakFault : public HostRateFault {
 public:
  explicit MemoryLeakFault(FaultSetup s)
      : HostRateFault(std::move(s), "mb_per_min", host_memory_leak_knob) {}
};

// Writes at gb_per_min until the disk reaches to_percent (or at once when the rate is 0).
// Keeps count of what it wrote, so clearing frees that (never below the host's base usage).
class DiskFillFault : public Fault {
 public:
  explicit DiskFillFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    disks_.clear();
    for (const FaultComponent& c : components())
      disks_.push_back({c.host, BoundShare(host_disk_fill_knob(*c.host), Combine::kAdd),
                        c.host->disk_used_gb(), 0.0, now(), false});
    return std::nullopt;
  }
  void apply(double intensity) override {
    const double rate = values().number("gb_per_min");
    for (Disk& d : disks_) {
      settle(d);
      if (rate > 0) {
        d.share.set(d.reached ? 0.0 : rate * intensity);
      } else {  // at once: to the intensity's share of the way to the target
        const double want = d.start_gb + (target_gb(d) - d.start_gb) * intensity;
        const double add = std::max(0.0, want - d.start_gb) - d.written_gb;
        d.host->add_disk_usage(add);
        d.written_gb += add;
      }
    }
  }
  bool wants_ticks() const override { return values().number("gb_per_min") > 0; }
  void on_tick() override {
    for (Disk& d : disks_) {
      settle(d);
      const double over = d.host->disk_used_gb() - target_gb(d);
      if (d.reached || over < 0) continue;
      d.reached = true;  // hold at the target: stop writing, take back the overshoot
      d.share.set(0.0);
      const double trim = std::min(over, d.written_gb);  // never what was there before
      if (trim > 0 && target_gb(d) < d.host->disk_total_gb()) {
        d.host->add_disk_usage(-trim);
        d.written_gb -= trim;
      }
    }
  }
  void on_clear() override {
    for (Disk& d : disks_) {
      settle(d);
      d.share.remove();
      const double base = d.host->spec().base_disk_gb;
      const double free = std::min(d.written_gb, std::max(0.0, d.host->disk_used_gb() - base));
      if (free > 0) d.host->add_disk_usage(-free);
    }
    disks_.clear();
  }

 private:
  struct Disk {
    Host* host;
    BoundShare share;
    double start_gb;
    double written_gb;
    SimTime since;  // written_gb counts the share's writing up to here
    bool reached;
  };
  double target_gb(const Disk& d) const {
    return d.host->disk_total_gb() * values().number("to_percent") / 100.0;
  }
  // Adds what the share wrote since the last settle (the host stops at a full disk).
  void settle(Disk& d) {
    const double minutes = (now() - d.since).to_seconds() / 60.0;
    const double room = d.host->disk_total_gb() - d.start_gb - d.written_gb;
    d.written_gb += std::min(std::max(0.0, room), d.share.value() * minutes);
    d.since = now();
  }
  std::vector<Disk> disks_;
};

}  // namespace

void add_resource_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "cpu_hog",
      .summary = "a runaway process (or a regex gone wild) takes CPU cores on the host",
      .roles = kRoleWeb,
      .params = {number_param("cores", "cores", 2, 0, 256, "cores the hog keeps busy")},
      .intensity = "cores",
      .symptoms = "cpu_utilization near 1 on the host; requests' CPU time stretches once work "
                  "exceeds the cores, so latency rises, workers stay busy and the backlog grows",
      .fixes = "`reboot_host` (the hog dies with the machine) or `drain` the host; the scenario "
               "clears the fault when the trainee kills the process",
      .make = make_kind<CpuHogFault>});
  out.push_back(FaultKindInfo{
      .kind = "memory_leak",
      .summary = "the service leaks memory until the kernel's OOM killer ends it; systemd "
                 "restarts it and the leak starts over",
      .roles = kRoleProcesses,
      .params = {number_param("mb_per_min", "MB/min", 100, 0, 1'000'000,
                              "memory leaked per minute while the process runs")},
      .intensity = "mb_per_min",
      .symptoms = "memory_used_ratio climbs in a sawtooth; at 100% an OOM kill (kernel log), "
                  "502 connection_reset for requests inside, a restart gap in which the LB marks "
                  "the backend down, then up again after the restart",
      .fixes = "`restart_service` buys time until the next OOM kill; the cure is a `rollback` "
               "(bad_deploy with memory_leak_mb_per_min ties the leak to a version) or the "
               "scenario's clear",
      .make = make_kind<MemoryLeakFault>});
  out.push_back(FaultKindInfo{
      .kind = "disk_fill",
      .summary = "something writes to the disk (runaway log, core dumps) until it reaches "
                 "to_percent",
      .roles = kRoleProcesses | kRoleCache,
      .params = {number_param("gb_per_min", "GB/min", 1, 0, 10'000,
                              "write rate (0: fill to to_percent at once)"),
                 number_param("to_percent", "%", 100, 0, 100,
                              "stop writing once the disk is this full")},
      .intensity = "gb_per_min (rate mode) or the share of the way to to_percent (at once)",
      .symptoms = "disk_used_ratio climbs; at 100% a full disk: web servers answer 500 "
                  "(disk_full) for every request, a database fails writes",
      .fixes = "`free_disk` on the host buys room while the writer runs; the writer stops when the "
               "scenario clears the fault, which also frees what it wrote",
      .make = make_kind<DiskFillFault>});
}

}  // namespace firedrill
