// The GET routes: snapshots of the drill (session and clock, topology, metric series,
// alerts, logs, the action catalog), the event stream, and the Prometheus exposition (the
// reporter's routes are in api_routes_report.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "sim/api/api_routes.h"
#include "sim/api/prometheus_exposition.h"
#include "sim/api/snapshots.h"

namespace firedrill::api::routes {

namespace {
constexpr int64_t kMaxSecond = int64_t{1} << 40;  // far beyond any drill; keeps sums exact
}  // namespace

ApiResponse get_session(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  Session& s = c.session;
  const std::optional<SimTime> now = s.call([](Drill& d) { return d.now(); });
  if (!now) return engine_unavailable();
  const PacingState pacing = s.pacing();
  const SessionInfo& info = s.info();
  nlohmann::json clock = clock_json(s.clock(), *now, info.length, pacing.speed, pacing.paused);
  clock["branch"] = s.branch();  // as the SSE clock event carries it
  return json_response(
      200, {{"api_version", 1},
            {"instance", info.instance},
            {"scenario",
             {{"id", info.scenario_id},
              {"title", info.title},
              {"seed", info.seed},
              {"time_zone", info.time_zone},
              {"start_local", info.start_local}}},
            {"briefing", info.briefing ? nlohmann::json(*info.briefing) : nlohmann::json()},
            {"teams", info.teams},
            {"clock", clock},
            {"branch", s.branch()},
            {"features",
             {{"console", s.has_console()},
              {"timeline", true},
              {"postmortem", true},
              {"rewind", true}}}});
}

ApiResponse get_topology(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  auto body = c.session.call([](Drill& d) { return topology_json(d); });
  if (!body) return engine_unavailable();
  return json_response(200, *body);
}

ApiResponse get_metrics(RouteContext& c) {
  QueryReader q(c.request.query);
  MetricsQuery query;
  query.since = q.integer("since", 0, kMaxSecond);
  query.component = q.string("component", 64);
  query.metric = q.string("metric", 64);
  query.limit = q.integer("limit", 1, 3600).value_or(300);
  if (auto error = q.finish()) return *error;
  auto answer =
      c.session.call([query](Drill& d) { return metrics_json(d.stack().metrics(), query); });
  if (!answer) return engine_unavailable();
  if (!answer->error.empty()) return error_response(404, answer->error, answer->field);
  return json_response(200, answer->body);
}

ApiResponse get_alerts(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  auto body = c.session.call([](Drill& d) { return alerts_json(d.alerts()); });
  if (!body) return engine_unavailable();
  return json_response(200, *body);
}

ApiResponse get_logs(RouteContext& c) {
  QueryReader q(c.request.query);
  const uint64_t since = q.unsigned_integer("since", UINT64_MAX).value_or(0);
  std::string host = q.string("host", 64);
  std::string path = q.string("path", 256);
  std::string contains = q.string("contains", 256);
  const bool ignore_case = q.boolean("ignore_case").value_or(false);
  const size_t limit = static_cast<size_t>(q.integer("limit", 1, 2000).value_or(200));
  if (auto error = q.finish()) return *error;
  // The filter's views point into the strings the lambda owns.
  auto body = c.session.call([since, host, path, contains, ignore_case, limit](Drill& d) {
    const LogFilter filter{host, path, contains, ignore_case};
    return logs_json(d.logs().store(), since, filter, limit);
  });
  if (!body) return engine_unavailable();
  return json_response(200, *body);
}

ApiResponse get_action_catalog(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  return json_response(200, action_catalog_json());  // static: no need to ask the engine
}

ApiResponse get_events(RouteContext& c) {
  QueryReader q(c.request.query);
  std::optional<uint64_t> cursor = q.unsigned_integer("since", UINT64_MAX);
  if (auto error = q.finish()) return *error;
  const std::string& last = c.request.last_event_id;
  if (!cursor && !last.empty()) {
    uint64_t id = 0;
    const auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), id);
    if (ec != std::errc() || end != last.data() + last.size())
      return error_response(400, "Last-Event-ID must be an event id", "Last-Event-ID");
    cursor = id;
  }
  EventHub& hub = c.session.events();
  // An id from before a restart may be ahead of this hub: start from now instead.
  const uint64_t from = std::min(cursor.value_or(hub.last_id()), hub.last_id());
  std::unique_ptr<EventHub::Subscription> slot = hub.subscribe();
  if (!slot) {
    ApiResponse r = error_response(
        503, fmt::format("too many event streams (at most {}); poll instead or retry later",
                         hub.max_subscribers()));
    r.headers.emplace_back("Retry-After", "5");
    return r;
  }
  ApiResponse r;
  r.status = 200;
  r.content_type = "text/event-stream";
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.stream = std::make_shared<EventStream>(hub, std::move(slot), from, c.session.config().stream);
  return r;
}

ApiResponse get_prometheus(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  const PacingState pacing = c.session.pacing();
  auto families = c.session.call(
      [pacing](Drill& d) { return drill_prometheus_families(d, pacing.speed, pacing.paused); });
  if (!families) return engine_unavailable();
  families->push_back({"firedrill_api_event_streams",
                       "Event streams open now.",
                       PromType::gauge,
                       {{"", {}, static_cast<double>(c.session.events().subscribers())}}});
  if (c.stats) {
    for (PromFamily& f : c.stats->families()) families->push_back(std::move(f));
  }
  ApiResponse r;
  r.content_type = std::string(kPrometheusContentType);
  r.body = render_prometheus(*families);
  return r;
}

}  // namespace firedrill::api::routes
