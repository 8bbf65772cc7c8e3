#include "reporter/journal/memory_journal_sink.h"

#include <catch2/catch.hpp>

#include "journal_test_util.h"
#include "reporter/journal/journal_reader.h"

namespace firedrill {
namespace {

using testing::record;

TEST_CASE("memory journal sink: keeps the records and the exact journal text", "[journal]") {
  MemoryJournalSink sink;
  REQUIRE(sink.append(record(1)).ok());
  REQUIRE(sink.append(record(2, "alert.firing")).ok());

  REQUIRE(sink.records().size() == 2);
  CHECK(sink.records()[1].kind == "alert.firing");
  CHECK(sink.text() == to_journal_line(record(1)) + to_journal_line(record(2, "alert.firing")));

  const JournalReadResult back = JournalReader::read_string(sink.text());
  REQUIRE(back.ok());
  CHECK(back.records == sink.records());
}

TEST_CASE("memory journal sink: fail_appends makes appends fail until stop_failing", "[journal]") {
  MemoryJournalSink sink;
  sink.fail_appends("disk full (simulated)");
  const JournalStatus status = sink.append(record(1));
  REQUIRE_FALSE(status.ok());
  CHECK(status.message() == "disk full (simulated)");
  CHECK(sink.records().empty());
  CHECK(sink.text().empty());

  sink.stop_failing();
  CHECK(sink.append(record(2)).ok());
  CHECK(sink.records().size() == 1);
}

}  // namespace
}  // namespace firedrill
