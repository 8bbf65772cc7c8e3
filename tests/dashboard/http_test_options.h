// Options and checks shared by the HTTP and workshop client tests: short polls, backoffs and
// timeouts, so that a test sees a change within a few hundred milliseconds.
#pragma once

#include <chrono>
#include <string>

#include "dashboard/client/http_client.h"
#include "dashboard/client/workshop_client.h"

namespace firedrill::dash::testing {

inline HttpClientOptions fast_http_options(const std::string& url, const std::string& token = "") {
  using namespace std::chrono_literals;
  HttpClientOptions o;
  o.url = url;
  o.token = token;
  o.poll_every = 50ms;
  o.backoff_min = 50ms;
  o.backoff_max = 200ms;
  o.timeout = 2000ms;
  return o;
}

inline WorkshopClientOptions fast_workshop_options(const std::string& url,
                                                   const std::string& token) {
  using namespace std::chrono_literals;
  WorkshopClientOptions o;
  o.url = url;
  o.token = token;
  o.poll_every = 50ms;
  o.backoff_min = 50ms;
  o.backoff_max = 200ms;
  o.timeout = 3000ms;
  return o;
}

inline bool is_live(const Snapshot& s) {
  return s.connection.state == ConnectionState::live;
}

}  // namespace firedrill::dash::testing
