// Reading request bodies and query strings: every problem is a 400 that names the field.
#include <catch2/catch.hpp>

#include "api_test_util.h"
#include "sim/api/api_request.h"

using namespace firedrill::api;
using firedrill::api::test::check_error;

TEST_CASE("body reader: reads typed fields and accepts an empty body as {}", "[api]") {
  BodyReader b(R"({"text": "db is slow", "hypothesis": true, "speed": 2.5})");
  CHECK(b.string("text", true) == "db is slow");
  CHECK(b.boolean("hypothesis") == true);
  CHECK(b.number("speed", 0, 10) == 2.5);
  CHECK_FALSE(b.finish());

  BodyReader empty("  \n");
  CHECK(empty.string("text", false).empty());
  CHECK_FALSE(empty.finish());
}

TEST_CASE("body reader: malformed JSON and non-objects are errors about the body", "[api]") {
  for (const char* body : {"{", "nope", "[1,2]", "\"text\"", "{\"a\":1}}"}) {
    INFO(body);
    BodyReader b(body);
    auto error = b.finish();
    REQUIRE(error);
    check_error(*error, 400, "body");
  }
}

TEST_CASE("body reader: a missing, empty, mistyped or too long field is named", "[api]") {
  {
    BodyReader b("{}");
    b.string("text", true);
    check_error(*b.finish(), 400, "text");
  }
  {
    BodyReader b(R"({"text": ""})");
    b.string("text", true);
    check_error(*b.finish(), 400, "text");
  }
  {
    BodyReader b(R"({"text": 42})");
    b.string("text", true);
    check_error(*b.finish(), 400, "text");
  }
  {
    BodyReader b(R"({"text": "abcdef"})");
    b.string("text", true, 3);
    check_error(*b.finish(), 400, "text");
  }
  {
    BodyReader b(R"({"speed": 1e9})");
    b.number("speed", 0, 1000);
    check_error(*b.finish(), 400, "speed");
  }
  {
    BodyReader b(R"({"hypothesis": "yes"})");
    b.boolean("hypothesis");
    check_error(*b.finish(), 400, "hypothesis");
  }
}

TEST_CASE("body reader: the first problem wins and unknown fields are rejected", "[api]") {
  BodyReader b(R"({"team": 1, "message": 2})");
  b.string("team", true);
  b.string("message", true);
  check_error(*b.finish(), 400, "team");

  BodyReader typo(R"({"text": "x", "hypotesis": true})");
  typo.string("text", true);
  typo.boolean("hypothesis");
  check_error(*typo.finish(), 400, "hypotesis");
}

TEST_CASE("body reader: a parameter map takes strings, numbers and booleans", "[api]") {
  BodyReader b(R"({"params": {"key": "workers", "value": 32, "force": true}})");
  const auto params = b.string_map("params");
  CHECK_FALSE(b.finish());
  CHECK(params.at("key") == "workers");
  CHECK(params.at("value") == "32");
  CHECK(params.at("force") == "true");

  BodyReader nested(R"({"params": {"key": {"deep": 1}}})");
  nested.string_map("params");
  check_error(*nested.finish(), 400, "params.key");
}

TEST_CASE("query reader: integers are checked, repeated and unknown names rejected", "[api]") {
  QueryParams q{{"since", "12"}, {"limit", "0"}};
  QueryReader r(q);
  CHECK(r.unsigned_integer("since", 100) == 12u);
  r.integer("limit", 1, 10);
  check_error(*r.finish(), 400, "limit");

  QueryParams twice{{"since", "1"}, {"since", "2"}};
  QueryReader r2(twice);
  r2.unsigned_integer("since", 100);
  check_error(*r2.finish(), 400, "since");

  QueryParams junk{{"since", "12abc"}};
  QueryReader r3(junk);
  r3.unsigned_integer("since", 100);
  check_error(*r3.finish(), 400, "since");

  QueryParams unknown{{"sinse", "1"}, {"token", "t"}};
  QueryReader r4(unknown);
  r4.unsigned_integer("since", 100);
  check_error(*r4.finish(), 400, "sinse");
}
