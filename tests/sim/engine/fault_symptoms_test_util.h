// Helpers for the end-to-end fault-symptom suites (fault_symptoms_*_test.cpp): a Drill with
// the real stack, host logs, the standard alert rules and an in-memory journal; faults made
// through the catalog as a scenario makes them; and what an on-call engineer reads — metric
// sums, means and peaks over windows of simulated seconds, log lines by file and text (with
// the time they were written), alerts that fired in the journal.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/drill.h"
#include "sim/faults/fault_catalog.h"

namespace firedrill::symptoms {

// 300 req/s over two web servers of 8 workers, a 4 GB web host, New York time (the logs show
// -0500): small enough to run for simulated minutes in milliseconds, busy enough that every
// failure shows at the LB.
inline DrillSpec symptom_spec() {
  DrillSpec spec;
  spec.stack.traffic.base_rps = 300;
  spec.stack.web.count = 2;
  spec.stack.web_host.memory_mb = 4096;
  spec.time_zone = "America/New_York";
  spec.alerts = standard_alert_rules();
  return spec;
}

class SymptomDrill {
 public:
  explicit SymptomDrill(const DrillSpec& spec = symptom_spec()) {
    std::string error;
    drill_ = Drill::create(spec, &journal_, &error);
    if (!drill_) FAIL("Drill::create: " << error);
  }

  Drill& drill() { return *drill_; }
  WebStack& stack() { return drill_->stack(); }

  // make_fault + inject, as a scenario does it; fails the test with the catalog's message.
  std::unique_ptr<Fault> inject(std::string_view kind, std::vector<std::string> targets,
                                const FaultParams& params = {}) {
    auto made = make_fault(stack(), kind, std::move(targets), params);
    if (!made) FAIL("make_fault: " << made.error().formatted());
    std::unique_ptr<Fault> fault = std::move(made.value());
    if (auto failed = fault->inject(stack())) FAIL("inject: " << failed->formatted());
    return fault;
  }

  void run_to(int64_t seconds) { drill_->run_until(SimTime::seconds(seconds)); }

  // --- metrics over the simulated seconds [from, to) ----------------------------------
  double sum(std::string_view component, std::string_view metric, int64_t from = 0,
             int64_t to = INT64_MAX) {
    const MetricsRegistry& m = stack().metrics();
    const auto id = m.find(component, metric);
    if (!id) FAIL("no series " << component << "." << metric);
    double total = 0;
    for (int64_t s = std::max(from, m.first_second()); s < std::min(to, m.end_second()); ++s)
      total += m.value(*id, s);
    return total;
  }
  double mean(std::string_view component, std::string_view metric, int64_t from, int64_t to) {
    return sum(component, metric, from, to) / static_cast<double>(to - from);
  }
  double peak(std::string_view component, std::string_view metric, int64_t from,
              int64_t to = INT64_MAX) {
    const MetricsRegistry& m = stack().metrics();
    const auto id = m.find(component, metric);
    if (!id) FAIL("no series " << component << "." << metric);
    double best = -1e300;
    for (int64_t s = std::max(from, m.first_second()); s < std::min(to, m.end_second()); ++s)
      best = std::max(best, m.value(*id, s));
    return best;
  }
  double last(std::string_view component, std::string_view metric) {
    const auto id = stack().metrics().find(component, metric);
    if (!id) FAIL("no series " << component << "." << metric);
    return stack().metrics().latest(*id);
  }
  double lowest(std::string_view component, std::string_view metric, int64_t from,
                int64_t to = INT64_MAX) {
    return -peak_of_negated(component, metric, from, to);
  }

  // --- logs ---------------------------------------------------------------------------
  // Lines of one file containing `text`, written at or after `from` seconds.
  std::vector<LogEntry> lines(std::string_view host, std::string_view path, std::string_view text,
                              int64_t from = 0) {
    std::vector<LogEntry> out;
    for (LogEntry& e : drill_->logs().store().grep(host, path, text))
      if (e.time >= SimTime::seconds(from)) out.push_back(std::move(e));
    return out;
  }
  size_t count(std::string_view host, std::string_view path, std::string_view text,
               int64_t from = 0) {
    return lines(host, path, text, from).size();
  }
  // The first such line's text ("" if none), to check its format.
  std::string first(std::string_view host, std::string_view path, std::string_view text,
                    int64_t from = 0) {
    const auto found = lines(host, path, text, from);
    return found.empty() ? std::string() : found.front().text;
  }

  // --- alerts -------------------------------------------------------------------------
  // Whether the journal recorded `rule` (on `component`, when given) going to `state`.
  bool alert_went(std::string_view rule, std::string_view state, std::string_view component = {}) {
    const std::string kind = "alert." + std::string(state);
    for (const JournalRecord& r : journal_.records()) {
      if (r.kind != kind || r.fields.value("rule", "") != rule) continue;
      if (component.empty() || r.fields.value("component", "") == component) return true;
    }
    return false;
  }
  bool fired(std::string_view rule, std::string_view component = {}) {
    return alert_went(rule, "firing", component);
  }
  bool resolved(std::string_view rule, std::string_view component = {}) {
    return alert_went(rule, "resolved", component);
  }
  // Journal records of this kind (e.g. "host.process").
  size_t journal_count(std::string_view kind) {
    return static_cast<size_t>(
        std::count_if(journal_.records().begin(), journal_.records().end(),
                      [&](const JournalRecord& r) { return r.kind == kind; }));
  }

 private:
  double peak_of_negated(std::string_view component, std::string_view metric, int64_t from,
                         int64_t to) {
    const MetricsRegistry& m = stack().metrics();
    const auto id = m.find(component, metric);
    if (!id) FAIL("no series " << component << "." << metric);
    double best = -1e300;
    for (int64_t s = std::max(from, m.first_second()); s < std::min(to, m.end_second()); ++s)
      best = std::max(best, -m.value(*id, s));
    return best;
  }

  MemoryJournalSink journal_;
  std::unique_ptr<Drill> drill_;
};

}  // namespace firedrill::symptoms
