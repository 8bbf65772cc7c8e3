// ApiRoutes: the whole HTTP API as one function from ApiRequest to ApiResponse, with no
// socket in sight — the server hands every request here, tests call it directly. It finds
// the route (404 for an unknown path, 405 with Allow for a known path and the wrong method),
// finds the caller's Session from the token (one drill for now; a workshop will resolve a
// token to that trainee's drill), validates the input (400 naming the field), and posts the
// work to the session's engine (503 when it does not answer). Every endpoint is documented
// in docs/api.md. Thread-safe: handle() may run on many server threads at once.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/api_request.h"
#include "sim/api/api_stats.h"
#include "sim/api/request_handler.h"
#include "sim/api/session.h"

namespace firedrill::api {

// The Session a token belongs to, or null for an unknown token.
using SessionResolver = std::function<Session*(std::string_view token)>;

// A resolver for single-drill mode: every caller gets `session`, whatever its token.
SessionResolver single_session(Session& session);

// What a route handler gets.
struct RouteContext {
  const ApiRequest& request;
  Session& session;
  const ApiStats* stats;  // may be null
  // A trainee in workshop mode: the reporter's routes show session.trainee_records() (the
  // scenario's instructor-only facts left out until the root cause is revealed).
  bool trainee_view = false;
  // The workshop's instructor acting on a trainee's drill (moves it makes are said to be theirs).
  bool instructor = false;
};

struct Route {
  std::string method;  // "GET" or "POST"
  std::string path;    // exact, e.g. "/api/v1/logs"
  ApiResponse (*handler)(RouteContext&);
};

class ApiRoutes : public RequestHandler {
 public:
  // stats may be null; it is not owned and must outlive the routes (read by /metrics).
  explicit ApiRoutes(SessionResolver resolve, const ApiStats* stats = nullptr);

  ApiResponse handle(const ApiRequest& request) const override;
  ApiResponse handle(std::string_view method, std::string_view path, const QueryParams& query = {},
                     std::string_view body = {}, std::string_view token = {}) const;

  // 404 or 405 (with Allow) when no route takes this method and path; nullopt when one does.
  // Needs no session and no body, so the server can answer it before reading a body.
  std::optional<ApiResponse> route_error(std::string_view method,
                                         std::string_view path) const override;
  // Answers the request on `session`, whatever its token (the caller has checked it): how
  // the workshop serves a trainee's drill. route_error() first, as handle() does.
  ApiResponse handle_on(const ApiRequest& request, Session& session, bool trainee_view,
                        bool instructor = false) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  SessionResolver resolve_;
  const ApiStats* stats_;
  std::vector<Route> routes_;
};

// The answer when the engine does not answer in time: 503 with Retry-After.
ApiResponse engine_unavailable();
// 501 for a part of firedrill that is not built yet.
ApiResponse not_available_yet(std::string_view what);

// Route handlers, by file: api_routes_read.cpp (GET snapshots), api_routes_report.cpp
// (timeline, debrief, postmortem), api_routes_write.cpp (POST) and api_routes_trainee.cpp
// (messages, hints, runbooks).
namespace routes {
ApiResponse get_session(RouteContext& c);
ApiResponse get_topology(RouteContext& c);
ApiResponse get_metrics(RouteContext& c);
ApiResponse get_alerts(RouteContext& c);
ApiResponse get_logs(RouteContext& c);
ApiResponse get_action_catalog(RouteContext& c);
ApiResponse get_timeline(RouteContext& c);
ApiResponse get_debrief(RouteContext& c);
ApiResponse get_postmortem(RouteContext& c);
ApiResponse get_events(RouteContext& c);
ApiResponse get_prometheus(RouteContext& c);
ApiResponse get_runbooks(RouteContext& c);

ApiResponse post_clock(RouteContext& c);
ApiResponse post_alert_ack(RouteContext& c);
ApiResponse post_console(RouteContext& c);
ApiResponse post_action(RouteContext& c);
ApiResponse post_note(RouteContext& c);
ApiResponse post_escalation(RouteContext& c);
ApiResponse post_status(RouteContext& c);
ApiResponse post_declare(RouteContext& c);
ApiResponse post_message(RouteContext& c);
ApiResponse post_hint(RouteContext& c);
ApiResponse post_runbook_open(RouteContext& c);
ApiResponse post_timeline_edit(RouteContext& c);  // api_routes_timeline_edit.cpp
ApiResponse post_rewind(RouteContext& c);         // api_routes_branch.cpp
ApiResponse get_branches(RouteContext& c);        // api_routes_branch.cpp
}  // namespace routes

}  // namespace firedrill::api
