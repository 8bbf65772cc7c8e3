// JournalTee: the journal sink a served drill writes to. Each record goes on to the real sink
// (the journal file, or none) and is then shown to a listener (the event hub), so clients
// see the journal as it is written. A downstream error is returned as it is; the listener
// sees the record either way. Like every JournalSink it is called by one producer thread
// (the drill's owner); the listener runs on that thread.
#pragma once

#include <functional>

#include "reporter/journal/journal_sink.h"

namespace firedrill::api {

class JournalTee final : public JournalSink {
 public:
  using Listener = std::function<void(const JournalRecord&)>;

  // downstream may be null (no journal file); it is not owned and must outlive the tee.
  JournalTee(JournalSink* downstream, Listener listener)
      : downstream_(downstream), listener_(std::move(listener)) {}

  JournalStatus append(const JournalRecord& record) override;

 private:
  JournalSink* downstream_;
  Listener listener_;
};

}  // namespace firedrill::api
