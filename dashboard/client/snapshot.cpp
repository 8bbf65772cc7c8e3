#include "dashboard/client/snapshot.h"

#include <fmt/format.h>

#include <utility>

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

namespace {

// Worst first: down beats degraded beats ok; the first reason of the worst level is kept.
void worsen(HostInfo& h, Health to, std::string reason) {
  if (static_cast<int>(to) <= static_cast<int>(h.health) && h.health != Health::unknown) return;
  h.health = to;
  h.health_reason = std::move(reason);
}

}  // namespace

void judge_host_health(HostInfo& h, const HealthSignals& signals,
                       const std::vector<AlertInfo>& alerts) {
  if (!signals.process_running) worsen(h, Health::down, fmt::format("{} {}", h.service, h.process));
  if (!h.lb_healthy) worsen(h, Health::down, "LB check fails");
  if (h.role == "db" && signals.db_up < 0.5) worsen(h, Health::down, "down");
  if (h.role == "lb") {
    if (signals.lb_healthy_backends < 0.5) worsen(h, Health::down, "no healthy backend");
    const double err = signals.lb_error_ratio;
    if (err > 0.05) worsen(h, Health::degraded, fmt::format("{:.0f}% errors", 100 * err));
  }
  if (!h.in_rotation) worsen(h, Health::degraded, "drained");
  const double fd_ratio = h.fd_limit ? static_cast<double>(h.fds) / h.fd_limit : 0.0;
  const std::pair<const char*, double> resources[] = {
      {"cpu", h.cpu}, {"memory", h.memory}, {"disk", h.disk}, {"fds", fd_ratio}};
  for (const auto& [name, ratio] : resources)
    if (ratio >= 0.9) worsen(h, Health::degraded, fmt::format("{} {:.0f}%", name, 100 * ratio));
  for (const AlertInfo& a : alerts)
    if (a.component == h.name && a.phase == AlertPhase::firing) worsen(h, Health::degraded, a.rule);
}

}  // namespace firedrill::dash
