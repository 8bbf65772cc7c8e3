#include "dashboard/client/snapshot.h"

namespace firedrill::dash {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::page:
      return "page";
    case Severity::ticket:
      return "ticket";
    case Severity::info:
      return "info";
  }
  return "?";
}

std::string_view alert_phase_name(AlertPhase p) {
  switch (p) {
    case AlertPhase::pending:
      return "pending";
    case AlertPhase::firing:
      return "firing";
    case AlertPhase::resolved:
      return "resolved";
  }
  return "?";
}

std::string_view health_name(Health h) {
  switch (h) {
    case Health::ok:
      return "ok";
    case Health::degraded:
      return "degraded";
    case Health::down:
      return "down";
    case Health::unknown:
      return "unknown";
  }
  return "?";
}

std::string_view connection_name(ConnectionState c) {
  switch (c) {
    case ConnectionState::connecting:
      return "connecting";
    case ConnectionState::live:
      return "live";
    case ConnectionState::slow:
      return "slow";
    case ConnectionState::lost:
      return "lost";
    case ConnectionState::closed:
      return "closed";
  }
  return "?";
}

MetricWindow::MetricWindow(std::shared_ptr<const std::vector<SeriesMeta>> series,
                           ChunkedView<float> values, int64_t base_second)
    : series_(std::move(series)), values_(std::move(values)), base_second_(base_second) {}

std::optional<size_t> MetricWindow::find(std::string_view component,
                                         std::string_view metric) const {
  for (size_t i = 0; i < series_count(); ++i)
    if ((*series_)[i].component == component && (*series_)[i].metric == metric) return i;
  return std::nullopt;
}

std::vector<size_t> MetricWindow::of_component(std::string_view component) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < series_count(); ++i)
    if ((*series_)[i].component == component) out.push_back(i);
  return out;
}

int64_t MetricWindow::first_second() const {
  const size_t n = series_count();
  return base_second_ + (n ? static_cast<int64_t>(values_.first_index() / n) : 0);
}

int64_t MetricWindow::end_second() const {
  const size_t n = series_count();
  return base_second_ + (n ? static_cast<int64_t>(values_.end_index() / n) : 0);
}

const HostInfo* Snapshot::host(std::string_view name) const {
  for (const HostInfo& h : hosts)
    if (h.name == name) return &h;
  return nullptr;
}

const CommandReply* Snapshot::reply(RequestId id) const {
  for (auto it = replies.rbegin(); it != replies.rend(); ++it)
    if (it->id == id) return &*it;
  return nullptr;
}

const LogFile& Snapshot::log_file(uint32_t index) const {
  static const LogFile unknown{"?", "?"};
  return log_files && index < log_files->size() ? (*log_files)[index] : unknown;
}

}  // namespace firedrill::dash
