#include "sim/engine/drill_journal.h"

#include <algorithm>

namespace firedrill {

DrillJournal::DrillJournal(Simulation& sim, WebStack& stack, JournalSink* sink,
                           SimTime sample_every)
    : sim_(sim),
      stack_(stack),
      sink_(sink),
      sample_every_(sample_every),
      id_(sim.add_handler(this, "journal")) {}

void DrillJournal::write(std::string source, std::string kind, nlohmann::json fields) {
  write_at(sim_.now(), std::move(source), std::move(kind), std::move(fields));
}

void DrillJournal::write_at(SimTime at, std::string source, std::string kind,
                            nlohmann::json fields) {
  if (!sink_ && listeners_.empty()) return;
  JournalRecord r{at, next_seq_++, std::move(source), std::move(kind), std::move(fields)};
  if (sink_) {
    const JournalStatus status = sink_->append(r);
    if (!status.ok() && !error_) error_ = status.message();
  }
  // By index: a listener may add listeners.
  for (size_t i = 0; i < listeners_.size(); ++i) listeners_[i](r);
}

void DrillJournal::start() {
  if (sample_every_.us() > 0) sim_.schedule_in(sample_every_, id_, 0);
}

void DrillJournal::on_event(const Event&) {
  write_sample();
  sim_.schedule_in(sample_every_, id_, 0);
}

void DrillJournal::write_sample() {
  const MetricsRegistry& m = stack_.metrics();
  const int64_t from = std::max(sampled_until_, m.first_second());
  const int64_t to = m.end_second();
  if (to <= from) return;
  auto series = [&](const char* component, const char* metric) {
    return *m.find(component, metric);
  };
  const SeriesId requests = series("users", "requests"), ok = series("users", "ok"),
                 failed = series("users", "failed"), slow = series("users", "slow"),
                 p50 = series("users", "p50_ms"), p95 = series("users", "p95_ms"),
                 p99 = series("users", "p99_ms"), affected = series("users", "users_affected"),
                 seen = series("users", "users_seen"), lb5xx = series("lb", "status_5xx"),
                 lb_requests = series("lb", "requests"), healthy = series("lb", "healthy_backends");
  double n = 0, good = 0, bad = 0, slow_n = 0, s5xx = 0, lb_n = 0, p50_sum = 0, p95_max = 0,
         p99_max = 0, healthy_min = 1e9;
  for (int64_t s = from; s < to; ++s) {
    n += m.value(requests, s);
    good += m.value(ok, s);
    bad += m.value(failed, s);
    slow_n += m.value(slow, s);
    s5xx += m.value(lb5xx, s);
    lb_n += m.value(lb_requests, s);
    p50_sum += m.value(p50, s);
    p95_max = std::max(p95_max, m.value(p95, s));
    p99_max = std::max(p99_max, m.value(p99, s));
    healthy_min = std::min(healthy_min, m.value(healthy, s));
  }
  const double seconds = static_cast<double>(to - from);
  nlohmann::json f = {
      {"from_s", from},
      {"to_s", to},
      {"requests", n},
      {"ok", good},
      {"failed", bad},
      {"slow", slow_n},
      {"error_ratio", good + bad > 0 ? bad / (good + bad) : 0.0},
      {"lb_requests", lb_n},
      {"lb_5xx", s5xx},
      {"p50_ms", p50_sum / seconds},
      {"p95_ms", p95_max},
      {"p99_ms", p99_max},
      {"users_affected", m.value(affected, to - 1)},
      {"users_seen", m.value(seen, to - 1)},
      {"healthy_backends", healthy_min},
  };
  sampled_until_ = to;
  write("engine", "metrics.sample", std::move(f));
}

void DrillJournal::on_alert(const AlertTransition& t) {
  write_at(t.at, "alert", std::string("alert.") + to_string(t.to),
           {{"rule", t.rule},
            {"component", t.component},
            {"from", to_string(t.from)},
            {"value", t.value},
            {"severity", to_string(t.severity)},
            {"summary", t.summary},
            {"runbook", t.runbook_url}});
}

void DrillJournal::on_process(std::string_view host, std::string_view service, ProcessChange change,
                              SimTime at) {
  write_at(at, "stack", "host.process",
           {{"host", host}, {"service", service}, {"change", process_change_name(change)}});
}

void DrillJournal::on_backend_health(std::string_view backend, bool healthy, SimTime at) {
  write_at(at, "stack", "lb.backend_health", {{"backend", backend}, {"healthy", healthy}});
}

void DrillJournal::on_resource(std::string_view host, std::string_view resource, double percent,
                               SimTime at) {
  write_at(at, "stack", "host.resource",
           {{"host", host}, {"resource", resource}, {"percent", percent}});
}

}  // namespace firedrill
