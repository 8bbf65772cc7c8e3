#include "sim/faults/release_behaviour.h"

namespace firedrill {

void ReleaseRegistry::define(const std::string& version, const ReleaseBehaviour& behaviour) {
  behaviours_[version] = behaviour;
  for (auto& s : servers_) refresh(*s);
}

const ReleaseBehaviour* ReleaseRegistry::behaviour(const std::string& version) const {
  const auto it = behaviours_.find(version);
  return it == behaviours_.end() ? nullptr : &it->second;
}

void ReleaseRegistry::attach(const std::vector<WebServer*>& servers) {
  for (WebServer* web : servers) {
    auto s = std::make_unique<Server>(
        Server{web, 0, BoundShare(web_error_rate_knob(*web), Combine::kAnyOf),
               BoundShare(web_cpu_factor_knob(*web), Combine::kMultiply),
               BoundShare(web_latency_us_knob(*web), Combine::kAdd),
               BoundShare(host_memory_leak_knob(web->host()), Combine::kAdd)});
    Server* raw = s.get();
    s->watch = web->host().watch_deploys([this, raw](const std::string&) { refresh(*raw); });
    servers_.push_back(std::move(s));
    refresh(*raw);
  }
}

void ReleaseRegistry::detach() {
  for (auto& s : servers_) {
    s->web->host().unwatch_deploys(s->watch);
    s->error.remove();
    s->cpu.remove();
    s->latency.remove();
    s->leak.remove();
  }
  servers_.clear();
}

void ReleaseRegistry::set_scale(double scale) {
  scale_ = scale;
  for (auto& s : servers_) refresh(*s);
}

void ReleaseRegistry::refresh(Server& s) {
  const ReleaseBehaviour* b = behaviour(s.web->host().app_version());
  const ReleaseBehaviour none;
  if (!b) b = &none;
  s.error.set(b->error_rate * scale_);
  s.cpu.set(1.0 + (b->cpu_factor - 1.0) * scale_);
  s.latency.set(std::round(static_cast<double>(b->extra_latency.us()) * scale_));
  s.leak.set(b->memory_leak_mb_per_min * scale_);
}

}  // namespace firedrill
