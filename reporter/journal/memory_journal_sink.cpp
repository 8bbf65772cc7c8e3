#include "reporter/journal/memory_journal_sink.h"

namespace firedrill {

JournalStatus MemoryJournalSink::append(const JournalRecord& record) {
  if (failing_) return JournalStatus::error(failure_message_);
  text_ += to_journal_line(record);
  records_.push_back(record);
  return {};
}

}  // namespace firedrill
