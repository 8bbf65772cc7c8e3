// RequestHandler: what HttpServer serves — one function from ApiRequest to ApiResponse, plus
// the 404/405 verdict it can give before a body is read. ApiRoutes (one drill) and
// WorkshopRoutes (a drill per trainee, an instructor) implement it. Thread-safe: both
// functions may run on many server threads at once.
#pragma once

#include <optional>
#include <string_view>

#include "sim/api/api_request.h"

namespace firedrill::api {

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual ApiResponse handle(const ApiRequest& request) const = 0;
  // 404 or 405 (with Allow) when nothing takes this method and path; nullopt when something
  // does. Needs no token and no body.
  virtual std::optional<ApiResponse> route_error(std::string_view method,
                                                 std::string_view path) const = 0;
};

}  // namespace firedrill::api
