#include "sim/observe/log_buffer.h"

#include <string>

#include <catch2/catch.hpp>

namespace firedrill {
namespace {

SimTime sec(int64_t s) {
  return SimTime::seconds(s);
}

TEST_CASE("log buffer: keeps the newest lines up to its capacity and counts what it dropped",
          "[logs]") {
  LogStore store(3);
  LogBuffer& b = store.buffer("web-1", "/var/log/syslog");
  for (int i = 1; i <= 5; ++i) store.append(b, sec(i), "line " + std::to_string(i));

  CHECK(b.capacity() == 3);
  CHECK(b.size() == 3);
  CHECK(b.written() == 5);
  CHECK(b.dropped() == 2);
  CHECK(b.at(0).text == "line 3");
  CHECK(b.newest().text == "line 5");
  CHECK(b.newest().time == sec(5));
}

TEST_CASE("log store: a buffer's capacity can be chosen per file, else it is the default",
          "[logs]") {
  LogStore store(2000);
  CHECK(store.buffer("db", "/var/log/postgresql/postgresql-15-main.log", 50).capacity() == 50);
  CHECK(store.buffer("db", "/var/log/syslog").capacity() == 2000);
  // An existing buffer keeps its capacity.
  CHECK(store.buffer("db", "/var/log/postgresql/postgresql-15-main.log", 9).capacity() == 50);
  CHECK(store.find("db", "/var/log/kern.log") == nullptr);
  CHECK(store.buffers().size() == 2);
}

TEST_CASE("log store: a cursor read returns only lines written after the cursor, in writing order",
          "[logs]") {
  LogStore store;
  LogBuffer& a = store.buffer("lb", "/var/log/nginx/access.log");
  LogBuffer& e = store.buffer("web-2", "/var/log/nginx/error.log");
  store.append(a, sec(1), "a1");
  store.append(e, sec(2), "e1");
  const uint64_t cursor = store.append(a, sec(3), "a2");
  store.append(e, sec(4), "e2");
  store.append(a, sec(5), "a3");

  const LogRead read = store.since(cursor);
  REQUIRE(read.lines.size() == 2);
  CHECK(read.lines[0].text == "e2");
  CHECK(read.lines[0].host == "web-2");
  CHECK(read.lines[0].path == "/var/log/nginx/error.log");
  CHECK(read.lines[1].text == "a3");
  CHECK(read.lines[1].time == sec(5));
  CHECK_FALSE(read.truncated);
  CHECK(read.next_cursor == store.last_seq());
  CHECK(store.since(read.next_cursor).lines.empty());
}

TEST_CASE("log store: a read over its limit is truncated and resumes where it stopped", "[logs]") {
  LogStore store;
  LogBuffer& b = store.buffer("db", "/var/log/syslog");
  for (int i = 0; i < 10; ++i) store.append(b, sec(i), "line " + std::to_string(i));

  const LogRead first = store.since(0, {}, 4);
  REQUIRE(first.lines.size() == 4);
  CHECK(first.truncated);
  CHECK(first.lines.back().text == "line 3");
  const LogRead rest = store.since(first.next_cursor, {}, 100);
  REQUIRE(rest.lines.size() == 6);
  CHECK(rest.lines.front().text == "line 4");
  CHECK_FALSE(rest.truncated);
}

TEST_CASE("log store: a filtered read skips other files and lines, and its cursor moves past them",
          "[logs]") {
  LogStore store;
  LogBuffer& err1 = store.buffer("web-1", "/var/log/nginx/error.log");
  LogBuffer& err2 = store.buffer("web-2", "/var/log/nginx/error.log");
  LogBuffer& sys1 = store.buffer("web-1", "/var/log/syslog");
  store.append(err1, sec(1), "[crit] accept4() failed (24: Too many open files)");
  store.append(err2, sec(1), "[crit] accept4() failed (24: Too many open files)");
  store.append(sys1, sec(2), "CRON[4821]: (root) CMD (debian-sa1 1 1)");
  store.append(err1, sec(3), "[error] open() failed (2: No such file or directory)");

  LogFilter f;
  f.host = "web-1";
  f.contains = "too many";
  f.ignore_case = true;
  const LogRead read = store.since(0, f);
  REQUIRE(read.lines.size() == 1);
  CHECK(read.lines[0].host == "web-1");
  CHECK(read.next_cursor == store.last_seq());

  LogFilter by_path;
  by_path.path = "/var/log/nginx/error.log";
  CHECK(store.since(0, by_path).lines.size() == 3);
  LogFilter exact_case;
  exact_case.contains = "too many";
  CHECK(store.since(0, exact_case).lines.empty());
}

TEST_CASE("log store: tail gives the last lines of a file and grep finds a fixed string in it",
          "[logs]") {
  LogStore store;
  LogBuffer& b = store.buffer("db", "/var/log/postgresql/postgresql-15-main.log");
  store.append(b, sec(1), "LOG:  checkpoint starting: time");
  store.append(b, sec(2), "FATAL:  sorry, too many clients already");
  store.append(b, sec(3), "LOG:  checkpoint complete: wrote 12 buffers");
  store.append(b, sec(4), "FATAL:  sorry, too many clients already");

  const auto tail = store.tail("db", "/var/log/postgresql/postgresql-15-main.log", 2);
  REQUIRE(tail.size() == 2);
  CHECK(tail[0].text == "LOG:  checkpoint complete: wrote 12 buffers");
  CHECK(tail[1].time == sec(4));
  CHECK(store.tail("db", "/var/log/postgresql/postgresql-15-main.log", 99).size() == 4);
  CHECK(store.tail("db", "/nonexistent", 5).empty());

  CHECK(store.grep("db", "/var/log/postgresql/postgresql-15-main.log", "FATAL").size() == 2);
  CHECK(store.grep("db", "/var/log/postgresql/postgresql-15-main.log", "fatal").empty());
  CHECK(store.grep("db", "/var/log/postgresql/postgresql-15-main.log", "fatal", true).size() == 2);
  // A cap keeps the newest matches.
  const auto newest =
      store.grep("db", "/var/log/postgresql/postgresql-15-main.log", "checkpoint", false, 1);
  REQUIRE(newest.size() == 1);
  CHECK(newest[0].time == sec(3));
  // Patterns are plain text: regex metacharacters match themselves.
  CHECK(store.grep("db", "/var/log/postgresql/postgresql-15-main.log", "wrote .*").empty());
}

}  // namespace
}  // namespace firedrill
