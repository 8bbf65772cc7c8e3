#include "sim/stack/client.h"

#include <algorithm>
#include <cmath>

#include "sim/stack/load_balancer.h"

namespace firedrill {

namespace {
constexpr SimTime kCurveStep = SimTime::seconds(60);
}

Client::Client(StackContext& ctx, const TrafficConfig& traffic, const ClientConfig& client,
               bool record_latencies)
    : ctx_(ctx),
      traffic_(traffic),
      cfg_(client),
      id_(ctx.sim.add_handler(this, "users")),
      timeouts_(ctx.sim, id_, kTimeout, "users/timeouts"),
      arrivals_rng_(ctx.sim.streams().stream("users/arrivals")),
      users_rng_(ctx.sim.streams().stream("users/choice")),
      retry_rng_(ctx.sim.streams().stream("users/retry")),
      dns_rng_(ctx.sim.streams().stream("users/dns")),
      record_latencies_(record_latencies),
      user_flags_(std::max<uint32_t>(traffic.users, 1), 0) {}

void Client::start() {
  update_rate();  // from 0 to the first rate: schedules the first arrival
  if (!traffic_.daily_curve.empty()) ctx_.sim.schedule_in(kCurveStep, id_, kRateChange);
  for (const TrafficSpike& spike : traffic_.spikes) {
    if (spike.start >= ctx_.sim.now()) ctx_.sim.schedule_at(spike.start, id_, kRateChange, 1);
    ctx_.sim.schedule_at(std::max(spike.start + spike.duration, ctx_.sim.now()), id_, kRateChange,
                         1);
  }
}

double Client::curve_factor(SimTime t) const {
  double factor = 1.0;
  const auto& curve = traffic_.daily_curve;
  if (curve.size() == 24) {
    const double hours = std::fmod((traffic_.start_of_day + t).to_seconds() / 3600.0, 24.0);
    const auto h = static_cast<size_t>(hours);
    const double frac = hours - static_cast<double>(h);
    factor = curve[h] * (1.0 - frac) + curve[(h + 1) % 24] * frac;
  }
  for (const TrafficSpike& spike : traffic_.spikes)
    if (t >= spike.start && t < spike.start + spike.duration) factor *= spike.multiplier;
  return factor;
}

void Client::update_rate() {
  const double rate = std::max(0.0, traffic_.base_rps * curve_factor(ctx_.sim.now()) * multiplier_);
  if (rate == rate_) return;
  rate_ = rate;
  // Arrivals are memoryless: dropping the pending one and drawing afresh at the new rate
  // keeps the process exactly Poisson with a piecewise-constant rate.
  ++arrival_generation_;
  schedule_next_arrival();
}

void Client::set_rate_multiplier(double m) {
  multiplier_ = m;
  update_rate();
}

void Client::schedule_next_arrival() {
  if (rate_ <= 0.0) return;
  const SimTime gap = SimTime::from_seconds(arrivals_rng_.exponential(1.0 / rate_));
  ctx_.sim.schedule_in(gap, id_, kArrival, arrival_generation_);
}

// [[gnu::flatten]] marks where a request enters this component (its events, the calls from
// the component before it): the request's whole path inside this file is inlined there.
// The ~15 calls per request that removes were 6% of webstack-v1's instructions (callgrind).
[[gnu::flatten]] void Client::on_event(const Event& e) {
  switch (e.kind) {
    case kArrival:
      if (e.arg != arrival_generation_) return;  // superseded by a rate change
      // The next arrival first: it keeps one arrival chain if the request changes the
      // rate on the way (update_rate() starts a new one), and the sequence numbers, hence
      // the order of same-microsecond events and the event digest, as they always were.
      schedule_next_arrival();
      arrival();
      return;
    case kRetry:
      send(RequestRef::unpack(e.arg).index);
      return;
    case kTimeout: {
      const RequestRef ref = RequestRef::unpack(e.arg);
      if (!ctx_.requests.valid(ref) || !ctx_.requests[ref.index].client_waiting) return;
      ++sec_timeouts_;
      ctx_.lb->client_abort(ref.index);
      finish(ref.index, Outcome::kClientTimeout);
      return;
    }
    case kRateChange:
      update_rate();
      if (e.arg == 0) ctx_.sim.schedule_in(kCurveStep, id_, kRateChange);
      return;
  }
}

void Client::arrival() {
  const RequestRef ref = ctx_.requests.allocate();
  Request& r = ctx_.requests[ref.index];
  r.first_sent = ctx_.sim.now();
  r.user = static_cast<uint32_t>(users_rng_.below(user_flags_.size()));
  uint8_t& flags = user_flags_[r.user];
  if (!(flags & 1)) {
    flags |= 1;
    ++users_seen_;
  }
  ++sec_requests_;
  ++total_requests_;
  send(ref.index);
}

void Client::send(uint32_t index) {
  Request& r = ctx_.requests[index];
  r.attempt_sent = ctx_.sim.now();
  r.client_waiting = true;
  ++sec_attempts_;
  if (dns_failure_rate_ > 0 && dns_rng_.bernoulli(dns_failure_rate_)) {
    finish(index, Outcome::kDnsError);
    return;
  }
  if (cfg_.timeout.us() > 0)
    timeouts_.add(ctx_.sim.now() + cfg_.timeout, ctx_.requests.ref(index).pack());
  ctx_.lb->receive(index);
}

[[gnu::flatten]] void Client::respond(uint32_t index, Outcome outcome) {
  if (!ctx_.requests[index].client_waiting) return;  // the user gave up already
  finish(index, outcome);
}

void Client::finish(uint32_t index, Outcome outcome) {
  Request& r = ctx_.requests[index];
  r.client_waiting = false;
  const SimTime now = ctx_.sim.now();
  if (outcome == Outcome::kOk) {
    const SimTime latency = now - r.first_sent;
    ++sec_ok_;
    ++total_ok_;
    sec_latency_.add(latency.us());
    if (record_latencies_) latencies_.push_back(static_cast<int32_t>((now - r.attempt_sent).us()));
    if (latency > cfg_.slow_threshold) {
      ++sec_slow_;
      mark_affected(r.user);
    }
  } else if (r.attempt < cfg_.max_retries) {
    schedule_retry(index);
  } else {
    ++sec_failed_;
    ++total_failed_;
    sec_latency_.add((now - r.first_sent).us());
    mark_affected(r.user);
  }
  ctx_.release_if_done(index);
}

void Client::schedule_retry(uint32_t index) {
  // Exponential backoff with full jitter, as well-behaved clients do.
  const RequestRef retry = ctx_.requests.allocate();
  Request& next = ctx_.requests[retry.index];
  const Request& prev = ctx_.requests[index];
  next.first_sent = prev.first_sent;
  next.user = prev.user;
  next.attempt = static_cast<uint16_t>(prev.attempt + 1);
  const double cap = static_cast<double>(cfg_.retry_backoff.us()) * std::ldexp(1.0, prev.attempt);
  ++sec_retries_;
  ctx_.sim.schedule_in(SimTime::micros(static_cast<int64_t>(retry_rng_.uniform() * cap)), id_,
                       kRetry, retry.pack());
}

void Client::mark_affected(uint32_t user) {
  uint8_t& flags = user_flags_[user];
  if (!(flags & 2)) {
    flags |= 2;
    ++users_affected_;
  }
}

void Client::register_metrics(MetricsRegistry& m) {
  s_.requests = m.add("users", "requests", "req/s");
  s_.attempts = m.add("users", "attempts", "req/s");
  s_.ok = m.add("users", "ok", "req/s");
  s_.failed = m.add("users", "failed", "req/s");
  s_.slow = m.add("users", "slow", "req/s");
  s_.retries = m.add("users", "retries", "req/s");
  s_.timeouts = m.add("users", "timeouts", "req/s");
  s_.error_ratio = m.add("users", "error_ratio", "ratio");
  s_.p50 = m.add("users", "p50_ms", "ms");
  s_.p95 = m.add("users", "p95_ms", "ms");
  s_.p99 = m.add("users", "p99_ms", "ms");
  s_.users_seen = m.add("users", "users_seen", "users");
  s_.users_affected = m.add("users", "users_affected", "users");
  s_.rate = m.add("users", "offered_rate", "req/s");
}

void Client::sample(MetricsRegistry& m) {
  m.set(s_.requests, static_cast<double>(sec_requests_));
  m.set(s_.attempts, static_cast<double>(sec_attempts_));
  m.set(s_.ok, static_cast<double>(sec_ok_));
  m.set(s_.failed, static_cast<double>(sec_failed_));
  m.set(s_.slow, static_cast<double>(sec_slow_));
  m.set(s_.retries, static_cast<double>(sec_retries_));
  m.set(s_.timeouts, static_cast<double>(sec_timeouts_));
  const uint64_t answered = sec_ok_ + sec_failed_;
  m.set(s_.error_ratio,
        answered ? static_cast<double>(sec_failed_) / static_cast<double>(answered) : 0.0);
  m.set(s_.p50, sec_latency_.percentile_us(50) / 1000.0);
  m.set(s_.p95, sec_latency_.percentile_us(95) / 1000.0);
  m.set(s_.p99, sec_latency_.percentile_us(99) / 1000.0);
  m.set(s_.users_seen, users_seen_);
  m.set(s_.users_affected, users_affected_);
  m.set(s_.rate, rate_);
  sec_requests_ = sec_attempts_ = sec_ok_ = sec_failed_ = sec_slow_ = sec_retries_ = sec_timeouts_ =
      0;
  sec_latency_.clear();
}

}  // namespace firedrill
