// ApiStats: what the server has answered — requests by route, method and status code, and
// the time each took, as a latency histogram in seconds per route — for the server's own
// families in the Prometheus exposition. Route labels are the fixed route patterns (or
// "unmatched"), so the label set stays small whatever clients send. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "sim/api/prometheus_text.h"

namespace firedrill::api {

class ApiStats {
 public:
  // Seconds from 0.5 ms to 10 s.
  static std::vector<double> latency_bounds();

  void observe(const std::string& route, const std::string& method, int status, double seconds);
  // firedrill_api_requests_total and firedrill_api_request_duration_seconds.
  std::vector<PromFamily> families() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, PromHistogram> latency_;
};

}  // namespace firedrill::api
