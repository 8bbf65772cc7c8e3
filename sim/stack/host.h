// Host: the machine one component runs on — CPU cores (and a hog's share of them), memory,
// disk, file descriptors, the service process (running / hung / stopped / starting), the
// deployed app version and a key/value config the component reads. Resources that change
// at a rate (a memory leak, a filling disk) are integrated exactly, and when one runs out
// the host schedules the consequence at that very moment: an OOM kill followed by a
// systemd restart, a full disk. The component reacts through a ProcessListener.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/simulation.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_observer.h"

namespace firedrill {

enum class ProcessState : uint8_t { kRunning, kHung, kStopped, kStarting };
std::string_view process_state_name(ProcessState s);

// What the component running on a host is told.
class ProcessListener {
 public:
  virtual ~ProcessListener() = default;
  virtual void on_process_change(ProcessState from, ProcessState to) = 0;
};

class Host : public EventHandler {
 public:
  Host(Simulation& sim, std::string name, std::string role, const HostSpec& spec);

  const std::string& name() const { return name_; }
  const std::string& role() const { return role_; }
  const HostSpec& spec() const { return spec_; }
  void set_listener(ProcessListener* l) { listener_ = l; }
  void set_observer(StackObserver* o) { observer_ = o; }
  void on_event(const Event& e) override;

  // --- the service process -------------------------------------------------------------
  ProcessState state() const { return state_; }
  bool serving() const { return state_ == ProcessState::kRunning; }
  SimTime state_since() const { return state_since_; }
  uint32_t pid() const { return pid_; }
  uint32_t restarts() const { return restarts_; }
  // Dies now; systemd starts it again after restart_delay (Restart=always).
  void crash(ProcessChange why = ProcessChange::kCrashed);
  void hang();
  void unhang();
  // Operator actions: stop leaves it down; start/restart bring it up after startup_time.
  void stop();
  void start();
  void restart();
  // The whole machine: the service is down for the boot, then starts; whatever ran away in
  // memory or CPU and every leaked descriptor is gone. Disk contents stay.
  void reboot(SimTime boot_time = SimTime::seconds(45));

  // --- CPU ----------------------------------------------------------------------------
  uint32_t cpu_cores() const { return spec_.cpu_cores; }
  double cpu_hog_cores() const { return cpu_hog_; }
  void set_cpu_hog(double cores) { cpu_hog_ = cores < 0 ? 0 : cores; }

  // --- memory -------------------------------------------------------------------------
  double memory_used_mb() const;
  double memory_total_mb() const { return spec_.memory_mb; }
  // A leak in the running service: grows until the OOM killer ends the process; the leak
  // starts over from the base footprint after every restart (it is in the code).
  void set_memory_leak(double mb_per_minute);
  double memory_leak_rate() const { return leak_mb_per_min_; }

  // --- disk ---------------------------------------------------------------------------
  double disk_used_gb() const;
  double disk_total_gb() const { return spec_.disk_gb; }
  // Kept as a flag (set at the scheduled moment the disk fills): checked per request.
  bool disk_full() const { return disk_full_; }
  void set_disk_fill_rate(double gb_per_minute);
  double disk_fill_rate() const { return disk_rate_gb_per_min_; }
  void add_disk_usage(double gb);  // negative frees (log rotation, deleting files)

  // --- file descriptors ---------------------------------------------------------------
  uint32_t fd_limit() const { return fd_limit_; }
  void set_fd_limit(uint32_t limit) { fd_limit_ = limit; }
  // Descriptors in use = base + leaked + what the component reports it holds open.
  uint32_t fds_in_use() const;
  void set_open_fds_source(std::function<uint32_t()> f) { open_fds_ = std::move(f); }
  void leak_fds(uint32_t n) { leaked_fds_ += n; }
  void release_leaked_fds(uint32_t n) { leaked_fds_ -= n < leaked_fds_ ? n : leaked_fds_; }
  uint32_t leaked_fds() const { return leaked_fds_; }
  // Whether `extra` more descriptors can be opened now, given the `open` ones the component
  // holds (passed in: this is checked per connection and must stay cheap).
  bool can_open_fds(uint32_t open, uint32_t extra) const {
    return spec_.base_fds + leaked_fds_ + open + extra <= fd_limit_;
  }

  // --- version and config -------------------------------------------------------------
  const std::string& app_version() const { return version_; }
  const std::string& previous_version() const { return previous_version_; }
  void deploy(std::string version);
  // Called after every deploy() that changes the version, so behaviour tied to a release
  // follows it (a rollback undoes it). Returns a handle for unwatch_deploys().
  using DeployWatcher = std::function<void(const std::string& version)>;
  uint32_t watch_deploys(DeployWatcher f);
  void unwatch_deploys(uint32_t handle);
  const std::map<std::string, std::string>& config() const { return config_; }
  // The component decides which keys exist and what they do; returns an error message
  // (naming the key and what would be valid) or nothing when the value was applied.
  using ConfigApplier =
      std::function<std::optional<std::string>(const std::string& key, const std::string& value)>;
  void set_config_applier(ConfigApplier f) { applier_ = std::move(f); }
  std::optional<std::string> set_config(const std::string& key, const std::string& value);
  // Records a value without applying it (the component's defaults at start).
  void seed_config(const std::string& key, const std::string& value) { config_[key] = value; }

 private:
  enum Kind : uint32_t { kOom, kDiskFull, kStarted, kRestart };
  void set_state(ProcessState s, ProcessChange change);
  void schedule_oom();
  void schedule_disk_full();
  void settle_memory();
  void settle_disk();

  Simulation& sim_;
  std::string name_;
  std::string role_;
  HostSpec spec_;
  uint32_t id_;
  ProcessListener* listener_ = nullptr;
  StackObserver* observer_ = nullptr;

  ProcessState state_ = ProcessState::kRunning;
  SimTime state_since_;
  uint32_t pid_;
  uint32_t restarts_ = 0;
  uint64_t start_generation_ = 0;  // cancels a pending start when something else happens

  double cpu_hog_ = 0;
  // memory: used = mem_at_ + leak * (now - mem_since_) while running
  double mem_at_mb_;
  SimTime mem_since_;
  double leak_mb_per_min_ = 0;
  uint64_t oom_generation_ = 0;
  // disk: used = disk_at_ + rate * (now - disk_since_)
  double disk_at_gb_;
  SimTime disk_since_;
  double disk_rate_gb_per_min_ = 0;
  uint64_t disk_generation_ = 0;
  bool disk_full_reported_ = false;
  bool disk_full_ = false;

  uint32_t fd_limit_;
  uint32_t leaked_fds_ = 0;
  std::function<uint32_t()> open_fds_;

  std::string version_;
  std::string previous_version_;
  std::vector<std::pair<uint32_t, DeployWatcher>> deploy_watchers_;
  uint32_t next_watch_handle_ = 0;
  std::map<std::string, std::string> config_;
  ConfigApplier applier_;
};

}  // namespace firedrill
