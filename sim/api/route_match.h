// match_route: what a table of exact (method, path) routes says of a request, shared by the
// drill API's and the workshop's tables (their Route types differ in what a handler takes).
// HEAD is matched as GET. method_not_allowed: the 405 answer, naming the methods in `Allow`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/api/api_request.h"

namespace firedrill::api {

template <class Route>
struct RouteMatch {
  const Route* route = nullptr;  // the route taking (method, path); null when none does
  std::string allowed;           // every method the path takes, "GET, POST"; "" for no route
};

template <class Route>
RouteMatch<Route> match_route(const std::vector<Route>& routes, std::string_view method,
                              std::string_view path) {
  if (method == "HEAD") method = "GET";
  RouteMatch<Route> m;
  for (const Route& route : routes) {
    if (route.path != path) continue;
    if (route.method == method) m.route = &route;
    m.allowed += m.allowed.empty() ? route.method : ", " + route.method;
  }
  return m;
}

ApiResponse method_not_allowed(std::string_view method, std::string_view path,
                               const std::string& allowed);

}  // namespace firedrill::api
