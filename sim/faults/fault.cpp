#include "sim/faults/fault.h"

#include <algorithm>
#include <cassert>

namespace firedrill {

namespace {
constexpr SimTime kTickInterval = SimTime::seconds(1);

double clamp01(double v) {
  return v > 0 ? (v < 1 ? v : 1.0) : 0.0;  // NaN -> 0
}
}  // namespace

Fault::Fault(FaultSetup setup) : setup_(std::move(setup)) {
  rearm();
}

void Fault::rearm() {
  // The common parameters: the starting intensity, reached over `ramp` when that is set.
  ramp_to_ = clamp01(setup_.params.number("intensity"));
  ramp_over_ = setup_.params.duration("ramp");
  pending_ramp_ = ramp_over_.us() > 0;
  ramp_active_ = false;
  intensity_ = pending_ramp_ ? 0.0 : ramp_to_;
}

std::vector<std::string> Fault::resolved_targets() const {
  std::vector<std::string> names;
  for (const FaultComponent& c : components_) names.push_back(c.name);
  return names;
}

std::string Fault::summary() const {
  std::string out = kind();
  if (!components_.empty()) {
    out += " on " + join_names(resolved_targets());
  } else if (!targets().empty()) {
    out += " on " + join_names(targets());
  }
  std::string params;
  for (const auto& [name, value] : setup_.params.normalized()) {
    if (!setup_.params.given(name)) continue;
    if (!params.empty()) params += ", ";
    params += name + "=" + format_fault_value(value);
  }
  if (!params.empty()) out += " (" + params + ")";
  return out;
}

FaultResult<std::vector<FaultComponent>> Fault::resolve(WebStack& stack) {
  return resolve_fault_targets(stack, kind(), targets(), setup_.roles);
}

std::optional<FaultError> Fault::inject(WebStack& stack) {
  if (injected_)
    return FaultError{"", kind() + " is already injected (on " + join_names(resolved_targets()) +
                              "); clear it first"};
  auto resolved = resolve(stack);
  if (!resolved) return resolved.error();
  if (auto error = check(stack, resolved.value())) return error;
  if (sim_ != &stack.sim()) {
    sim_ = &stack.sim();
    handler_ = sim_->add_handler(this, "fault/" + kind());
  }
  stack_ = &stack;
  components_ = std::move(resolved.value());
  injected_at_ = sim_->now();
  ++inject_generation_;
  if (auto error = on_inject()) {
    ++inject_generation_;  // drops any timer it set
    components_.clear();
    return error;
  }
  injected_ = true;
  apply(intensity_);
  if (pending_ramp_) {
    pending_ramp_ = false;
    ramp(ramp_to_, ramp_over_);
  }
  if (wants_ticks() || ramp_active_) schedule_tick();
  const SimTime duration = setup_.params.duration("duration");
  if (duration.us() > 0) sim_->schedule_in(duration, handler_, kAutoClear, inject_generation_);
  return std::nullopt;
}

std::optional<FaultError> Fault::check_against(WebStack& stack) {
  auto resolved = resolve(stack);
  if (!resolved) return resolved.error();
  return check(stack, resolved.value());
}

void Fault::clear(WebStack& stack) {
  if (!injected_) return;
  assert(&stack == stack_ && "clear() on another stack than inject()");
  (void)stack;
  on_clear();
  injected_ = false;
  ticking_ = false;
  ++inject_generation_;
  ++tick_generation_;
  rearm();
}

void Fault::set_intensity(double intensity) {
  ramp_active_ = pending_ramp_ = false;
  set_level(clamp01(intensity));
}

void Fault::ramp(double to_intensity, SimTime over) {
  to_intensity = clamp01(to_intensity);
  if (!injected_) {
    ramp_to_ = to_intensity;
    ramp_over_ = over;
    pending_ramp_ = true;
    return;
  }
  if (over.us() <= 0) {
    set_intensity(to_intensity);
    return;
  }
  ramp_from_ = intensity_;
  ramp_to_ = to_intensity;
  ramp_start_ = sim_->now();
  ramp_over_ = over;
  ramp_active_ = true;
  schedule_tick();  // a fresh chain, in phase with the ramp: its last tick lands on the end
}

void Fault::set_level(double intensity) {
  if (intensity == intensity_) return;
  intensity_ = intensity;
  if (injected_) apply(intensity_);
}

void Fault::schedule_tick() {
  ++tick_generation_;
  ticking_ = true;
  sim_->schedule_in(kTickInterval, handler_, kTick, tick_generation_);
}

void Fault::keep_ticking() {
  if (injected_ && !ticking_) schedule_tick();
}

void Fault::schedule_timer(SimTime delay, uint32_t timer) {
  sim_->schedule_in(delay, handler_, kTimerBase + timer, inject_generation_);
}

void Fault::on_event(const Event& e) {
  if (!injected_) return;
  if (e.kind == kTick) {
    if (e.arg != tick_generation_) return;
    if (ramp_active_) {
      const double done = std::min(1.0, static_cast<double>((sim_->now() - ramp_start_).us()) /
                                            static_cast<double>(ramp_over_.us()));
      const bool finished = done >= 1.0;
      if (finished) ramp_active_ = false;
      set_level(finished ? ramp_to_ : ramp_from_ + (ramp_to_ - ramp_from_) * done);
    }
    if (injected_) on_tick();
    if (injected_ && (ramp_active_ || wants_ticks())) {
      sim_->schedule_in(kTickInterval, handler_, kTick, tick_generation_);
    } else {
      ticking_ = false;
    }
    return;
  }
  if (e.arg != inject_generation_) return;
  if (e.kind == kAutoClear) {
    clear(*stack_);
  } else {
    on_timer(e.kind - kTimerBase);
  }
}

}  // namespace firedrill
