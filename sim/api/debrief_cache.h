// DebriefCache: the reporter's Debrief of a session's journal, kept for as long as the
// journal stays where it was. The timeline, debrief and postmortem routes all rebuild from the
// whole journal, and a dashboard asks for them every 2-3 s while most seconds add no record;
// a hit costs one engine call that reads two numbers. Thread-safe (the server's threads).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>

#include "reporter/debrief/debrief.h"

namespace firedrill::api {

class DebriefCache {
 public:
  // Where the journal stood: its branch and how many records the branch holds. The debrief
  // is a function of the records alone, and records are only ever appended within a branch.
  struct Position {
    int branch = 0;
    size_t records = 0;
    bool operator==(const Position&) const = default;
  };

  // The trainee's view (root cause redacted) and the full one are kept apart.
  std::shared_ptr<const Debrief> find(bool trainee_view, Position at) const {
    std::lock_guard lock(mutex_);
    const Entry& e = entries_[trainee_view ? 1 : 0];
    return e.debrief && e.at == at ? e.debrief : nullptr;
  }
  void store(bool trainee_view, Position at, std::shared_ptr<const Debrief> debrief) {
    std::lock_guard lock(mutex_);
    entries_[trainee_view ? 1 : 0] = {at, std::move(debrief)};
  }
  // For a change of what a view may show that writes no record (a workshop's reveal).
  void clear() {
    std::lock_guard lock(mutex_);
    entries_[0] = entries_[1] = {};
  }

 private:
  struct Entry {
    Position at;
    std::shared_ptr<const Debrief> debrief;
  };
  mutable std::mutex mutex_;
  Entry entries_[2];
};

}  // namespace firedrill::api
