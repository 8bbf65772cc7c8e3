// JournalSink: where a drill's journal records go — a file (JournalFileWriter) or memory in
// tests (MemoryJournalSink). The producer (the engine) stamps t and a strictly increasing seq;
// the sink writes exactly what it is given, in call order, and checks nothing about the order
// (JournalReader does). Implementations are not thread-safe: one producer thread appends.
#pragma once

#include "reporter/journal/journal_record.h"
#include "reporter/journal/journal_status.h"

namespace firedrill {

class JournalSink {
 public:
  virtual ~JournalSink() = default;
  // Appends one record. On error the message names the destination and the cause; the record
  // may not have been kept, and a sink that failed may refuse every later append as well.
  virtual JournalStatus append(const JournalRecord& record) = 0;
};

}  // namespace firedrill
