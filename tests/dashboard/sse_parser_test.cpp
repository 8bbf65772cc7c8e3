// SseParser: events split anywhere between feeds come out whole; comments are dropped.
#include <catch2/catch.hpp>

#include "dashboard/client/sse_parser.h"

using namespace firedrill::dash;

TEST_CASE("sse parser: events cut at any byte come out whole, heartbeats are ignored",
          "[dashboard][http]") {
  const std::string stream =
      ": firedrill events\nretry: 2000\n\nid: 69\nevent: journal\ndata: {\"seq\":61}\n\n"
      ": ping\n\nid: 70\r\nevent: clock\r\ndata: {\"t_us\":5}\r\n\r\n";
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    SseParser p;
    auto events = p.feed(stream.substr(0, cut));
    auto rest = p.feed(stream.substr(cut));
    events.insert(events.end(), rest.begin(), rest.end());
    REQUIRE(events.size() == 2);
    CHECK(events[0].id == 69);
    CHECK(events[0].type == "journal");
    CHECK(events[0].data == "{\"seq\":61}");
    CHECK(events[1].id == 70);
    CHECK(events[1].type == "clock");
    CHECK(events[1].data == "{\"t_us\":5}");
  }
}

TEST_CASE("sse parser: data lines of one event are joined, an unnamed event is a message",
          "[dashboard][http]") {
  SseParser p;
  const auto events = p.feed("data: a\ndata: b\n\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "message");
  CHECK(events[0].data == "a\nb");
  CHECK(events[0].id == 0);
}
