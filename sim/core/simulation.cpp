#include "sim/core/simulation.h"

namespace firedrill {

uint32_t Simulation::add_handler(EventHandler* handler, std::string name) {
  handlers_.push_back(handler);
  names_.push_back(std::move(name));
  return static_cast<uint32_t>(handlers_.size() - 1);
}

void Simulation::run_until(SimTime end) {
  assert(end >= now_ && "run_until() into the past");
  while (!queue_.empty() && queue_.top_time() < end) {
    dispatch(queue_.take_top());
    queue_.settle();
  }
  now_ = end;
}

bool Simulation::step(SimTime limit) {
  if (queue_.empty() || queue_.top_time() >= limit) return false;
  dispatch(queue_.take_top());
  queue_.settle();
  return true;
}

}  // namespace firedrill
