// Helpers for fault tests: a small healthy stack, a recording StackObserver, the fixture that
// builds and starts both (StackFixture), sums of metric series over a window of simulated
// seconds, and make-and-inject in one call.
#pragma once

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/faults/fault_catalog.h"
#include "sim/stack/web_stack.h"

namespace firedrill::testing {

inline StackConfig small_stack() {
  StackConfig c;
  c.traffic.base_rps = 200;
  c.traffic.users = 1000;
  c.web.count = 2;
  c.web.workers = 8;
  c.web.cpu_cores = 4;
  c.web.cpu_ms = 5;
  c.web.queries = 1;
  c.db.query_ms = 2;
  return c;
}

struct Recorder : StackObserver {
  std::vector<std::pair<std::string, ProcessChange>> process;
  std::map<std::pair<std::string, FailureReason>, int> failures_at;
  std::map<FailureReason, int> failures;
  std::vector<std::pair<std::string, bool>> health;
  std::map<Outcome, int> outcomes;
  std::map<std::pair<Outcome, FailureReason>, int> answers;  // what the LB answered, and why
  int slow_queries = 0;
  int64_t requests = 0;  // attempts the LB answered or refused
  SimTime slowest;       // the longest of them
  void on_request(const RequestRecord& r) override {
    ++requests;
    ++outcomes[r.outcome];
    ++answers[{r.outcome, r.reason}];
    if (r.finished - r.started > slowest) slowest = r.finished - r.started;
  }
  void on_process(std::string_view host, std::string_view, ProcessChange c, SimTime) override {
    process.emplace_back(std::string(host), c);
  }
  void on_failure(std::string_view host, FailureReason r, SimTime) override {
    ++failures[r];
    ++failures_at[{std::string(host), r}];
  }
  void on_backend_health(std::string_view b, bool healthy, SimTime) override {
    health.emplace_back(std::string(b), healthy);
  }
  void on_slow_query(std::string_view, SimTime, bool, SimTime) override { ++slow_queries; }
  int answered(Outcome o, FailureReason r) const {
    const auto it = answers.find({o, r});
    return it == answers.end() ? 0 : it->second;
  }
  int failures_on(const std::string& host, FailureReason r) const {
    const auto it = failures_at.find({host, r});
    return it == failures_at.end() ? 0 : it->second;
  }
};

// Sum of a series over the seconds [from, to) (those still held).
inline double sum(const WebStack& stack, const std::string& component, const std::string& metric,
                  int64_t from = 0, int64_t to = INT64_MAX) {
  const MetricsRegistry& m = stack.metrics();
  const auto id = m.find(component, metric);
  if (!id) throw std::runtime_error("no series " + component + "." + metric);
  double total = 0;
  for (int64_t s = std::max(from, m.first_second()); s < std::min(to, m.end_second()); ++s)
    total += m.value(*id, s);
  return total;
}

// Mean of a series over the seconds [from, to).
inline double mean(const WebStack& stack, const std::string& component, const std::string& metric,
                   int64_t from, int64_t to) {
  return sum(stack, component, metric, from, to) / static_cast<double>(to - from);
}

inline double last(const WebStack& stack, const std::string& component, const std::string& metric) {
  return stack.metrics().latest(*stack.metrics().find(component, metric));
}

// Makes a fault and injects it; fails the test with the catalog's message otherwise.
inline std::unique_ptr<Fault> inject(WebStack& stack, std::string_view kind,
                                     std::vector<std::string> targets, const FaultParams& params) {
  auto made = make_fault(stack, kind, std::move(targets), params);
  if (!made) FAIL("make_fault: " << made.error().formatted());
  std::unique_ptr<Fault> fault = std::move(made.value());
  if (auto error = fault->inject(stack)) FAIL("inject: " << error->formatted());
  return fault;
}

inline void run_to(Simulation& sim, int64_t seconds) {
  sim.run_until(SimTime::seconds(seconds));
}

// What nearly every fault test starts from: a fresh Simulation (seed 1 unless told), a
// healthy stack of `config` with a Recorder watching it, started at time 0. Use it as a Catch2
// fixture (TEST_CASE_METHOD(testing::StackFixture, ...): the body sees sim, rec and stack),
// or for another config as `testing::StackFixture fx(c); auto& [sim, rec, stack] = fx;`.
// Only these three data members, in this order: the structured binding depends on it, and
// the recorder must outlive the stack that points at it.
struct StackFixture {
  explicit StackFixture(const StackConfig& config = small_stack(), uint64_t seed = 1)
      : sim(seed), stack(sim, config) {
    stack.set_observer(&rec);
    stack.start();
  }
  StackFixture(const StackFixture&) = delete;
  StackFixture& operator=(const StackFixture&) = delete;

  Simulation sim;
  Recorder rec;
  WebStack stack;
};

}  // namespace firedrill::testing
