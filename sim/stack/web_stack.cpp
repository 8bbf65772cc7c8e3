#include "sim/stack/web_stack.h"

#include <string>

namespace firedrill {

WebStack::WebStack(Simulation& sim, const StackConfig& cfg)
    : cfg_(cfg),
      ctx_(sim),
      id_(sim.add_handler(this, "metrics")),
      metrics_(cfg.metrics.history_seconds) {
  for (uint32_t i = 0; i < cfg_.web.count; ++i) {
    webs_.push_back(std::make_unique<WebServer>(ctx_, cfg_.web, i, "web-" + std::to_string(i + 1)));
    ctx_.webs.push_back(webs_.back().get());
  }
  db_ = std::make_unique<Database>(ctx_, cfg_.db, "db");
  ctx_.db = db_.get();
  if (cfg_.db.replica) {
    replica_ = std::make_unique<Database>(ctx_, cfg_.db, "db-replica");
    ctx_.replica = replica_.get();
  }
  if (cfg_.cache.enabled) {
    cache_ = std::make_unique<Cache>(ctx_, cfg_.cache);
    ctx_.cache = cache_.get();
  }
  lb_ = std::make_unique<LoadBalancer>(ctx_, cfg_.lb);
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
