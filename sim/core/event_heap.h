// EventHeap: a binary implicit heap of queued events keyed by one 128-bit (time, seq)
// number, so each comparison is a single wide compare; no allocation per event once grown.
// EventQueue keeps here what its near-future ring cannot hold (far events, full buckets,
// events before its window), so this is the general case, and rarely the hot one.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/sim_time.h"

namespace firedrill {

struct QueuedEvent {
  __extension__ using Key = unsigned __int128;             // GCC/Clang builtin
  static constexpr uint64_t kSignBit = uint64_t{1} << 63;  // orders negative times first

  Key key;  // (time with its sign bit flipped) << 64 | seq
  uint32_t handler;
  uint32_t kind;
  uint64_t arg;

  // Time as an unsigned number in the same order as the signed one.
  static uint64_t biased(SimTime t) { return static_cast<uint64_t>(t.us()) ^ kSignBit; }
  static Key key_of(SimTime t, uint64_t seq) { return (static_cast<Key>(biased(t)) << 64) | seq; }
  uint64_t time_bits() const { return static_cast<uint64_t>(key >> 64); }  // biased(time())
  SimTime time() const { return SimTime::micros(static_cast<int64_t>(time_bits() ^ kSignBit)); }
  uint64_t seq() const { return static_cast<uint64_t>(key); }
};

class EventHeap {
 public:
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  // REQUIRES: !empty()
  const QueuedEvent& top() const { return heap_.front(); }

  void push(const QueuedEvent& e) {
    heap_.push_back(e);
    sift_up(heap_.size() - 1, e);
  }
  // REQUIRES: !empty()
  void remove_top() {
    const QueuedEvent last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }

 private:
  void sift_up(size_t i, const QueuedEvent& e) {
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (!(e.key < heap_[parent].key)) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void sift_down(size_t i, const QueuedEvent& e) {
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

  std::vector<QueuedEvent> heap_;
};

}  // namespace firedrill
