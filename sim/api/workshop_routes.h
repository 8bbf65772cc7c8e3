// WorkshopRoutes: the HTTP API of `firedrill serve --workshop` (docs/api.md, "Workshops"),
// without sockets like ApiRoutes. Three kinds of path:
//   /api/v1/workshop/...         the workshop's own routes (join needs no token; the others
//                                are the instructor's, a trainee's, or either's);
//   /api/v1/trainees/NAME/...    any drill route on NAME's drill: the instructor (full view)
//                                or NAME (the trainee's view);
//   /api/v1/... (the drill API)  the caller's own drill, in the trainee's view.
// Who may do what: no or an unknown token is 401; a trainee's token on an instructor route or
// on another trainee's drill is 403; 404/405 come first (they need no token). The trainee's
// view hides the scenario's ground truth until it is revealed (workshop_redact.h).
// Thread-safe: handle() may run on many server threads at once.
#pragma once

#include <string>
#include <vector>

#include "sim/api/api_routes.h"
#include "sim/api/request_handler.h"
#include "sim/api/workshop.h"

namespace firedrill::api {

struct WorkshopContext {
  const ApiRequest& request;
  Workshop& workshop;
  Workshop::Caller caller;
};

class WorkshopRoutes : public RequestHandler {
 public:
  // workshop and stats (may be null) are not owned and must outlive the routes.
  explicit WorkshopRoutes(Workshop& workshop, const ApiStats* stats = nullptr);

  ApiResponse handle(const ApiRequest& request) const override;
  ApiResponse handle(std::string_view method, std::string_view path, const QueryParams& query = {},
                     std::string_view body = {}, std::string_view token = {}) const;
  std::optional<ApiResponse> route_error(std::string_view method,
                                         std::string_view path) const override;

  enum class Who { anyone, member, instructor, trainee };  // member: instructor or trainee
  struct Route {
    std::string method, path;
    Who who;
    ApiResponse (*handler)(WorkshopContext&);
  };
  // The workshop's own routes (the drill routes are ApiRoutes').
  const std::vector<Route>& routes() const { return routes_; }

 private:
  ApiResponse handle_trainee_path(const ApiRequest& request, Workshop::Caller caller) const;

  Workshop& workshop_;
  ApiRoutes drill_routes_;
  std::vector<Route> routes_;
};

// Handlers, by file: workshop_routes_instructor.cpp and workshop_routes_trainee.cpp.
namespace workshop_routes {
ApiResponse post_join(WorkshopContext& c);
ApiResponse get_overview(WorkshopContext& c);
ApiResponse get_root_cause(WorkshopContext& c);

ApiResponse get_progress(WorkshopContext& c);
ApiResponse post_inject(WorkshopContext& c);
ApiResponse post_clock(WorkshopContext& c);
ApiResponse post_reveal(WorkshopContext& c);
ApiResponse post_review_round(WorkshopContext& c);
ApiResponse get_reviews(WorkshopContext& c);
ApiResponse get_export(WorkshopContext& c);

ApiResponse get_draft(WorkshopContext& c);
ApiResponse post_draft(WorkshopContext& c);
ApiResponse get_review(WorkshopContext& c);
ApiResponse post_review(WorkshopContext& c);
ApiResponse get_feedback(WorkshopContext& c);
}  // namespace workshop_routes

}  // namespace firedrill::api
