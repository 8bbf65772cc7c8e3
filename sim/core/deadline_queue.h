// DeadlineQueue: many timeouts of the same length (client timeouts, proxy timeouts, pool
// waits) cost O(1) each instead of a heap operation on a queue holding every one of them.
// Deadlines that arrive in non-decreasing order wait in a FIFO behind a single kernel event;
// one that would break the order (the timeout was shortened live) is scheduled directly.
// Either way the target handler receives (kind, arg) at the deadline, through the kernel,
// so the event is counted and digested like any other.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/simulation.h"

namespace firedrill {

class DeadlineQueue : public EventHandler {
 public:
  // Delivers to `target` with event kind `kind`. The simulation must outlive the queue.
  DeadlineQueue(Simulation& sim, uint32_t target, uint32_t kind, std::string name);

  // REQUIRES: deadline >= sim.now()
  void add(SimTime deadline, uint64_t arg);
  size_t pending() const { return size_; }
  void on_event(const Event& e) override;

 private:
  struct Entry {
    SimTime deadline;
    uint64_t arg;
  };
  void grow();

  Simulation& sim_;
  uint32_t target_;
  uint32_t kind_;
  uint32_t id_;
  std::vector<Entry> ring_;  // power-of-two ring buffer
  size_t head_ = 0;
  size_t size_ = 0;
  bool armed_ = false;  // a kernel event waits for the head's deadline
};

}  // namespace firedrill
