#include "sim/api/snapshots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace firedrill::api {

namespace {

std::string elapsed_text(SimTime t) {
  const int64_t s = std::max<int64_t>(0, t.whole_seconds());
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

nlohmann::json optional_time(const std::optional<SimTime>& t) {
  return t ? nlohmann::json(t->us()) : nlohmann::json(nullptr);
}

// JSON has no NaN or infinity; a series that has one reads as null.
nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json clock_json(const ScenarioClock& clock, SimTime now, SimTime length, double speed,
                          bool paused) {
  const LocalDateTime local = clock.local(now);
  return {{"t_us", now.us()},
          {"elapsed", elapsed_text(now)},
          {"local", clock.iso8601_time(now)},
          {"clock_text", fmt::format("{:02}:{:02}:{:02} {}", local.hour, local.minute, local.second,
                                     local.abbrev)},
          {"zone", clock.zone_name()},
          {"zone_abbrev", local.abbrev},
          {"utc_offset_s", local.utc_offset_seconds},
          {"start_unix_s", clock.unix_micros(SimTime{}) / 1'000'000},
          {"length_us", length.us()},
          {"speed", speed},
          {"paused", paused},
          {"finished", now >= length}};
}

nlohmann::json topology_json(Drill& drill) {
  WebStack& stack = drill.stack();
  const MetricsRegistry& m = stack.metrics();
  std::map<std::string, nlohmann::json, std::less<>> latest;
  for (SeriesId id = 0; id < m.series_count(); ++id) {
    const SeriesInfo& info = m.info(id);
    latest[info.component][info.metric] = number_or_null(m.latest(id));
  }

  LoadBalancer& lb = stack.lb();
  nlohmann::json hosts = nlohmann::json::array();
  for (const auto& host : stack.hosts()) {
    nlohmann::json h = {
        {"name", host->name()},
        {"role", host->role()},
        {"service", host->spec().service},
        {"state", std::string(process_state_name(host->state()))},
        {"state_since_us", host->state_since().us()},
        {"pid", host->pid()},
        {"restarts", host->restarts()},
        {"version", host->app_version()},
        {"cpu", {{"cores", host->cpu_cores()}, {"hog_cores", host->cpu_hog_cores()}}},
        {"memory", {{"used_mb", host->memory_used_mb()}, {"total_mb", host->memory_total_mb()}}},
        {"disk",
         {{"used_gb", host->disk_used_gb()},
          {"total_gb", host->disk_total_gb()},
          {"full", host->disk_full()}}},
        {"fds", {{"in_use", host->fds_in_use()}, {"limit", host->fd_limit()}}},
        {"lb", nullptr},
    };
    for (size_t i = 0; i < stack.web_count(); ++i) {
      if (stack.web(i).name() != host->name()) continue;
      const LoadBalancer::Backend& b = lb.backends()[i];
      h["lb"] = {{"backend", i},
                 {"in_rotation", b.in_rotation},
                 {"healthy", b.healthy},
                 {"connections", b.connections}};
    }
    auto it = latest.find(host->name());
    h["metrics"] = it != latest.end() ? it->second : nlohmann::json::object();
    hosts.push_back(std::move(h));
  }
  return {{"t_us", drill.now().us()},
          {"hosts", std::move(hosts)},
          {"lb",
           {{"policy",
             lb.config().policy == LbPolicy::kRoundRobin ? "round_robin" : "least_connections"},
            {"backends", lb.backends().size()},
            {"healthy_backends", lb.healthy_backends()},
            {"active_connections", lb.active_connections()},
            {"health_path", lb.health_path()}}}};
}

MetricsAnswer metrics_json(const MetricsRegistry& m, const MetricsQuery& q) {
  MetricsAnswer answer;
  std::vector<SeriesId> ids;
  bool component_seen = q.component.empty();
  for (SeriesId id = 0; id < m.series_count(); ++id) {
    const SeriesInfo& info = m.info(id);
    if (!q.component.empty() && info.component != q.component) continue;
    component_seen = true;
    if (!q.metric.empty() && info.metric != q.metric) continue;
    ids.push_back(id);
  }
  if (!component_seen) {
    answer.field = "component";
    answer.error = fmt::format("no component \"{}\" has metrics", q.component);
    return answer;
  }
  if (ids.empty()) {
    answer.field = "metric";
    answer.error = q.component.empty()
                       ? fmt::format("no component has a metric \"{}\"", q.metric)
                       : fmt::format("{} has no metric \"{}\"", q.component, q.metric);
    return answer;
  }
  const int64_t first = m.first_second(), end = m.end_second();
  const int64_t limit = std::max<int64_t>(1, q.limit);
  const int64_t wanted = q.since ? *q.since : end - limit;
  const int64_t from = std::clamp(wanted, first, end);
  const int64_t to = std::min(end, from + limit);
  nlohmann::json series = nlohmann::json::array();
  for (SeriesId id : ids) {
    const SeriesInfo& info = m.info(id);
    nlohmann::json values = nlohmann::json::array();
    for (int64_t s = from; s < to; ++s) values.push_back(number_or_null(m.value(id, s)));
    series.push_back({{"component", info.component},
                      {"metric", info.metric},
                      {"unit", info.unit},
                      {"values", std::move(values)}});
  }
  answer.body = {{"from", from},
                 {"to", to},
                 {"next", to},
                 {"first_available", first},
                 {"gap", q.since.has_value() && *q.since < first},
                 {"series", std::move(series)}};
  return answer;
}

nlohmann::json alerts_json(const AlertEngine& engine) {
  nlohmann::json list = nlohmann::json::array();
  for (const AlertInstance& a : engine.alerts()) {
    nlohmann::json ack = nullptr;
    if (a.ack) ack = {{"by", a.ack->by}, {"t_us", a.ack->at.us()}};
    list.push_back({{"rule", a.rule},
                    {"component", a.component},
                    {"severity", to_string(a.severity)},
                    {"state", to_string(a.state)},
                    {"value", number_or_null(a.value)},
                    {"active_since_us", a.active_since.us()},
                    {"fired_at_us", optional_time(a.fired_at)},
                    {"resolved_at_us", optional_time(a.resolved_at)},
                    {"keep_firing_since_us", optional_time(a.keep_firing_since)},
                    {"summary", a.summary},
                    {"description", a.description},
                    {"runbook_url", a.runbook_url},
                    {"ack", std::move(ack)}});
  }
  return {{"alerts", std::move(list)}, {"rules", engine.rule_count()}};
}

nlohmann::json alert_transition_json(const AlertTransition& t) {
  return {{"t_us", t.at.us()},
          {"rule", t.rule},
          {"component", t.component},
          {"from", to_string(t.from)},
          {"to", to_string(t.to)},
          {"value", number_or_null(t.value)},
          {"severity", to_string(t.severity)},
          {"summary", t.summary},
          {"runbook_url", t.runbook_url}};
}

nlohmann::json logs_json(const LogStore& store, uint64_t cursor, const LogFilter& filter,
                         size_t limit) {
  const LogRead read = store.since(cursor, filter, limit);
  nlohmann::json lines = nlohmann::json::array();
  for (const LogEntry& e : read.lines) {
    lines.push_back({{"seq", e.seq},
                     {"t_us", e.time.us()},
                     {"host", std::string(e.host)},
                     {"path", std::string(e.path)},
                     {"text", e.text}});
  }
  return {{"lines", std::move(lines)},
          {"next_cursor", read.next_cursor},
          {"truncated", read.truncated},
          {"last_seq", store.last_seq()}};
}

nlohmann::json action_catalog_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const ActionInfo& a : action_catalog()) {
    list.push_back({{"name", a.name},
                    {"target", a.target},
                    {"params", a.params},
                    {"what", a.what},
                    {"destructive", a.destructive}});
  }
  return {{"actions", std::move(list)}};
}

nlohmann::json journal_record_json(const JournalRecord& record) {
  // Through the journal line, so clients see exactly what the file holds.
  return nlohmann::json::parse(to_journal_line(record));
}

}  // namespace firedrill::api
