// WebStack: the whole simulated stack — users, load balancer, web servers, database (and
// replica), cache — built from a StackConfig inside a Simulation, plus the per-second
// metrics of every component. It is the model a drill runs and the bench measures; faults,
// scripts and the trainee act on it through the components' accessors.
#pragma once

#include <memory>
#include <vector>

#include "sim/core/simulation.h"
#include "sim/observe/metric_series.h"
#include "sim/stack/cache.h"
#include "sim/stack/client.h"
#include "sim/stack/database.h"
#include "sim/stack/host.h"
#include "sim/stack/load_balancer.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"
#include "sim/stack/web_server.h"

namespace firedrill {

class WebStack : public EventHandler {
 public:
  // The simulation must outlive the stack.
  WebStack(Simulation& sim, const StackConfig& cfg);
  WebStack(const WebStack&) = delete;
  WebStack& operator=(const WebStack&) = delete;

  // Schedules the first arrivals, health checks and metrics ticks. Call once.
  void start();
  void on_event(const Event& e) override;

  Simulation& sim() { return ctx_.sim; }
  const StackConfig& config() const { return cfg_; }
  Client& client() { return *client_; }
  LoadBalancer& lb() { return *lb_; }
  size_t web_count() const { return webs_.size(); }
  WebServer& web(size_t i) { return *webs_[i]; }
  Database& db() { return *db_; }
  Database* replica() { return replica_.get(); }
  Cache* cache() { return cache_.get(); }
  // Every machine, in a stable order (web servers, databases, cache, LB).
  const std::vector<std::unique_ptr<Host>>& hosts() const { return hosts_; }
  Host* host(std::string_view name);  // null if there is none of that name
  NetworkLinks& links() { return ctx_.links; }
  // Watchers of what happens inside (logs, journal); null for none. Not owned.
  void set_observer(StackObserver* observer);
  const MetricsRegistry& metrics() const { return metrics_; }
  uint32_t requests_in_flight() const { return ctx_.requests.live(); }

 private:
  StackConfig cfg_;
  StackContext ctx_;
  uint32_t id_;
  std::vector<std::unique_ptr<Host>> hosts_;  // before the components that point into it
  std::vector<std::unique_ptr<WebServer>> webs_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Database> replica_;
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<LoadBalancer> lb_;
  std::unique_ptr<Client> client_;
  MetricsRegistry metrics_;
  int64_t next_second_ = 0;
};

}  // namespace firedrill
