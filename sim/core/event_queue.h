// EventQueue: the pending events of one simulation, popped in (time, sequence) order.
// The sequence number is assigned at push, so events at the same microsecond run in the
// order they were scheduled: the order is total and the same on every run.
// A binary implicit heap of 32-byte entries keyed by one 128-bit (time, seq) number, so
// each comparison is a single wide compare; no allocation per event.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/sim_time.h"

namespace firedrill {

struct Event {
  SimTime time;
  uint64_t seq = 0;
  uint32_t handler = 0;  // index registered with the Simulation
  uint32_t kind = 0;     // meaning private to the handler
  uint64_t arg = 0;      // meaning private to the handler
};

class EventQueue {
 public:
  bool empty() const { return heap_.size() == (top_taken_ ? 1u : 0u); }
  size_t size() const { return heap_.size() - (top_taken_ ? 1 : 0); }
  // REQUIRES: !empty() and no take_top() pending
  SimTime top_time() const { return time_of(heap_.front()); }

  void push(SimTime time, uint32_t handler, uint32_t kind, uint64_t arg) {
    const Entry e{key_of(time, next_seq_++), handler, kind, arg};
    if (top_taken_) {  // reuse the taken top's slot: one sift instead of two
      top_taken_ = false;
      sift_down(0, e);
      return;
    }
    heap_.push_back(e);
    sift_up(heap_.size() - 1, e);
  }

  // Hands out the top event but leaves its slot in place until the next push() (which
  // overwrites it) or settle(). A simulation usually schedules one event per event handled,
  // so this turns most pop+push pairs into a single sift.
  // REQUIRES: !empty() and no take_top() pending
  Event take_top() {
    top_taken_ = true;
    return to_event(heap_.front());
  }
  // Removes a taken top that no push() reused.
  void settle() {
    if (!top_taken_) return;
    top_taken_ = false;
    remove_top();
  }
  // REQUIRES: !empty() and no take_top() pending
  Event pop() {
    const Event result = to_event(heap_.front());
    remove_top();
    return result;
  }

  uint64_t pushed() const { return next_seq_; }

 private:
  __extension__ using Key = unsigned __int128;             // GCC/Clang builtin
  static constexpr uint64_t kSignBit = uint64_t{1} << 63;  // orders negative times first

  struct Entry {
    Key key;  // (time with its sign bit flipped) << 64 | seq
    uint32_t handler;
    uint32_t kind;
    uint64_t arg;
  };

  static Key key_of(SimTime t, uint64_t seq) {
    return (static_cast<Key>(static_cast<uint64_t>(t.us()) ^ kSignBit) << 64) | seq;
  }
  static SimTime time_of(const Entry& e) {
    return SimTime::micros(static_cast<int64_t>(static_cast<uint64_t>(e.key >> 64) ^ kSignBit));
  }
  static Event to_event(const Entry& e) {
    return Event{time_of(e), static_cast<uint64_t>(e.key), e.handler, e.kind, e.arg};
  }

  void remove_top() {
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }
  void sift_up(size_t i, const Entry& e) {
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (!(e.key < heap_[parent].key)) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void sift_down(size_t i, const Entry& e) {
    const size_t n = heap_.size();
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap_[child + 1].key < heap_[child].key) ++child;
      if (!(heap_[child].key < e.key)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = e;
  }

  std::vector<Entry> heap_;
  uint64_t next_seq_ = 0;
  bool top_taken_ = false;
};

}  // namespace firedrill
