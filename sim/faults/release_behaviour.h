// ReleaseBehaviour / ReleaseRegistry: what a deployed app version does to the web server running
// it (errors, latency, CPU, a memory leak). A server shows a version's behaviour exactly while it
// runs that version — a deploy shows it, a rollback ends it — by watching the hosts' deploys.
// Combines with faults by knob_share.h. REQUIRES: detach() before the registry dies if the stack
// lives on.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/faults/fault_knobs.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

struct ReleaseBehaviour {
  double error_rate = 0;              // share of requests the app answers 500 (app_error)
  double cpu_factor = 1;              // CPU time multiplier
  SimTime extra_latency;              // added to every request
  double memory_leak_mb_per_min = 0;  // the service leaks this while it runs
};

class ReleaseRegistry {
 public:
  ReleaseRegistry() = default;
  ReleaseRegistry(const ReleaseRegistry&) = delete;
  ReleaseRegistry& operator=(const ReleaseRegistry&) = delete;

  // Gives `version` a behaviour (replacing any), applied at once where it runs.
  void define(const std::string& version, const ReleaseBehaviour& behaviour);
  const ReleaseBehaviour* behaviour(const std::string& version) const;
  // Follows these servers' deploys from now on, applying the behaviour of what each runs.
  void attach(const std::vector<WebServer*>& servers);
  // Stops following and takes every behaviour back.
  void detach();
  // Scales every behaviour, 0..1 (a fault's intensity): error rate, latency, leak and the
  // CPU factor's excess over 1, linearly.
  void set_scale(double scale);

 private:
  struct Server {
    WebServer* web;
    uint32_t watch;
    BoundShare error, cpu, latency, leak;
  };
  void refresh(Server& s);

  std::map<std::string, ReleaseBehaviour> behaviours_;
  std::vector<std::unique_ptr<Server>> servers_;  // stable addresses for the watchers
  double scale_ = 1;
};

}  // namespace firedrill
