#include "sim/core/simulation.h"

namespace firedrill {

uint32_t Simulation::add_entry(Entry entry, std::string name) {
  handlers_.push_back(entry);
  names_.push_back(std::move(name));
  return static_cast<uint32_t>(handlers_.size() - 1);
}

void Simulation::run_until(SimTime end) {
  assert(end >= now_ && "run_until() into the past");
  Event e;
  while (queue_.pop_before(end, e)) dispatch(e);
  now_ = end;
}

bool Simulation::step(SimTime limit) {
  Event e;
  if (!queue_.pop_before(limit, e)) return false;
  dispatch(e);
  return true;
}

}  // namespace firedrill
