// MemoryJournalSink: the in-memory fake JournalSink for tests. It keeps every appended record
// and the exact text a JournalFileWriter would have put in the file, so a test can compare
// golden bytes or hand the text to JournalReader::read_string. fail_appends() makes later
// appends fail, to test how a producer copes with a journal that stopped working.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reporter/journal/journal_sink.h"

namespace firedrill {

class MemoryJournalSink final : public JournalSink {
 public:
  JournalStatus append(const JournalRecord& record) override;

  const std::vector<JournalRecord>& records() const { return records_; }
  // Every appended record as to_journal_line() wrote it, concatenated.
  const std::string& text() const { return text_; }

  // Until stop_failing(), appends keep nothing and return an error with this message.
  void fail_appends(std::string message) {
    failing_ = true;
    failure_message_ = std::move(message);
  }
  void stop_failing() { failing_ = false; }

 private:
  std::vector<JournalRecord> records_;
  std::string text_;
  bool failing_ = false;
  std::string failure_message_;
};

}  // namespace firedrill
