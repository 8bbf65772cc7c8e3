#include "sim/core/deadline_queue.h"

namespace firedrill {

DeadlineQueue::DeadlineQueue(Simulation& sim, uint32_t target, uint32_t kind, std::string name)
    : sim_(sim), target_(target), kind_(kind), id_(sim.add_handler(this, std::move(name))) {}

void DeadlineQueue::add(SimTime deadline, uint64_t arg) {
  if (size_ > 0 && deadline < ring_[(head_ + size_ - 1) & (ring_.size() - 1)].deadline) {
    sim_.schedule_at(deadline, target_, kind_, arg);  // out of order: let the heap sort it
    return;
  }
  if (size_ == ring_.size()) grow();
  ring_[(head_ + size_) & (ring_.size() - 1)] = {deadline, arg};
  ++size_;
  if (!armed_) {
    armed_ = true;
    sim_.schedule_at(deadline, id_, 0);
  }
}

void DeadlineQueue::on_event(const Event&) {
  armed_ = false;
  const SimTime now = sim_.now();
  while (size_ > 0 && ring_[head_].deadline <= now) {
    const uint64_t arg = ring_[head_].arg;
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
    sim_.deliver(target_, kind_, arg);
  }
  if (size_ > 0) {
    armed_ = true;
    sim_.schedule_at(ring_[head_].deadline, id_, 0);
  }
}

void DeadlineQueue::grow() {
  std::vector<Entry> bigger(ring_.empty() ? 64 : ring_.size() * 2);
  for (size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
  ring_.swap(bigger);
  head_ = 0;
}

}  // namespace firedrill
