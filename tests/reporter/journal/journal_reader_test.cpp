#include "reporter/journal/journal_reader.h"

#include <catch2/catch.hpp>

namespace firedrill {
namespace {

// Lines as the writer produces them, for records 1..n at one second apart.
std::string good_lines(int n, int first_seq = 1) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    JournalRecord r;
    r.t = SimTime::seconds(i);
    r.seq = static_cast<uint64_t>(first_seq + i);
    r.source = "engine";
    r.kind = "test.tick";
    r.fields = {{"i", i}};
    text += to_journal_line(r);
  }
  return text;
}

TEST_CASE("journal reader: reads every record of a well-formed journal", "[journal]") {
  const JournalReadResult result = JournalReader::read_string(good_lines(3));
  REQUIRE(result.ok());
  CHECK(result.warnings.empty());
  REQUIRE(result.records.size() == 3);
  CHECK(result.records[2].t == SimTime::seconds(2));
  CHECK(result.records[2].seq == 3);
  CHECK(result.records[2].fields["i"] == 2);
}

TEST_CASE("journal reader: an empty journal has no records and no warnings", "[journal]") {
  const JournalReadResult result = JournalReader::read_string("");
  CHECK(result.ok());
  CHECK(result.records.empty());
  CHECK(result.warnings.empty());
}

TEST_CASE("journal reader: a truncated last line is dropped with a warning", "[journal]") {
  const std::string text = good_lines(2) + R"({"t":2000000,"seq":3,"source":"eng)";
  const JournalReadResult result = JournalReader::read_string(text);
  REQUIRE(result.ok());
  CHECK(result.records.size() == 2);
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0] == "journal.jsonl:3: truncated last record ignored");
}

TEST_CASE("journal reader: a complete last line without its newline is kept", "[journal]") {
  std::string text = good_lines(2);
  text.pop_back();
  const JournalReadResult result = JournalReader::read_string(text);
  REQUIRE(result.ok());
  CHECK(result.records.size() == 2);
  CHECK(result.warnings.empty());
}

TEST_CASE("journal reader: a malformed line in the middle is an error naming file and line",
          "[journal]") {
  const std::string text = good_lines(1) + "{\"t\":1,\"seq\":2,\n" + good_lines(1, 3);
  const JournalReadResult result = JournalReader::read_string(text, "runs/a/journal.jsonl");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status.message().rfind("runs/a/journal.jsonl:2: invalid JSON at column ", 0) == 0);
  CHECK(result.records.size() == 1);  // what came before the bad line
}

TEST_CASE(
    "journal reader: an invalid last line that ends with a newline is an error, not a "
    "truncation",
    "[journal]") {
  const std::string text = good_lines(1) + "{\"t\":1,\"seq\":2,\n";
  const JournalReadResult result = JournalReader::read_string(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status.message().rfind("journal.jsonl:2: invalid JSON", 0) == 0);
  CHECK(result.warnings.empty());
}

TEST_CASE("journal reader: a record missing a field is an error naming the line and the field",
          "[journal]") {
  const std::string text =
      good_lines(1) + "{\"t\":5,\"seq\":2,\"source\":\"engine\",\"fields\":{}}\n";
  const JournalReadResult result = JournalReader::read_string(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status.message() == "journal.jsonl:2: missing field \"kind\"");
}

TEST_CASE("journal reader: a field of the wrong type is an error naming the line and the field",
          "[journal]") {
  const std::string text =
      "{\"t\":\"soon\",\"seq\":1,\"source\":\"engine\",\"kind\":\"k\",\"fields\":{}}\n";
  const JournalReadResult result = JournalReader::read_string(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status.message() ==
        "journal.jsonl:1: field \"t\" must be an integer (microseconds), got a string");
}

TEST_CASE("journal reader: an unterminated last line that is JSON but not a record is an error",
          "[journal]") {
  const JournalReadResult result = JournalReader::read_string(good_lines(1) + "{\"t\":1}");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status.message() == "journal.jsonl:2: missing field \"seq\"");
}

TEST_CASE("journal reader: a seq that does not increase is an error", "[journal]") {
  const std::string text = good_lines(2, 5) + good_lines(1, 6);
  const JournalReadResult result = JournalReader::read_string(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status.message() ==
        "journal.jsonl:3: seq 6 is not greater than seq 6 on line 2 (seq must be strictly "
        "increasing)");
}

TEST_CASE("journal reader: seq may skip numbers", "[journal]") {
  const JournalReadResult result = JournalReader::read_string(good_lines(1, 1) + good_lines(1, 10));
  CHECK(result.ok());
  CHECK(result.records.size() == 2);
}

TEST_CASE("journal reader: blank lines are skipped with a warning", "[journal]") {
  const JournalReadResult result =
      JournalReader::read_string(good_lines(1) + "\n" + good_lines(1, 2));
  REQUIRE(result.ok());
  CHECK(result.records.size() == 2);
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0] == "journal.jsonl:2: blank line ignored");
}

TEST_CASE("journal reader: a missing file is an error naming the path and the cause", "[journal]") {
  const JournalReadResult result = JournalReader::read_file("/nonexistent-dir/journal.jsonl");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status.message() ==
        "/nonexistent-dir/journal.jsonl: cannot open journal: No such file or directory");
}

}  // namespace
}  // namespace firedrill
