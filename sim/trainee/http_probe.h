// HttpProbe: what one HTTP request from a host's shell would get right now — the answer of
// the web server's nginx (its listen port, health path, app routes), of the app's gunicorn on
// 127.0.0.1:8000, or of the load balancer proxying to a backend, or the failure a client sees
// (connection refused, a timeout, an expired certificate, a reset). Computed from the live
// state without sending anything through the model: the probe is invisible to the stack.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/trainee/host_view.h"

namespace firedrill {

struct HttpTarget {
  std::string host;        // a stack host name; the probing host itself for localhost
  std::string shown_host;  // as typed ("localhost", "web-2", "10.0.1.12")
  std::string ip;
  uint32_t port = 80;
  std::string path = "/";
  bool https = false;
  bool insecure = false;  // curl -k
};

struct HttpAnswer {
  enum class Kind {
    kResponse,
    kRefused,
    kConnectTimeout,
    kNoResponse,
    kReset,
    kEmptyReply,
    kCertificateExpired
  };
  Kind kind = Kind::kResponse;
  int status = 200;
  std::string server = "nginx";
  std::string content_type = "text/html";
  std::string body;
  SimTime elapsed = SimTime::millis(2);  // until the answer (or the failure)
};

// REQUIRES: target.host names a host of the stack.
HttpAnswer probe_http(const HostView& from, const HttpTarget& target);

// The reason phrase nginx sends ("OK", "Bad Gateway", "Service Temporarily Unavailable").
std::string_view http_reason(int status);

}  // namespace firedrill
