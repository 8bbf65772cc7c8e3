#include "sim/api/bind_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>

namespace firedrill::api {

std::string BindAddress::to_string() const {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                             : fmt::format("{}:{}", host, port);
}

bool BindAddress::loopback() const {
  return host == "::1" || host.rfind("127.", 0) == 0;
}

BindAddressResult parse_bind_address(std::string_view text) {
  BindAddressResult r;
  const auto fail = [&](std::string why) {
    r.error =
        fmt::format("bad bind address \"{}\": {} (use ADDR:PORT, e.g. 127.0.0.1:8470)", text, why);
    return r;
  };
  std::string_view host, port;
  bool v6 = false;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return fail("no closing ']'");
    host = text.substr(1, close - 1);
    if (close + 1 >= text.size() || text[close + 1] != ':') return fail("no port");
    port = text.substr(close + 2);
    v6 = true;
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("no port");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return fail("put an IPv6 address in brackets");
  }
  if (host.empty()) return fail("no address");
  const std::string host_str(host);
  unsigned char buf[16];
  if (inet_pton(v6 ? AF_INET6 : AF_INET, host_str.c_str(), buf) != 1)
    return fail(v6 ? "not an IPv6 address" : "not an IPv4 address");
  int number = -1;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || number < 0 ||
      number > 65535)
    return fail("the port must be a number from 0 to 65535");
  r.address = BindAddress{host_str, number};
  return r;
}

}  // namespace firedrill::api
