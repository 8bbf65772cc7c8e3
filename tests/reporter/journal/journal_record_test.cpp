#include "reporter/journal/journal_record.h"

#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"

namespace firedrill {
namespace {

JournalRecord make(int64_t t_us, uint64_t seq, std::string source, std::string kind,
                   nlohmann::json fields) {
  JournalRecord r;
  r.t = SimTime::micros(t_us);
  r.seq = seq;
  r.source = std::move(source);
  r.kind = std::move(kind);
  r.fields = std::move(fields);
  return r;
}

// A drill's worth of varied records, built the same way on every call.
std::string serialise_sample_run() {
  MemoryJournalSink sink;
  nlohmann::json header;
  header["version"] = "0.1.0";  // inserted out of alphabetical order on purpose
  header["seed"] = 42;
  header["scenario"] = "nginx-fd-limit";
  REQUIRE(sink.append(make(0, 1, "engine", "run.header", header)).ok());
  REQUIRE(sink.append(make(1'000'000, 2, "metrics", "metric.sample",
                           {{"series", "web-1/cpu"}, {"value", 0.1}, {"p99_ms", 1.0 / 3.0}}))
              .ok());
  REQUIRE(sink.append(make(61'500'000, 3, "alert", "alert.firing",
                           {{"name", "HighErrorRate"}, {"labels", {{"b", 2}, {"a", 1}}}}))
              .ok());
  REQUIRE(sink.append(make(90'000'123, 4, "trainee", "trainee.command",
                           {{"host", "web-1"}, {"command", "ulimit -n"}, {"ok", true}}))
              .ok());
  return sink.text();
}

TEST_CASE("journal record: serialises as one compact line with keys t, seq, source, kind, fields",
          "[journal]") {
  const JournalRecord r = make(1'500'000, 7, "alert", "alert.firing",
                               {{"severity", "page"}, {"name", "HighErrorRate"}});
  CHECK(to_journal_line(r) ==
        "{\"t\":1500000,\"seq\":7,\"source\":\"alert\",\"kind\":\"alert.firing\","
        "\"fields\":{\"name\":\"HighErrorRate\",\"severity\":\"page\"}}\n");
}

TEST_CASE("journal record: two identical record sequences serialise byte-identically",
          "[journal]") {
  const std::string first = serialise_sample_run();
  const std::string second = serialise_sample_run();
  CHECK(first == second);
  CHECK(first.find("{\"scenario\":\"nginx-fd-limit\",\"seed\":42,\"version\":\"0.1.0\"}") !=
        std::string::npos);
}

TEST_CASE("journal record: doubles print as the shortest text that reads back to the same value",
          "[journal]") {
  const JournalRecord r =
      make(0, 1, "metrics", "metric.sample", {{"a", 0.1}, {"b", 2.0}, {"c", 1.0 / 3.0}});
  const std::string line = to_journal_line(r);
  CHECK(line.find("\"a\":0.1,\"b\":2.0,\"c\":0.3333333333333333}") != std::string::npos);

  JournalRecord back;
  REQUIRE(parse_journal_line(std::string_view(line).substr(0, line.size() - 1), &back).ok());
  CHECK(back.fields["c"].get<double>() == 1.0 / 3.0);
  CHECK(back.fields["b"].is_number_float());  // 2.0 stays a double, not the integer 2
}

TEST_CASE("journal record: a record read back from its line equals the original", "[journal]") {
  const JournalRecord r = make(-5, 18'446'744'073'709'551'615ULL, "trainee", "note.added",
                               {{"text", "checking \"nginx\" fds \u2014 ulimit?"}, {"n", -3}});
  const std::string line = to_journal_line(r);
  JournalRecord back;
  REQUIRE(parse_journal_line(std::string_view(line).substr(0, line.size() - 1), &back).ok());
  CHECK(back == r);
  CHECK(to_journal_line(back) == line);
}

TEST_CASE("journal record: invalid UTF-8 in a string is replaced, not thrown", "[journal]") {
  const JournalRecord r = make(0, 1, "web-1", "log.line", {{"line", std::string("bad \xff byte")}});
  std::string line;
  REQUIRE_NOTHROW(line = to_journal_line(r));
  CHECK(line.find("bad \xef\xbf\xbd byte") != std::string::npos);
}

TEST_CASE("journal record: a null fields value is written as an empty object", "[journal]") {
  JournalRecord r = make(0, 1, "engine", "run.end", nullptr);
  CHECK(to_journal_line(r) ==
        "{\"t\":0,\"seq\":1,\"source\":\"engine\",\"kind\":\"run.end\",\"fields\":{}}\n");
}

TEST_CASE("journal record: parsing names what is wrong with a line", "[journal]") {
  JournalRecord r;
  auto error = [&](std::string_view line) {
    JournalStatus s = parse_journal_line(line, &r);
    REQUIRE_FALSE(s.ok());
    return s.message();
  };
  CHECK(error(R"({"t":0,"seq":1,"source":"a","fields":{}})") == "missing field \"kind\"");
  CHECK(error(R"({"t":0.5,"seq":1,"source":"a","kind":"k","fields":{}})") ==
        "field \"t\" must be an integer (microseconds), got a fractional number");
  CHECK(error(R"({"t":0,"seq":"1","source":"a","kind":"k","fields":{}})") ==
        "field \"seq\" must be a non-negative integer, got a string");
  CHECK(error(R"({"t":0,"seq":-1,"source":"a","kind":"k","fields":{}})") ==
        "field \"seq\" must be a non-negative integer, got a negative integer");
  CHECK(error(R"({"t":0,"seq":1,"source":"","kind":"k","fields":{}})") ==
        "field \"source\" must not be empty");
  CHECK(error(R"({"t":0,"seq":1,"source":"a","kind":"k","fields":[]})") ==
        "field \"fields\" must be an object, got an array");
  CHECK(error(R"({"t":0,"seq":1,"source":"a","kind":"k","fields":{},"x":1})")
            .rfind("unknown field \"x\"", 0) == 0);
  CHECK(error(R"({"t":9223372036854775808,"seq":1,"source":"a","kind":"k","fields":{}})") ==
        "field \"t\" is out of range for a 64-bit microsecond count");
  CHECK(error("[1,2]") == "a record must be a JSON object, got an array");
  CHECK(error(R"({"t":0,"seq":1,)").rfind("invalid JSON at column ", 0) == 0);
}

TEST_CASE("journal record: parsing accepts the keys in any order and a trailing carriage return",
          "[journal]") {
  JournalRecord r;
  REQUIRE(
      parse_journal_line("{\"kind\":\"k\",\"fields\":{},\"seq\":3,\"source\":\"s\",\"t\":9}\r", &r)
          .ok());
  CHECK(r == make(9, 3, "s", "k", nlohmann::json::object()));
}

}  // namespace
}  // namespace firedrill
