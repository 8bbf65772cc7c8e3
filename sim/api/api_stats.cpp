#include "sim/api/api_stats.h"

namespace firedrill::api {

std::vector<double> ApiStats::latency_bounds() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

void ApiStats::observe(const std::string& route, const std::string& method, int status,
                       double seconds) {
  const std::string r = route.empty() ? "unmatched" : route;
  std::lock_guard lock(mutex_);
  ++requests_[{r, method, status}];
  auto it = latency_.find(r);
  if (it == latency_.end()) it = latency_.emplace(r, PromHistogram(latency_bounds())).first;
  it->second.observe(seconds);
}

std::vector<PromFamily> ApiStats::families() const {
  PromFamily requests{"firedrill_api_requests_total",
                      "HTTP requests the API answered, by route pattern, method and status code.",
                      PromType::counter,
                      {}};
  PromFamily latency{"firedrill_api_request_duration_seconds",
                     "Wall time the API took to answer a request, by route pattern.",
                     PromType::histogram,
                     {}};
  std::lock_guard lock(mutex_);
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    requests.samples.push_back(
        {"",
         {{"route", route}, {"method", method}, {"code", std::to_string(status)}},
         static_cast<double>(n)});
  }
  for (const auto& [route, h] : latency_) append_histogram(latency, {{"route", route}}, h);
  return {std::move(requests), std::move(latency)};
}

}  // namespace firedrill::api
