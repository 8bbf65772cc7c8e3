// `--bind ADDR:PORT`: addresses are literal IPs, ports 0-65535, and mistakes say what to write.
#include <catch2/catch.hpp>

#include "sim/api/bind_address.h"

using namespace firedrill::api;

TEST_CASE("bind address: IPv4 and bracketed IPv6 addresses with a port parse", "[api]") {
  auto a = parse_bind_address("127.0.0.1:8470");
  REQUIRE(a.address);
  CHECK(a.address->host == "127.0.0.1");
  CHECK(a.address->port == 8470);
  CHECK(a.address->loopback());
  CHECK(a.address->to_string() == "127.0.0.1:8470");

  auto any = parse_bind_address("0.0.0.0:0");
  REQUIRE(any.address);
  CHECK(any.address->port == 0);
  CHECK_FALSE(any.address->loopback());

  auto v6 = parse_bind_address("[::1]:9000");
  REQUIRE(v6.address);
  CHECK(v6.address->host == "::1");
  CHECK(v6.address->to_string() == "[::1]:9000");
  CHECK(v6.address->loopback());
}

TEST_CASE("bind address: a bad address is refused with a message that shows the form", "[api]") {
  for (const char* bad : {"", "8470", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                          "127.0.0.1:80x", "localhost:8470", "300.0.0.1:80", "::1:8470",
                          "[::1]8470", "[::1:8470", ":8470", "[zz]:80"}) {
    INFO(bad);
    auto r = parse_bind_address(bad);
    CHECK_FALSE(r.address);
    CHECK(r.error.find("ADDR:PORT") != std::string::npos);
  }
}
