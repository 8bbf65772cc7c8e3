// nginx log formats: the access log (combined + request time + upstream address) and the
// error log, with the exact wording nginx 1.22 (Debian 12) uses for each failure the stack
// models. Pure functions of their arguments: the caller (HostLogs) owns pids, connection
// counters and random streams, so the same inputs always give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/random.h"
#include "sim/core/sim_time.h"
#include "sim/observe/scenario_clock.h"
#include "sim/stack/outcome.h"
#include "sim/stack/stack_observer.h"

namespace firedrill {

// One HTTP request as the logs show it, drawn from a small table of a shop's traffic.
struct HttpRequestLine {
  std::string_view method;  // "GET"
  std::string path;         // "/products/1042"
  bool from_site = false;   // referer: the shop's home page, else "-"
  std::string_view user_agent;
  uint32_t body_bytes = 0;  // a successful response's size
};
// Method, path and size from the stream; the browser from the user id (a user keeps one).
// dynamic_only: no static asset (an app's 500 comes from a page or API call).
HttpRequestLine draw_http_request(RandomStream& rng, uint32_t user, bool dynamic_only = false);

// The client address of a user: a pure function of the id, spread over the documentation
// ranges 203.0.113.0/24, 198.51.100.0/24 and 192.0.2.0/24 (hosts .1-.254).
std::string client_ip(uint32_t user);

// The status nginx logs for an outcome: 499 for a client that gave up, 0 for a connection
// the LB refused (no access-log line at all).
int access_status(Outcome o);
// Body size of nginx's own error page for a status (server_tokens on, nginx/1.22.1);
// 0 when nginx does not write one.
uint32_t nginx_error_page_bytes(int status);

struct AccessFields {
  std::string_view client;  // client_ip(user)
  const HttpRequestLine* request = nullptr;
  int status = 200;
  uint32_t bytes = 0;
  SimTime request_time;       // finished - started
  std::string_view upstream;  // "10.0.1.12:80", or empty for "-"
  std::string_view site;      // "shop.example.com", for the referer
};
// log_format main '$remote_addr - $remote_user [$time_local] "$request" $status '
//                 '$body_bytes_sent "$http_referer" "$http_user_agent" $request_time '
//                 '$upstream_addr';
// 203.0.113.7 - - [16/Feb/2024:14:03:07 -0500] "GET / HTTP/1.1" 200 12840 "-" "Mozilla/5.0 ..."
// 0.043 10.0.1.11:80
// The time is the moment the line is written (the request's end), as nginx does.
std::string nginx_access_line(const ScenarioClock& clock, SimTime at, const AccessFields& f);

enum class NginxLevel : uint8_t { kWarn, kError, kCrit, kAlert, kNotice };
std::string_view nginx_level_name(NginxLevel level);

// "2024/02/16 14:03:07 [crit] 1234#1234: *56789 MESSAGE" (no "*N " when connection is 0).
std::string nginx_error_line(const ScenarioClock& clock, SimTime at, NginxLevel level, uint32_t pid,
                             uint64_t connection, std::string_view message);

// The context nginx appends to a proxied request's error:
// ", client: 203.0.113.7, server: shop.example.com, request: "GET / HTTP/1.1",
//  upstream: "http://10.0.1.12:80/", host: "shop.example.com"" (upstream omitted when empty).
std::string nginx_request_context(std::string_view client, std::string_view server,
                                  const HttpRequestLine& request, std::string_view upstream_url);

// What the load balancer's nginx writes for a failed proxied request, before the context:
// e.g. "connect() failed (111: Connection refused) while connecting to upstream". Empty when
// nginx logs nothing at the default level (an upstream's own 500, a client that gave up).
struct NginxProxyError {
  NginxLevel level = NginxLevel::kError;
  std::string_view message;    // empty: no error-log line
  bool names_upstream = true;  // false: upstream is the group ("http://backend/...")
};
NginxProxyError nginx_proxy_error(FailureReason reason, Outcome outcome);

}  // namespace firedrill
