#include "dashboard/client/snapshot_builder.h"

#include <algorithm>
#include <limits>

namespace firedrill::dash {

namespace {
constexpr int64_t kRowsPerChunk = 60;
}

SnapshotBuilder::SnapshotBuilder(SnapshotLimits limits)
    : limits_(limits),
      log_files_(std::make_shared<const std::vector<LogFile>>()),
      logs_(limits.log_chunk, limits.log_chunks),
      console_(64, std::max<size_t>(1, limits.console_entries / 64)),
      timeline_(256, std::max<size_t>(1, limits.timeline_records / 256)) {}

void SnapshotBuilder::set_series(std::vector<SeriesMeta> series) {
  const size_t n = std::max<size_t>(1, series.size());
  series_ = std::make_shared<const std::vector<SeriesMeta>>(std::move(series));
  const auto chunks =
      static_cast<size_t>((limits_.metric_seconds + kRowsPerChunk - 1) / kRowsPerChunk + 1);
  metric_values_ =
      std::make_unique<ChunkedRing<float>>(n * static_cast<size_t>(kRowsPerChunk), chunks);
  have_rows_ = false;
}

void SnapshotBuilder::forget_series() {
  series_.reset();
  metric_values_.reset();
  have_rows_ = false;
  metrics_base_ = metrics_end_ = 0;
}

void SnapshotBuilder::add_metric_row(int64_t second, const float* values) {
  if (!metric_values_ || series_count() == 0) return;
  if (have_rows_ && second < metrics_end_) return;  // already held
  const size_t n = series_count();
  if (!have_rows_ || second - metrics_end_ > limits_.metric_seconds) {
    // The first row, or a gap longer than the window: start a fresh ring at this second
    // (snapshots already published keep the old chunks alive).
    metric_values_ = std::make_unique<ChunkedRing<float>>(
        metric_values_->chunk_size(), metric_values_->capacity() / metric_values_->chunk_size());
    metrics_base_ = second;
    metrics_end_ = second;
    have_rows_ = true;
  }
  const float blank = std::numeric_limits<float>::quiet_NaN();
  for (; metrics_end_ < second; ++metrics_end_)
    for (size_t i = 0; i < n; ++i) metric_values_->push_back(blank);
  for (size_t i = 0; i < n; ++i) metric_values_->push_back(values[i]);
  ++metrics_end_;
}

uint32_t SnapshotBuilder::log_file_index(std::string_view host, std::string_view path) {
  const std::vector<LogFile>& files = *log_files_;
  for (size_t i = 0; i < files.size(); ++i)
    if (files[i].host == host && files[i].path == path) return static_cast<uint32_t>(i);
  auto grown = std::make_shared<std::vector<LogFile>>(files);
  grown->push_back({std::string(host), std::string(path)});
  log_files_ = std::move(grown);
  return static_cast<uint32_t>(log_files_->size() - 1);
}

void SnapshotBuilder::clear_history(SimTime branch_point) {
  if (metric_values_)
    metric_values_ = std::make_unique<ChunkedRing<float>>(
        metric_values_->chunk_size(), metric_values_->capacity() / metric_values_->chunk_size());
  have_rows_ = false;
  metrics_base_ = metrics_end_ = 0;
  logs_.clear();
  log_dropped_ = 0;
  const ChunkedView<TimelineEntry> kept = timeline_.view();
  timeline_.clear();
  for (size_t i = 0; i < kept.size(); ++i)
    if (kept[i].t < branch_point) timeline_.push_back(kept[i]);
  alerts_.clear();
  reported_.reset();
}

void SnapshotBuilder::add_reply(CommandReply reply) {
  replies_.push_back(std::move(reply));
  if (replies_.size() > limits_.replies)
    replies_.erase(replies_.begin(), replies_.begin() + static_cast<std::ptrdiff_t>(
                                                            replies_.size() - limits_.replies));
}

std::shared_ptr<const Snapshot> SnapshotBuilder::publish() {
  auto s = std::make_shared<Snapshot>();
  s->version = ++version_;
  s->session = session_;
  s->connection = connection_;
  s->connection.updates = version_;
  s->hosts = hosts_;
  s->alerts = alerts_;
  s->actions = actions_;
  s->teams = teams_;
  if (metric_values_) s->metrics = MetricWindow(series_, metric_values_->view(), metrics_base_);
  s->log_files = log_files_;
  s->logs = logs_.view();
  s->log_lines_dropped = log_dropped_;
  s->console = console_.view();
  s->timeline = timeline_.view();
  s->replies = replies_;
  s->debrief = debrief_;
  s->runbooks = runbooks_;
  s->reported_timeline = reported_;
  s->branches = branches_;
  return s;
}

}  // namespace firedrill::dash
