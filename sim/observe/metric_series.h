// MetricSeries and MetricsRegistry: per-second time series for every component, held in
// bounded ring buffers (the oldest seconds are dropped once `capacity` is reached), so a
// long drill uses fixed memory. Each series is named "<component>.<metric>" with a unit.
// All series advance together: one row of values per simulated second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill {

using SeriesId = uint32_t;

struct SeriesInfo {
  std::string component;  // "lb", "web-1", "db", "users"...
  std::string metric;     // "requests", "p99_ms"...
  std::string unit;       // "req/s", "ms", "ratio", "count"...
};

class MetricsRegistry {
 public:
  explicit MetricsRegistry(uint32_t capacity_seconds) : capacity_(capacity_seconds) {}

  // REQUIRES: called before the first commit_second(); names are unique per component.
  SeriesId add(std::string component, std::string metric, std::string unit);
  std::optional<SeriesId> find(std::string_view component, std::string_view metric) const;
  const SeriesInfo& info(SeriesId id) const { return info_[id]; }
  size_t series_count() const { return info_.size(); }

  // Stage the value of a series for the second being built; unset series read as 0.
  void set(SeriesId id, double value) { staged_[id] = value; }
  // Appends the staged row as second `second` and clears the stage.
  void commit_second(int64_t second);

  // Seconds held: [first_second(), end_second()).
  int64_t first_second() const { return end_second_ - static_cast<int64_t>(rows_); }
  int64_t end_second() const { return end_second_; }
  // REQUIRES: first_second() <= second < end_second()
  double value(SeriesId id, int64_t second) const;
  // The latest committed value, or 0 if none.
  double latest(SeriesId id) const;

 private:
  uint32_t capacity_;
  std::vector<SeriesInfo> info_;
  std::vector<double> staged_;
  // Row-major ring: row r holds every series' value for one second.
  std::vector<float> ring_;
  size_t head_row_ = 0;  // ring row of first_second()
  size_t rows_ = 0;
  int64_t end_second_ = 0;
};

}  // namespace firedrill
