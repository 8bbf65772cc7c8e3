// Outcome: how one attempt of a request ended, as the client saw it. These are what a real
// stack gives when a limit is hit: the proxy's 502/503/504, the app's 500, a refused
// connection, or the client giving up (timeout).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace firedrill {

enum class Outcome : uint8_t {
  kOk,              // 200
  kServerError,     // 500 from the application (pool timeout, DB error)
  kBadGateway,      // 502: the LB could not get an answer from the backend (refused, reset)
  kUnavailable,     // 503: no healthy backend
  kGatewayTimeout,  // 504: the backend did not answer within the proxy timeout
  kRefused,         // the LB refused the connection (its connection limit)
  kClientTimeout,   // the client gave up waiting
  kTlsError,        // the TLS handshake failed (an expired certificate)
  kDnsError,        // the client could not resolve the site's name
  kCount
};

constexpr size_t kOutcomeCount = static_cast<size_t>(Outcome::kCount);

constexpr std::string_view outcome_name(Outcome o) {
  constexpr std::array<std::string_view, kOutcomeCount> names = {
      "ok", "500", "502", "503", "504", "refused", "timeout", "tls", "dns"};
  return names[static_cast<size_t>(o)];
}

constexpr int http_status(Outcome o) {
  constexpr std::array<int, kOutcomeCount> codes = {200, 500, 502, 503, 504, 0, 0, 0, 0};
  return codes[static_cast<size_t>(o)];
}

constexpr bool is_failure(Outcome o) {
  return o != Outcome::kOk;
}

}  // namespace firedrill
