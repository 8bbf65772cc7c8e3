// Fault: one parameterised failure injected into a WebStack, the base of every kind. inject()
// resolves the targets and applies the fault; clear() takes back exactly its contribution
// (combination rules: knob_share.h); ramp() moves the intensity (0..1, scaling the parameters
// linearly), re-applied every simulated second by the fault's own EventHandler. Single-threaded.
// REQUIRES: an injected fault outlives every further run of its simulation (or is cleared).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/simulation.h"
#include "sim/faults/fault_params.h"
#include "sim/faults/fault_targets.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

// What the catalog hands a kind's constructor: validated parameters and target patterns.
struct FaultSetup {
  std::string kind;
  std::vector<std::string> targets;  // patterns as given ("web-*", "db")
  FaultParamValues params;           // including the common intensity, ramp, duration
  FaultRoleMask roles = 0;           // what the kind applies to
};

class Fault : public EventHandler {
 public:
  Fault(const Fault&) = delete;
  Fault& operator=(const Fault&) = delete;
  ~Fault() override = default;

  const std::string& kind() const { return setup_.kind; }
  const std::vector<std::string>& targets() const { return setup_.targets; }
  // Every parameter with its value (defaults filled in, durations as "30s"): journal fields.
  FaultParams params() const { return setup_.params.normalized(); }
  // The components the fault hit, by name (known once injected).
  std::vector<std::string> resolved_targets() const;
  // "latency on web-1, web-2 (ms=200)": the given parameters only.
  std::string summary() const;

  // Applies the fault now. Errors (nothing changed): already injected, a target pattern that
  // matches nothing the kind applies to, a value the stack refuses (bad_config).
  [[nodiscard]] std::optional<FaultError> inject(WebStack& stack);
  // Takes the fault's contribution back and re-arms it (a later inject() starts afresh).
  // No-op when not injected. REQUIRES: `stack` is the one it was injected into.
  void clear(WebStack& stack);
  bool injected() const { return injected_; }
  SimTime injected_at() const { return injected_at_; }
  // What inject() would say about the targets and the stack, changing nothing.
  [[nodiscard]] std::optional<FaultError> check_against(WebStack& stack);

  double intensity() const { return intensity_; }
  // Sets the intensity at once (clamped to 0..1), ending any ramp.
  void set_intensity(double intensity);
  // Moves the intensity linearly to `to_intensity` over `over`, updated every simulated
  // second from now (at once when `over` is zero). Before inject(), starts at inject().
  void ramp(double to_intensity, SimTime over);
  bool ramping() const { return ramp_active_ || pending_ramp_; }

  void on_event(const Event& e) override;

 protected:
  explicit Fault(FaultSetup setup);

  // --- for the kinds ---------------------------------------------------------------------
  const FaultParamValues& values() const { return setup_.params; }
  WebStack& stack() const { return *stack_; }  // REQUIRES: injected()
  const std::vector<FaultComponent>& components() const { return components_; }
  SimTime now() const { return sim_->now(); }
  // Calls on_timer(timer) after `delay`, unless the fault is cleared first.
  void schedule_timer(SimTime delay, uint32_t timer);
  // Starts the per-second ticks if they are not running (for a kind whose wants_ticks()
  // turned true after inject).
  void keep_ticking();

  // Finds the components hit; the default matches the patterns against `roles`.
  virtual FaultResult<std::vector<FaultComponent>> resolve(WebStack& stack);
  // What only the stack can tell, before anything changes (config keys exist, parameters
  // that suit the components hit).
  virtual std::optional<FaultError> check(WebStack&, const std::vector<FaultComponent>& /*hit*/) {
    return std::nullopt;
  }
  // The moment of injection: one-off actions (crash, deploy) and remembering values. An
  // error (a value the stack refuses) cancels the injection: undo what was done first.
  virtual std::optional<FaultError> on_inject() { return std::nullopt; }
  // Sets this fault's contributions for `intensity`: at inject and whenever it changes.
  virtual void apply(double intensity) = 0;
  // Takes every contribution back.
  virtual void on_clear() = 0;
  // Once a simulated second while injected and wants_ticks() (leaks, warming, fencing).
  virtual bool wants_ticks() const { return false; }
  virtual void on_tick() {}
  virtual void on_timer(uint32_t /*timer*/) {}

 private:
  enum EventKind : uint32_t { kTick, kAutoClear, kTimerBase };
  void schedule_tick();
  void set_level(double intensity);
  void rearm();

  FaultSetup setup_;
  WebStack* stack_ = nullptr;
  Simulation* sim_ = nullptr;  // where the handler is registered
  uint32_t handler_ = 0;
  std::vector<FaultComponent> components_;
  bool injected_ = false;
  SimTime injected_at_;
  uint64_t inject_generation_ = 0;  // cancels timers and auto-clear of an earlier injection
  uint64_t tick_generation_ = 0;    // cancels a superseded chain of ticks
  bool ticking_ = false;

  double intensity_ = 1.0;
  bool pending_ramp_ = false;  // a ramp asked for before inject()
  bool ramp_active_ = false;
  double ramp_from_ = 0, ramp_to_ = 0;
  SimTime ramp_start_, ramp_over_;
};

}  // namespace firedrill
