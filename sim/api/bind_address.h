// BindAddress: where the server listens, parsed from `--bind ADDR:PORT` — a dotted IPv4
// address (127.0.0.1 by default; 0.0.0.0 for every interface) or a bracketed IPv6 one
// ([::1]:8470), and a port from 0 to 65535 (0: the system picks a free one). No host names:
// "localhost" may resolve to ::1 first and a silent surprise is worse than an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace firedrill::api {

struct BindAddress {
  std::string host = "127.0.0.1";  // without brackets
  int port = 8470;

  // "127.0.0.1:8470", "[::1]:8470".
  std::string to_string() const;
  bool loopback() const;
};

struct BindAddressResult {
  std::optional<BindAddress> address;
  std::string error;  // e.g. `"127.0.0.1" has no port: use ADDR:PORT, e.g. 127.0.0.1:8470`
};

BindAddressResult parse_bind_address(std::string_view text);

}  // namespace firedrill::api
