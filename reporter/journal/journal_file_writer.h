// JournalFileWriter: appends journal records to a file (JSON Lines, see docs/journal.md).
// Each record goes to the kernel in a single write(2) on an O_APPEND descriptor before append()
// returns — no user-space buffer to lose — so a killed process (kill -9) loses at most the record
// in flight, and a record torn by the crash can only be the file's last line, which JournalReader
// drops with a warning. close() fsyncs, so a closed journal also survives a machine crash.
// Errors come back as JournalStatus naming the path and the errno text; nothing is thrown.
// One writer per file and per thread; the writer owns its descriptor.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "reporter/journal/journal_sink.h"

namespace firedrill {

class JournalFileWriter final : public JournalSink {
 public:
  // Opens `path` for appending, creating it (mode 0644 before umask) if needed. An existing
  // file is continued; one whose last line is torn (no final '\n') is refused, since appending
  // would glue the next record to the torn one. On success sets *out; on error leaves it alone.
  static JournalStatus open(const std::string& path, std::unique_ptr<JournalFileWriter>* out);

  JournalFileWriter(const JournalFileWriter&) = delete;
  JournalFileWriter& operator=(const JournalFileWriter&) = delete;
  // Closes if still open, ignoring errors: call close() to learn about them.
  ~JournalFileWriter() override;

  // Writes the record's line. After a failed write the file may end with a torn line, so the
  // writer stops: every later append returns an error too.
  JournalStatus append(const JournalRecord& record) override;

  // fsync(2)s and closes the file. Idempotent; appends after close() fail.
  JournalStatus close();

  const std::string& path() const { return path_; }

 private:
  JournalFileWriter(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::string path_;
  int fd_ = -1;          // -1 once closed
  std::string failure_;  // non-empty after a write error: the writer refuses further appends
};

}  // namespace firedrill
