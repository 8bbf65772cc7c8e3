// Request: one attempt of one user's HTTP request as it travels client -> LB -> web -> DB.
// RequestPool recycles records by index; a generation count makes stale references
// (a timeout event for a finished request) detectable, so events never dangle.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/stack/stack_observer.h"

namespace firedrill {

// A reference to a request that survives recycling: {index, generation} packed in 64 bits.
struct RequestRef {
  uint32_t index;
  uint32_t generation;
  uint64_t pack() const { return (static_cast<uint64_t>(generation) << 32) | index; }
  static RequestRef unpack(uint64_t v) {
    return {static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32)};
  }
};

struct Request {
  SimTime first_sent;    // when the user first asked (retries keep it)
  SimTime attempt_sent;  // when this attempt left the client
  SimTime worker_start;  // when a web worker took it
  uint32_t user = 0;     // while the record is free: the next free record (RequestPool)
  uint32_t generation = 0;
  uint16_t attempt = 0;
  uint16_t queries_left = 0;
  uint16_t web = 0;             // backend chosen by the LB
  bool client_waiting = false;  // the client still waits for this attempt's answer
  bool proxy_waiting = false;   // the LB still holds its upstream connection
  bool in_backend = false;      // a web server is (or will be) working on it
  bool pool_waiting = false;    // queued for a DB pool connection
  bool holds_pool_conn = false;
  bool is_read = true;
  bool live = false;
  // Where a hung server froze it: 1 after its CPU phase, 2 after a query (ok or not).
  uint8_t stall = 0;
  FailureReason stall_failure = FailureReason::kNone;
};

class RequestPool {
 public:
  RequestRef allocate() {
    uint32_t index;
    if (free_head_ != kNone) {
      index = free_head_;
      free_head_ = records_[index].user;
    } else {
      index = count_++;
      records_.emplace_back();
    }
    Request& r = records_[index];
    const uint32_t gen = r.generation + 1;
    r = Request{};
    r.generation = gen;
    r.live = true;
    ++live_;
    return {index, gen};
  }
  // REQUIRES: the record is live and nothing still needs it.
  void release(uint32_t index) {
    assert(live_ > 0);
    Request& r = records_[index];
    ++r.generation;  // invalidates every outstanding reference
    r.live = false;
    r.user = free_head_;  // last freed, first reused, as a stack of indices would
    free_head_ = index;
    --live_;
  }
  Request& operator[](uint32_t index) { return records_[index]; }
  const Request& operator[](uint32_t index) const { return records_[index]; }
  // Whether `ref` still names the same live attempt. Every ref comes from this pool, which
  // never shrinks, so its index is always in range (asserted, not tested: three tests per
  // request were ~9 instructions, callgrind).
  bool valid(RequestRef ref) const {
    assert(ref.index < count_);
    return records_[ref.index].generation == ref.generation;
  }
  RequestRef ref(uint32_t index) const { return {index, records_[index].generation}; }
  // For sweeps over every record (rare: a crashing proxy).
  uint32_t capacity() const { return count_; }
  bool live_at(uint32_t index) const { return records_[index].live; }
  uint32_t live() const { return live_; }

 private:
  static constexpr uint32_t kNone = ~uint32_t{0};
  std::vector<Request> records_;
  // The free records form a list through their `user` field: a separate vector of free
  // indices cost ~15 instructions more per request (callgrind), its push_back out of line.
  uint32_t free_head_ = kNone;
  // records_.size(), kept apart: valid() runs on every event, and the vector's size() is a
  // division by sizeof(Request) (~20 instructions per request in callgrind).
  uint32_t count_ = 0;
  uint32_t live_ = 0;
};

}  // namespace firedrill
