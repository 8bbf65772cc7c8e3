#include "reporter/journal/journal_file_writer.h"

#include <filesystem>

#include <catch2/catch.hpp>

#include "journal_test_util.h"
#include "reporter/journal/journal_reader.h"
#include "reporter/journal/memory_journal_sink.h"

namespace firedrill {
namespace {

using testing::append_raw;
using testing::read_all;
using testing::record;
using testing::ScratchDir;

TEST_CASE("journal file writer: each record is in the file as soon as append returns",
          "[journal]") {
  ScratchDir dir;
  const std::string path = dir.file("journal.jsonl");
  std::unique_ptr<JournalFileWriter> writer;
  REQUIRE(JournalFileWriter::open(path, &writer).ok());
  REQUIRE(writer->append(record(1)).ok());
  REQUIRE(writer->append(record(2)).ok());

  // Still open: nothing waits in a buffer.
  const JournalReadResult result = JournalReader::read_file(path);
  REQUIRE(result.ok());
  CHECK(result.records.size() == 2);
  CHECK(writer->close().ok());
}

TEST_CASE(
    "journal file writer: after a crash mid-record, every complete record reads back and "
    "the torn one is dropped with a warning",
    "[journal]") {
  ScratchDir dir;
  const std::string path = dir.file("journal.jsonl");
  std::unique_ptr<JournalFileWriter> writer;
  REQUIRE(JournalFileWriter::open(path, &writer).ok());
  for (uint64_t seq = 1; seq <= 3; ++seq) REQUIRE(writer->append(record(seq)).ok());

  // The crash: the process dies halfway through writing record 4.
  const std::string fourth = to_journal_line(record(4));
  append_raw(path, fourth.substr(0, fourth.size() / 2));

  const JournalReadResult result = JournalReader::read_file(path);
  REQUIRE(result.ok());
  REQUIRE(result.records.size() == 3);
  for (uint64_t seq = 1; seq <= 3; ++seq) CHECK(result.records[seq - 1] == record(seq));
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0] == path + ":4: truncated last record ignored");
}

TEST_CASE("journal file writer: two identical record sequences give byte-identical files",
          "[journal]") {
  ScratchDir dir;
  MemoryJournalSink memory;
  for (const std::string name : {"a.jsonl", "b.jsonl"}) {
    std::unique_ptr<JournalFileWriter> writer;
    REQUIRE(JournalFileWriter::open(dir.file(name), &writer).ok());
    for (uint64_t seq = 1; seq <= 5; ++seq) REQUIRE(writer->append(record(seq)).ok());
    REQUIRE(writer->close().ok());
  }
  for (uint64_t seq = 1; seq <= 5; ++seq) REQUIRE(memory.append(record(seq)).ok());

  const std::string a = read_all(dir.file("a.jsonl"));
  CHECK(a == read_all(dir.file("b.jsonl")));
  CHECK(a == memory.text());
}

TEST_CASE("journal file writer: reopening continues an existing journal", "[journal]") {
  ScratchDir dir;
  const std::string path = dir.file("journal.jsonl");
  {
    std::unique_ptr<JournalFileWriter> writer;
    REQUIRE(JournalFileWriter::open(path, &writer).ok());
    REQUIRE(writer->append(record(1)).ok());
    REQUIRE(writer->append(record(2)).ok());
  }  // the destructor closes
  std::unique_ptr<JournalFileWriter> writer;
  REQUIRE(JournalFileWriter::open(path, &writer).ok());
  REQUIRE(writer->append(record(3)).ok());
  REQUIRE(writer->close().ok());

  const JournalReadResult result = JournalReader::read_file(path);
  REQUIRE(result.ok());
  CHECK(result.records.size() == 3);
}

TEST_CASE("journal file writer: refuses to append after a torn last record", "[journal]") {
  ScratchDir dir;
  const std::string path = dir.file("journal.jsonl");
  append_raw(path, to_journal_line(record(1)) + "{\"t\":25");

  std::unique_ptr<JournalFileWriter> writer;
  const JournalStatus status = JournalFileWriter::open(path, &writer);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().rfind(path + ": the last record is incomplete", 0) == 0);
  CHECK(writer == nullptr);
}

TEST_CASE("journal file writer: a path that cannot be opened is an error naming it and the cause",
          "[journal]") {
  ScratchDir dir;
  const std::string path = dir.file("no-such-dir/journal.jsonl");
  std::unique_ptr<JournalFileWriter> writer;
  const JournalStatus status = JournalFileWriter::open(path, &writer);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message() == path + ": cannot open journal: No such file or directory");
  CHECK(writer == nullptr);
}

TEST_CASE("journal file writer: appends after close fail, and close is idempotent", "[journal]") {
  ScratchDir dir;
  const std::string path = dir.file("journal.jsonl");
  std::unique_ptr<JournalFileWriter> writer;
  REQUIRE(JournalFileWriter::open(path, &writer).ok());
  REQUIRE(writer->close().ok());
  CHECK(writer->close().ok());
  const JournalStatus status = writer->append(record(1));
  REQUIRE_FALSE(status.ok());
  CHECK(status.message() == path + ": journal is closed");
}

TEST_CASE("journal file writer: a failed write is an error and stops the writer", "[journal]") {
  if (!std::filesystem::exists("/dev/full")) {
    WARN("skipped: needs /dev/full, a device where every write fails with ENOSPC");
    return;
  }
  std::unique_ptr<JournalFileWriter> writer;
  REQUIRE(JournalFileWriter::open("/dev/full", &writer).ok());
  const JournalStatus first = writer->append(record(1));
  REQUIRE_FALSE(first.ok());
  CHECK(first.message() == "/dev/full: cannot write journal: No space left on device");
  const JournalStatus second = writer->append(record(2));
  REQUIRE_FALSE(second.ok());
  CHECK(second.message() ==
        "/dev/full: journal stopped after an earlier error: No space left on device");
}

}  // namespace
}  // namespace firedrill
