#include "reporter/incident/metric_samples.h"

#include <algorithm>
#include <cmath>

#include "reporter/incident/journal_kinds.h"
#include "reporter/incident/json_fields.h"

namespace firedrill {

std::vector<MetricSample> read_metric_samples(std::span<const JournalRecord> records) {
  std::vector<MetricSample> out;
  for (const JournalRecord& r : records) {
    if (r.kind != kinds::metrics_sample) continue;
    const nlohmann::json& f = r.fields;
    MetricSample s;
    s.t = r.t;
    s.from_s = fields::integer(f, "from_s");
    s.to_s = fields::integer(f, "to_s");
    if (s.to_s <= s.from_s) continue;
    s.requests = fields::number(f, "requests");
    s.ok = fields::number(f, "ok");
    s.failed = fields::number(f, "failed");
    s.slow = fields::number(f, "slow");
    s.p50_ms = fields::number(f, "p50_ms");
    s.p95_ms = fields::number(f, "p95_ms");
    s.p99_ms = fields::number(f, "p99_ms");
    s.users_affected = fields::number(f, "users_affected");
    s.users_seen = fields::number(f, "users_seen");
    s.healthy_backends = fields::number(f, "healthy_backends");
    out.push_back(s);
  }
  return out;
}

std::vector<MinuteStats> minute_stats(std::span<const MetricSample> samples,
                                      const ScenarioClock& clock, const Slo& slo) {
  std::vector<MinuteStats> minutes;
  if (samples.empty()) return minutes;
  // Minutes follow the scenario's wall clock: a drill starting at 14:00:30 has its first
  // minute end at 14:01:00, drill second 30.
  const int64_t offset = clock.local(SimTime{}).second;
  auto minute_of = [&](const MetricSample& s) {
    const double middle = 0.5 * static_cast<double>(s.from_s + s.to_s);
    return static_cast<int64_t>(std::floor((middle + static_cast<double>(offset)) / 60.0));
  };
  int64_t first = minute_of(samples.front()), last = first;
  for (const MetricSample& s : samples) {
    first = std::min(first, minute_of(s));
    last = std::max(last, minute_of(s));
  }
  minutes.resize(static_cast<std::size_t>(last - first + 1));
  for (int64_t m = first; m <= last; ++m) {
    MinuteStats& stats = minutes[static_cast<std::size_t>(m - first)];
    stats.start = SimTime::seconds(std::max<int64_t>(0, m * 60 - offset));
    stats.end = SimTime::seconds((m + 1) * 60 - offset);
  }
  for (const MetricSample& s : samples) {
    MinuteStats& stats = minutes[static_cast<std::size_t>(minute_of(s) - first)];
    stats.requests += s.requests;
    stats.ok += s.ok;
    stats.failed += s.failed;
    stats.slow += s.slow;
    stats.p99_ms = std::max(stats.p99_ms, s.p99_ms);
  }
  for (MinuteStats& stats : minutes) {
    stats.breached = stats.error_ratio() > slo.error_ratio || stats.p99_ms > slo.latency_ms;
  }
  // The last minute ends where the data does, not at the next full minute.
  minutes.back().end = std::min(minutes.back().end, samples.back().end());
  return minutes;
}

std::optional<OutageWindow> find_outage(std::span<const MinuteStats> minutes) {
  const auto first =
      std::find_if(minutes.begin(), minutes.end(), [](const MinuteStats& m) { return m.breached; });
  if (first == minutes.end()) return std::nullopt;
  const auto last = std::find_if(minutes.rbegin(), minutes.rend(),
                                 [](const MinuteStats& m) { return m.breached; });
  OutageWindow w;
  w.start = first->start;
  w.end = last->end;
  w.ongoing = last == minutes.rbegin();
  for (auto it = first; it != last.base(); ++it) {
    if (!it->breached) continue;
    ++w.breached_minutes;
    w.peak_error_ratio = std::max(w.peak_error_ratio, it->error_ratio());
    w.peak_p99_ms = std::max(w.peak_p99_ms, it->p99_ms);
  }
  return w;
}

}  // namespace firedrill
