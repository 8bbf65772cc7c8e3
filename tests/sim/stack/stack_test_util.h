// Helpers for stack tests: a small drill-like stack and sums over its metric series.
#pragma once

#include <string>

#include "sim/stack/web_stack.h"

namespace firedrill::testing {

// A small healthy stack whose numbers are easy to reason about in tests.
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

inline double total(const WebStack& stack, const std::string& component,
                    const std::string& metric) {
  const MetricsRegistry& m = stack.metrics();
  const auto id = m.find(component, metric);
  if (!id) throw std::runtime_error("no series " + component + "." + metric);
  double sum = 0;
  for (int64_t s = m.first_second(); s < m.end_second(); ++s) sum += m.value(*id, s);
  return sum;
}

inline double last(const WebStack& stack, const std::string& component, const std::string& metric) {
  return stack.metrics().latest(*stack.metrics().find(component, metric));
}

}  // namespace firedrill::testing
