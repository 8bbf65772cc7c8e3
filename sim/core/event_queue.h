// EventQueue: the pending events of one simulation, popped in (time, sequence) order.
// The sequence number is assigned at push, so events at the same microsecond run in the
// order they were scheduled: the order is total and the same on every run.
//
// Why not just a heap: a model's events are nearly all due in the next few milliseconds
// (arrivals, CPU phases, queries), and sifting them through a binary heap was a quarter of
// the model's instructions (bench/README.md). So events due within a window of kSlots
// buckets of 2^kShiftUs µs from the current bucket go into a ring of small sorted buckets
// (a calendar queue): a push inserts into its bucket (usually empty), a pop finds the first
// occupied bucket from a bitmap and takes its last, smallest entry. Everything else — far
// events (metrics ticks, timeouts), a full bucket, an event before the window — goes to an
// EventHeap, and a pop takes the smaller of the two candidates, so the order is exactly
// (time, seq) whatever lands where. The window only moves forward, with the popped events.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "sim/core/event_heap.h"
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
  // Buckets of 128 µs in a window of ~8 ms: wider buckets or a longer window cost more
  // instructions on webstack-v1, narrower ones sent too many CPU phases to the heap.
  static constexpr int kShiftUs = 7;
  static constexpr uint32_t kSlots = 64;  // one bitmap word
  static constexpr uint32_t kSlotCap = 8;

  bool empty() const { return occupied_ == 0 && far_key_ == kNoKey; }
  size_t size() const {
    size_t n = far_.size();
    for (uint8_t c : count_) n += c;
    return n;
  }
  // REQUIRES: !empty()
  SimTime top_time() const { return earliest().entry->time(); }

  void push(SimTime time, uint32_t handler, uint32_t kind, uint64_t arg) {
    const QueuedEvent e{QueuedEvent::key_of(time, next_seq_++), handler, kind, arg};
    const uint64_t bucket = QueuedEvent::biased(time) >> kShiftUs;
    if (bucket - cur_ < kSlots) {  // unsigned: also false for a bucket before cur_
      const auto slot = static_cast<uint32_t>(bucket) & (kSlots - 1);
      const uint32_t n = count_[slot];
      if (n < kSlotCap) {
        // Kept in descending key order, so the earliest is the last: a pop neither scans
        // nor moves entries. The new event is usually alone in its bucket.
        QueuedEvent* bucket_events = ring_[slot].data();
        if (n < 2) {
          // Nearly every bucket holds 0 or 1 events, and whether the new one goes before or
          // after is a coin toss: as branches (a sorting loop) it cost ~1.5 mispredicts
          // per request (cachegrind) and 7% of the run's time, so both are written without.
          // With n == 0, [1] gets a stale copy that nothing reads.
          const QueuedEvent there = bucket_events[0];
          const uint64_t e_first = -uint64_t{n == 0 || there.key < e.key};
          select(bucket_events[0], e_first, e, there);
          select(bucket_events[1], e_first, there, e);
        } else {
          uint32_t j = n;
          for (; j > 0 && bucket_events[j - 1].key < e.key; --j)
            bucket_events[j] = bucket_events[j - 1];
          bucket_events[j] = e;
        }
        count_[slot] = static_cast<uint8_t>(n + 1);
        occupied_ |= uint64_t{1} << slot;
        return;
      }
    }
    push_far(e);
  }

  // REQUIRES: !empty()
  Event pop() { return take(earliest()); }
  // Pops the earliest event into `out` if it is due before `end`; false leaves all queued.
  // Inlined into the run loop: as a call it spent ~15 instructions per event saving and
  // restoring registers (callgrind).
  [[gnu::always_inline]] bool pop_before(SimTime end, Event& out) {
    if (empty()) return false;
    const Candidate c = earliest();
    if (c.entry->time_bits() >= QueuedEvent::biased(end)) return false;
    out = take(c);
    return true;
  }

  uint64_t pushed() const { return next_seq_; }

 private:
  static constexpr uint32_t kFar = kSlots;  // Candidate::slot of the heap's top
  static constexpr QueuedEvent::Key kNoKey = ~QueuedEvent::Key{0};  // above every real key

  // Out of line: inlined, its heap sift made every push save and restore registers
  // (~18 instructions per push in callgrind).
  [[gnu::noinline]] void push_far(const QueuedEvent& e) {
    far_.push(e);
    far_key_ = far_.top().key;
  }
  // out = mask ? a : b, for a mask of all ones or all zeros, without a branch (the compiler
  // branches on a `?:` of whole structs).
  [[gnu::always_inline]] static void select(QueuedEvent& out, uint64_t mask, const QueuedEvent& a,
                                            const QueuedEvent& b) {
    const auto pick = [mask](uint64_t x, uint64_t y) { return (x & mask) | (y & ~mask); };
    const auto hi = [](const QueuedEvent& q) { return static_cast<uint64_t>(q.key >> 64); };
    const auto lo = [](const QueuedEvent& q) { return static_cast<uint64_t>(q.key); };
    const auto ids = [](const QueuedEvent& q) { return uint64_t{q.kind} << 32 | q.handler; };
    const uint64_t picked_ids = pick(ids(a), ids(b));
    out.key = QueuedEvent::Key{pick(hi(a), hi(b))} << 64 | pick(lo(a), lo(b));
    out.handler = static_cast<uint32_t>(picked_ids);
    out.kind = static_cast<uint32_t>(picked_ids >> 32);
    out.arg = pick(a.arg, b.arg);
  }
  struct Candidate {
    const QueuedEvent* entry;
    uint32_t slot;   // kFar for the heap's top
    uint32_t ahead;  // ring: buckets from cur_ to the entry's
  };
  [[gnu::always_inline]] Event take(const Candidate& c) {
    const QueuedEvent& q = *c.entry;
    const Event out{q.time(), q.seq(), q.handler, q.kind, q.arg};
    // No event precedes the popped one, so its bucket is a safe start for the window.
    if (c.slot == kFar) {
      const uint64_t bucket = q.time_bits() >> kShiftUs;
      if (bucket > cur_) cur_ = bucket;
      far_.remove_top();
      far_key_ = far_.empty() ? kNoKey : far_.top().key;
      return out;
    }
    cur_ += c.ahead;
    const uint32_t n = count_[c.slot] - 1u;  // the entry was the bucket's last
    count_[c.slot] = static_cast<uint8_t>(n);
    // Without a branch: whether the bucket empties is a coin toss too (~1 mispredict per
    // request as a branch, cachegrind).
    occupied_ &= ~(uint64_t{n == 0} << c.slot);
    return out;
  }
  // REQUIRES: !empty()
  Candidate earliest() const {
    if (occupied_ == 0) return {&far_.top(), kFar, 0};
    // The ring holds buckets cur_ .. cur_ + kSlots - 1 only, so the first occupied slot
    // counting from cur_'s is the earliest bucket.
    const auto from = static_cast<int>(cur_ & (kSlots - 1));
    const auto ahead = static_cast<uint32_t>(std::countr_zero(std::rotr(occupied_, from)));
    const uint32_t slot = (ahead + static_cast<uint32_t>(from)) & (kSlots - 1);
    const QueuedEvent& first = ring_[slot][count_[slot] - 1u];
    if (far_key_ < first.key) return {&far_.top(), kFar, 0};
    return {&first, slot, ahead};
  }

  std::array<std::array<QueuedEvent, kSlotCap>, kSlots> ring_{};  // zeroed: push reads [0]
  std::array<uint8_t, kSlots> count_{};
  uint64_t occupied_ = 0;                                      // bit s: count_[s] > 0
  uint64_t cur_ = QueuedEvent::biased(SimTime{}) >> kShiftUs;  // the window's first bucket
  EventHeap far_;
  QueuedEvent::Key far_key_ = kNoKey;  // far_.top().key, kept here: compared on every pop
  uint64_t next_seq_ = 0;
};

}  // namespace firedrill
