#include "sim/observe/metric_series.h"

#include <cassert>

namespace firedrill {

SeriesId MetricsRegistry::add(std::string component, std::string metric, std::string unit) {
  assert(rows_ == 0 && "series must be added before the first second is committed");
  assert(!find(component, metric) && "duplicate series");
  info_.push_back({std::move(component), std::move(metric), std::move(unit)});
  staged_.push_back(0.0);
  return static_cast<SeriesId>(info_.size() - 1);
}

std::optional<SeriesId> MetricsRegistry::find(std::string_view component,
                                              std::string_view metric) const {
  for (size_t i = 0; i < info_.size(); ++i)
    if (info_[i].component == component && info_[i].metric == metric)
      return static_cast<SeriesId>(i);
  return std::nullopt;
}

void MetricsRegistry::commit_second(int64_t second) {
  const size_t width = info_.size();
  if (ring_.empty()) ring_.resize(static_cast<size_t>(capacity_) * width);
  if (rows_ == 0) end_second_ = second;
  assert(second == end_second_ && "seconds are committed in order");
  size_t row;
  if (rows_ < capacity_) {
    row = (head_row_ + rows_) % capacity_;
    ++rows_;
  } else {
    row = head_row_;
    head_row_ = (head_row_ + 1) % capacity_;
  }
  for (size_t i = 0; i < width; ++i) {
    ring_[row * width + i] = static_cast<float>(staged_[i]);
    staged_[i] = 0.0;
  }
  end_second_ = second + 1;
}

double MetricsRegistry::value(SeriesId id, int64_t second) const {
  assert(second >= first_second() && second < end_second_);
  const size_t offset = static_cast<size_t>(second - first_second());
  const size_t row = (head_row_ + offset) % capacity_;
  return ring_[row * info_.size() + id];
}

double MetricsRegistry::latest(SeriesId id) const {
  return rows_ == 0 ? 0.0 : value(id, end_second_ - 1);
}

}  // namespace firedrill
