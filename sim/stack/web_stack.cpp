#include "sim/stack/web_stack.h"

#include <string>

namespace firedrill {

WebStack::WebStack(Simulation& sim, const StackConfig& cfg)
    : cfg_(cfg),
      ctx_(sim),
      id_(sim.add_handler(this, "metrics")),
      metrics_(cfg.metrics.history_seconds) {
  auto add_host = [&](const std::string& name, const char* role, const HostSpec& spec) -> Host& {
    hosts_.push_back(std::make_unique<Host>(sim, name, role, spec));
    return *hosts_.back();
  };
  HostSpec web_spec = cfg_.web_host;
  web_spec.cpu_cores = cfg_.web.cpu_cores;
  for (uint32_t i = 0; i < cfg_.web.count; ++i) {
    Host& host = add_host("web-" + std::to_string(i + 1), "web", web_spec);
    webs_.push_back(std::make_unique<WebServer>(ctx_, cfg_.web, i, host));
    ctx_.webs.push_back(webs_.back().get());
  }
  db_ = std::make_unique<Database>(ctx_, cfg_.db, add_host("db", "db", cfg_.db_host));
  ctx_.db = db_.get();
  if (cfg_.db.replica) {
    replica_ =
        std::make_unique<Database>(ctx_, cfg_.db, add_host("db-replica", "db", cfg_.db_host));
    ctx_.replica = replica_.get();
  }
  if (cfg_.cache.enabled) {
    add_host("cache", "cache", cfg_.cache_host);
    cache_ = std::make_unique<Cache>(ctx_, cfg_.cache);
    ctx_.cache = cache_.get();
  }
  lb_ = std::make_unique<LoadBalancer>(ctx_, cfg_.lb, add_host("lb", "lb", cfg_.lb_host));
  ctx_.lb = lb_.get();
  client_ = std::make_unique<Client>(ctx_, cfg_.traffic, cfg_.client, cfg_.record_latencies);
  ctx_.client = client_.get();

  client_->register_metrics(metrics_);
  lb_->register_metrics(metrics_);
  for (auto& w : webs_) w->register_metrics(metrics_);
  db_->register_metrics(metrics_);
  if (replica_) replica_->register_metrics(metrics_);
  if (cache_) cache_->register_metrics(metrics_);
}

Host* WebStack::host(std::string_view name) {
  for (auto& h : hosts_)
    if (h->name() == name) return h.get();
  return nullptr;
}

void WebStack::set_observer(StackObserver* observer) {
  ctx_.observer = observer;
  for (auto& h : hosts_) h->set_observer(observer);
}

void WebStack::start() {
  next_second_ = ctx_.sim.now().whole_seconds();
  ctx_.sim.schedule_at(SimTime::seconds(next_second_ + 1), id_, 0);
  lb_->start();
  client_->start();
}

void WebStack::on_event(const Event&) {
  client_->sample(metrics_);
  lb_->sample(metrics_);
  for (auto& w : webs_) w->sample(metrics_);
  db_->sample(metrics_);
  if (replica_) replica_->sample(metrics_);
  if (cache_) cache_->sample(metrics_);
  metrics_.commit_second(next_second_);
  ++next_second_;
  ctx_.sim.schedule_at(SimTime::seconds(next_second_ + 1), id_, 0);
}

}  // namespace firedrill
