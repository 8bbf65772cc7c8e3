#include "sim/api/workshop_routes.h"

#include <fmt/format.h>

#include "sim/api/route_match.h"

namespace firedrill::api {

namespace {

constexpr std::string_view kTraineesPrefix = "/api/v1/trainees/";

// "/api/v1/trainees/NAME/REST" -> {NAME, "/api/v1/REST"}; nullopt for any other path.
std::optional<std::pair<std::string, std::string>> split_trainee_path(std::string_view path) {
  if (path.substr(0, kTraineesPrefix.size()) != kTraineesPrefix) return std::nullopt;
  const std::string_view rest = path.substr(kTraineesPrefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  return std::pair<std::string, std::string>{std::string(rest.substr(0, slash)),
                                             "/api/v1" + std::string(rest.substr(slash))};
}

std::string shown_path(std::string_view path) {
  return path.size() <= 100 ? std::string(path) : std::string(path.substr(0, 100)) + "...";
}

ApiResponse unauthorized() {
  return error_response(401, "unknown or missing token (Authorization: Bearer TOKEN)");
}

}  // namespace

WorkshopRoutes::WorkshopRoutes(Workshop& workshop, const ApiStats* stats)
    : workshop_(workshop),
      // The drill routes never resolve a token themselves: handle_on() is given the session.
      drill_routes_([](std::string_view) -> Session* { return nullptr; }, stats) {
  using namespace workshop_routes;
  const std::string w = "/api/v1/workshop";
  routes_ = {
      {"POST", w + "/join", Who::anyone, post_join},
      {"GET", w, Who::member, get_overview},
      {"GET", w + "/root-cause", Who::member, get_root_cause},
      {"GET", w + "/progress", Who::instructor, get_progress},
      {"POST", w + "/inject", Who::instructor, post_inject},
      {"POST", w + "/clock", Who::instructor, post_clock},
      {"POST", w + "/reveal", Who::instructor, post_reveal},
      {"POST", w + "/review-round", Who::instructor, post_review_round},
      {"GET", w + "/reviews", Who::instructor, get_reviews},
      {"GET", w + "/export", Who::instructor, get_export},
      {"GET", w + "/draft", Who::trainee, get_draft},
      {"POST", w + "/draft", Who::trainee, post_draft},
      {"GET", w + "/review", Who::trainee, get_review},
      {"POST", w + "/review", Who::trainee, post_review},
      {"GET", w + "/feedback", Who::trainee, get_feedback},
  };
}

std::optional<ApiResponse> WorkshopRoutes::route_error(std::string_view method_in,
                                                       std::string_view path) const {
  if (auto split = split_trainee_path(path)) {
    std::optional<ApiResponse> error = drill_routes_.route_error(method_in, split->second);
    if (error && error->status == 404)
      return error_response(404, fmt::format("no such endpoint: {}", shown_path(path)));
    return error;
  }
  const RouteMatch<Route> m = match_route(routes_, method_in, path);
  if (m.route) return std::nullopt;
  if (m.allowed.empty()) return drill_routes_.route_error(method_in, path);
  return method_not_allowed(method_in, path, m.allowed);
}

ApiResponse WorkshopRoutes::handle(std::string_view method, std::string_view path,
                                   const QueryParams& query, std::string_view body,
                                   std::string_view token) const {
  return handle(ApiRequest{.method = std::string(method),
                           .path = std::string(path),
                           .query = query,
                           .body = std::string(body),
                           .token = std::string(token),
                           .last_event_id = {}});
}

ApiResponse WorkshopRoutes::handle(const ApiRequest& request) const {
  if (std::optional<ApiResponse> error = route_error(request.method, request.path)) return *error;
  const Workshop::Caller caller = workshop_.identify(request.token);
  if (split_trainee_path(request.path)) return handle_trainee_path(request, caller);

  const Route* match = match_route(routes_, request.method, request.path).route;
  ApiResponse response;
  if (!match) {
    // The drill API, on the caller's own drill.
    if (caller.role == Workshop::Role::none) {
      response = unauthorized();
    } else if (caller.role == Workshop::Role::instructor) {
      response =
          error_response(400,
                         "the instructor has no drill of their own: use /api/v1/trainees/NAME" +
                             request.path.substr(std::string_view("/api/v1").size()),
                         "path");
    } else {
      return drill_routes_.handle_on(request, *caller.trainee->session, true);
    }
    response.route = request.path;
    return response;
  }
  using Role = Workshop::Role;
  if (match->who != Who::anyone && caller.role == Role::none) {
    response = unauthorized();
  } else if (match->who == Who::instructor && caller.role != Role::instructor) {
    response = error_response(403, "only the instructor may do this");
  } else if (match->who == Who::trainee && caller.role != Role::trainee) {
    response = error_response(403, "only a trainee may do this (it is about their own draft)");
  } else {
    WorkshopContext context{request, workshop_, caller};
    try {
      response = match->handler(context);
    } catch (const std::exception& e) {
      response = error_response(500, fmt::format("internal error: {}", e.what()));
    }
  }
  response.route = match->path;
  return response;
}

ApiResponse WorkshopRoutes::handle_trainee_path(const ApiRequest& request,
                                                Workshop::Caller caller) const {
  const auto [name, inner_path] = *split_trainee_path(request.path);
  ApiRequest inner = request;
  inner.path = inner_path;
  ApiResponse response;
  Workshop::Trainee* target = workshop_.find(name);
  if (caller.role == Workshop::Role::none) {
    response = unauthorized();
  } else if (caller.role == Workshop::Role::trainee && caller.trainee != target) {
    // Whether NAME exists is none of this trainee's business: the same answer either way.
    response = error_response(403, "a trainee may only reach their own drill");
  } else if (!target) {
    response = error_response(404, fmt::format("no trainee \"{}\"", shown_path(name)), "path");
  } else {
    response =
        drill_routes_.handle_on(inner, *target->session, caller.role == Workshop::Role::trainee,
                                caller.role == Workshop::Role::instructor);
  }
  response.route =
      "/api/v1/trainees/{name}" + inner_path.substr(std::string_view("/api/v1").size());
  return response;
}

}  // namespace firedrill::api
