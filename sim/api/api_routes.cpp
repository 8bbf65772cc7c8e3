#include "sim/api/api_routes.h"

#include <fmt/format.h>

#include "sim/api/route_match.h"

namespace firedrill::api {

SessionResolver single_session(Session& session) {
  return [&session](std::string_view) { return &session; };
}

ApiResponse engine_unavailable() {
  ApiResponse r = error_response(503, "the drill engine did not answer in time; try again");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

ApiResponse not_available_yet(std::string_view what) {
  return error_response(501, fmt::format("{} is not available yet", what));
}

ApiRoutes::ApiRoutes(SessionResolver resolve, const ApiStats* stats)
    : resolve_(std::move(resolve)), stats_(stats) {
  using namespace routes;
  const std::string v1 = "/api/v1";
  routes_ = {
      {"GET", v1 + "/session", get_session},
      {"POST", v1 + "/clock", post_clock},
      {"GET", v1 + "/topology", get_topology},
      {"GET", v1 + "/metrics", get_metrics},
      {"GET", v1 + "/alerts", get_alerts},
      {"POST", v1 + "/alerts/ack", post_alert_ack},
      {"GET", v1 + "/logs", get_logs},
      {"POST", v1 + "/console", post_console},
      {"POST", v1 + "/actions", post_action},
      {"GET", v1 + "/actions/catalog", get_action_catalog},
      {"POST", v1 + "/notes", post_note},
      {"POST", v1 + "/escalations", post_escalation},
      {"POST", v1 + "/status", post_status},
      {"POST", v1 + "/declare", post_declare},
      {"POST", v1 + "/messages", post_message},
      {"POST", v1 + "/hints", post_hint},
      {"GET", v1 + "/runbooks", get_runbooks},
      {"POST", v1 + "/runbooks/open", post_runbook_open},
      {"POST", v1 + "/timeline/edits", post_timeline_edit},
      {"GET", v1 + "/timeline", get_timeline},
      {"GET", v1 + "/debrief", get_debrief},
      {"POST", v1 + "/rewind", post_rewind},
      {"GET", v1 + "/branches", get_branches},
      {"GET", v1 + "/postmortem", get_postmortem},
      {"GET", v1 + "/events", get_events},
      {"GET", "/metrics", get_prometheus},
  };
}

ApiResponse ApiRoutes::handle(std::string_view method, std::string_view path,
                              const QueryParams& query, std::string_view body,
                              std::string_view token) const {
  return handle(ApiRequest{.method = std::string(method),
                           .path = std::string(path),
                           .query = query,
                           .body = std::string(body),
                           .token = std::string(token),
                           .last_event_id = {}});
}

ApiResponse method_not_allowed(std::string_view method, std::string_view path,
                               const std::string& allowed) {
  if (method == "HEAD") method = "GET";
  ApiResponse r =
      error_response(405, fmt::format("{} does not take {}; it takes {}", path, method, allowed));
  r.headers.emplace_back("Allow", allowed);
  r.route = std::string(path);
  return r;
}

std::optional<ApiResponse> ApiRoutes::route_error(std::string_view method,
                                                  std::string_view path) const {
  const RouteMatch<Route> m = match_route(routes_, method, path);
  if (m.route) return std::nullopt;
  if (m.allowed.empty()) {
    // The path is echoed only if it is short: it can be anything a client sent.
    const std::string shown =
        path.size() <= 100 ? std::string(path) : std::string(path.substr(0, 100)) + "...";
    return error_response(404, fmt::format("no such endpoint: {}", shown));
  }
  return method_not_allowed(method, path, m.allowed);
}

ApiResponse ApiRoutes::handle(const ApiRequest& request) const {
  if (std::optional<ApiResponse> error = route_error(request.method, request.path)) return *error;
  Session* session = resolve_(request.token);
  if (!session) {
    ApiResponse response = error_response(401, "unknown or missing token");
    response.route = request.path;  // a route matched (route_error said so)
    return response;
  }
  return handle_on(request, *session, false);
}

ApiResponse ApiRoutes::handle_on(const ApiRequest& request, Session& session, bool trainee_view,
                                 bool instructor) const {
  if (std::optional<ApiResponse> error = route_error(request.method, request.path)) return *error;
  const Route* match = match_route(routes_, request.method, request.path).route;
  ApiResponse response;
  RouteContext context{request, session, stats_, trainee_view, instructor};
  try {
    response = match->handler(context);
  } catch (const std::exception& e) {
    // A bug, not a client error: say so rather than drop the connection.
    response = error_response(500, fmt::format("internal error: {}", e.what()));
  }
  response.route = match->path;
  return response;
}

}  // namespace firedrill::api
