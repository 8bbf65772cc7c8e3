#include "sim/stack/host.h"

#include <algorithm>
#include <cmath>

namespace firedrill {

std::string_view process_state_name(ProcessState s) {
  switch (s) {
    case ProcessState::kRunning:
      return "running";
    case ProcessState::kHung:
      return "hung";
    case ProcessState::kStopped:
      return "stopped";
    case ProcessState::kStarting:
      return "starting";
  }
  return "unknown";
}

Host::Host(Simulation& sim, std::string name, std::string role, const HostSpec& spec)
    : sim_(sim),
      name_(std::move(name)),
      role_(std::move(role)),
      spec_(spec),
      id_(sim.add_handler(this, "host/" + name_)),
      // Plausible, distinct, deterministic pids per host.
      pid_(1000 + static_cast<uint32_t>(fnv1a64(name_) % 3000)),
      mem_at_mb_(spec.base_memory_mb),
      mem_since_(sim.now()),
      disk_at_gb_(spec.base_disk_gb),
      disk_since_(sim.now()),
      fd_limit_(spec.fd_limit),
      version_(spec.app_version) {}

void Host::on_event(const Event& e) {
  switch (e.kind) {
    case kOom:
      if (e.arg == oom_generation_ && state_ != ProcessState::kStopped &&
          state_ != ProcessState::kStarting)
        crash(ProcessChange::kOomKilled);
      return;
    case kDiskFull:
      if (e.arg != disk_generation_) return;
      settle_disk();
      disk_full_ = true;
      if (!disk_full_reported_ && observer_) {
        disk_full_reported_ = true;
        observer_->on_resource(name_, "disk", 100.0, sim_.now());
      }
      return;
    case kRestart:
      if (e.arg != start_generation_ || state_ != ProcessState::kStopped) return;
      set_state(ProcessState::kStarting, ProcessChange::kStarting);
      sim_.schedule_in(spec_.startup_time, id_, kStarted, start_generation_);
      return;
    case kStarted:
      if (e.arg != start_generation_ || state_ != ProcessState::kStarting) return;
      set_state(ProcessState::kRunning, ProcessChange::kRunning);
      return;
  }
}

void Host::set_state(ProcessState s, ProcessChange change) {
  const ProcessState from = state_;
  settle_memory();
  state_ = s;
  state_since_ = sim_.now();
  if (s == ProcessState::kStarting) {
    ++pid_;  // a new process
    mem_at_mb_ = spec_.base_memory_mb;
    mem_since_ = sim_.now();
  }
  schedule_oom();
  if (observer_) observer_->on_process(name_, spec_.service, change, sim_.now());
  if (listener_ && from != s) listener_->on_process_change(from, s);
}

void Host::crash(ProcessChange why) {
  if (state_ == ProcessState::kStopped) return;
  ++start_generation_;
  ++restarts_;
  leaked_fds_ = 0;
  set_state(ProcessState::kStopped, why);
  mem_at_mb_ = spec_.base_memory_mb * 0.1;  // the service's memory is freed
  mem_since_ = sim_.now();
  sim_.schedule_in(spec_.restart_delay, id_, kRestart, start_generation_);
}

void Host::hang() {
  if (state_ == ProcessState::kRunning) set_state(ProcessState::kHung, ProcessChange::kHung);
}

void Host::unhang() {
  if (state_ == ProcessState::kHung) set_state(ProcessState::kRunning, ProcessChange::kUnhung);
}

void Host::stop() {
  ++start_generation_;  // no pending restart brings it back
  if (state_ != ProcessState::kStopped) set_state(ProcessState::kStopped, ProcessChange::kStopped);
  mem_at_mb_ = spec_.base_memory_mb * 0.1;
  mem_since_ = sim_.now();
  schedule_oom();
}

void Host::start() {
  if (state_ == ProcessState::kRunning || state_ == ProcessState::kStarting) return;
  if (state_ == ProcessState::kHung) {
    stop();
  }
  ++start_generation_;
  set_state(ProcessState::kStarting, ProcessChange::kStarting);
  sim_.schedule_in(spec_.startup_time, id_, kStarted, start_generation_);
}

void Host::restart() {
  ++restarts_;
  leaked_fds_ = 0;  // a new process starts with no leaked descriptors
  stop();
  start();
}

void Host::reboot(SimTime boot_time) {
  ++restarts_;
  leaked_fds_ = 0;
  cpu_hog_ = 0;
  stop();
  sim_.schedule_in(boot_time, id_, kRestart, start_generation_);
}

double Host::memory_used_mb() const {
  double used = mem_at_mb_;
  if (state_ == ProcessState::kRunning || state_ == ProcessState::kHung)
    used += leak_mb_per_min_ * (sim_.now() - mem_since_).to_seconds() / 60.0;
  return std::min(used, spec_.memory_mb);
}

void Host::settle_memory() {
  mem_at_mb_ = memory_used_mb();
  mem_since_ = sim_.now();
}

void Host::set_memory_leak(double mb_per_minute) {
  settle_memory();
  leak_mb_per_min_ = std::max(0.0, mb_per_minute);
  schedule_oom();
}

void Host::schedule_oom() {
  ++oom_generation_;
  if (leak_mb_per_min_ <= 0 || !(state_ == ProcessState::kRunning || state_ == ProcessState::kHung))
    return;
  const double minutes = (spec_.memory_mb - mem_at_mb_) / leak_mb_per_min_;
  const SimTime at = sim_.now() + SimTime::from_seconds(std::max(0.0, minutes * 60.0));
  sim_.schedule_at(at, id_, kOom, oom_generation_);
}

double Host::disk_used_gb() const {
  const double used =
      disk_at_gb_ + disk_rate_gb_per_min_ * (sim_.now() - disk_since_).to_seconds() / 60.0;
  return std::clamp(used, 0.0, spec_.disk_gb);
}

void Host::settle_disk() {
  disk_at_gb_ = disk_used_gb();
  disk_since_ = sim_.now();
}

void Host::set_disk_fill_rate(double gb_per_minute) {
  settle_disk();
  disk_rate_gb_per_min_ = gb_per_minute;
  schedule_disk_full();
}

void Host::add_disk_usage(double gb) {
  settle_disk();
  disk_at_gb_ = std::clamp(disk_at_gb_ + gb, 0.0, spec_.disk_gb);
  disk_full_ = disk_at_gb_ >= spec_.disk_gb - 1e-9;
  if (!disk_full_) disk_full_reported_ = false;
  schedule_disk_full();
}

void Host::schedule_disk_full() {
  ++disk_generation_;
  const bool at_limit = disk_at_gb_ >= spec_.disk_gb - 1e-9;
  if (disk_rate_gb_per_min_ <= 0 || at_limit) {
    if (at_limit) sim_.schedule_in(SimTime{}, id_, kDiskFull, disk_generation_);
    return;
  }
  const double minutes = (spec_.disk_gb - disk_at_gb_) / disk_rate_gb_per_min_;
  sim_.schedule_at(sim_.now() + SimTime::from_seconds(minutes * 60.0), id_, kDiskFull,
                   disk_generation_);
}

uint32_t Host::fds_in_use() const {
  return spec_.base_fds + leaked_fds_ + (open_fds_ ? open_fds_() : 0);
}

void Host::deploy(std::string version) {
  if (version == version_) return;
  previous_version_ = version_;
  version_ = std::move(version);
  // By handle: a watcher may unwatch itself or another while being told.
  std::vector<uint32_t> handles;
  for (const auto& w : deploy_watchers_) handles.push_back(w.first);
  for (uint32_t handle : handles) {
    auto it = std::find_if(deploy_watchers_.begin(), deploy_watchers_.end(),
                           [&](const auto& w) { return w.first == handle; });
    if (it != deploy_watchers_.end()) DeployWatcher(it->second)(version_);
  }
}

uint32_t Host::watch_deploys(DeployWatcher f) {
  deploy_watchers_.emplace_back(next_watch_handle_, std::move(f));
  return next_watch_handle_++;
}

void Host::unwatch_deploys(uint32_t handle) {
  std::erase_if(deploy_watchers_, [&](const auto& w) { return w.first == handle; });
}

std::optional<std::string> Host::set_config(const std::string& key, const std::string& value) {
  if (applier_) {
    if (auto error = applier_(key, value)) return error;
  } else if (!config_.count(key)) {
    return "unknown config key '" + key + "' on " + name_;
  }
  config_[key] = value;
  return std::nullopt;
}

}  // namespace firedrill
