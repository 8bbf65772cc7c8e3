// KnobShare / KnobAssignment: how a fault changes one live value ("knob") of the stack without
// clobbering what others did to it. Shares combine (add, multiply, or as independent failure
// shares) and come back out exactly in any order; an assignment by someone else (a reboot,
// warm_cache) wins and retires the share. Assignments (config keys, limits) restore the old
// value only if the knob still holds the fault's value. Header-only; no stack dependency.
#pragma once

#include <cmath>
#include <limits>

namespace firedrill {

enum class Combine : unsigned char { kAdd, kMultiply, kAnyOf };

// One fault's contribution to one knob. kAdd: latency, CPU-hog cores, leak and fill rates,
// replication lag. kMultiply: CPU and query-time factors, traffic multiplier, cache hit ratio.
// kAnyOf: failure shares, total = 1 - (1-a)(1-b)... Taking the share back restores the knob
// exactly (the value from before it) when nobody changed the knob since, else by the inverse
// operation, snapping to the neutral value within 1e-9. When the inverse falls outside the
// knob's range [lo, hi], someone assigned the knob (a reboot zeroing a CPU hog, warm_cache
// restoring the hit ratio): their value stands and the share retires, touching it no more.
class KnobShare {
 public:
  explicit KnobShare(Combine how, double lo = -std::numeric_limits<double>::infinity(),
                     double hi = std::numeric_limits<double>::infinity())
      : how_(how), mine_(neutral(how)), lo_(lo), hi_(hi) {}

  Combine how() const { return how_; }
  double value() const { return mine_; }
  bool active() const { return mine_ != neutral(how_); }
  // Overridden by someone else's assignment: the share no longer touches the knob.
  bool retired() const { return retired_; }

  // Makes this share `value`: `get()` reads the knob, `set(double)` writes it.
  template <class Get, class Set>
  void set(double value, Get&& get, Set&& set) {
    if (retired_) return;
    const double current = get();
    const double base = base_of(current);
    if (retired_) return;
    const double next = combine(how_, base, value);
    if (next != current) set(next);
    before_ = base;
    after_ = get();
    mine_ = value;
  }
  // Takes the share back (no-op when it is neutral).
  template <class Get, class Set>
  void remove(Get&& get, Set&& set) {
    if (active()) this->set(neutral(how_), get, set);
  }

  static double neutral(Combine how) { return how == Combine::kMultiply ? 1.0 : 0.0; }
  static double combine(Combine how, double base, double share) {
    if (share == neutral(how)) return base;
    switch (how) {
      case Combine::kAdd:
        return base + share;
      case Combine::kMultiply:
        return base * share;
      case Combine::kAnyOf:
        return 1.0 - (1.0 - base) * (1.0 - share);
    }
    return base;
  }

 private:
  // The knob's value without this share (retires the share if that is out of range).
  double base_of(double current) {
    if (!active()) return current;
    if (current == after_) return before_;  // untouched since: exact
    double base = before_;                  // the inverse is undefined: best effort
    switch (how_) {
      case Combine::kAdd:
        base = current - mine_;
        break;
      case Combine::kMultiply:
        if (mine_ != 0) base = current / mine_;
        break;
      case Combine::kAnyOf:
        if (mine_ < 1) base = 1.0 - (1.0 - current) / (1.0 - mine_);
        base = base < 0 ? 0 : (base > 1 ? 1 : base);
        break;
    }
    if (std::fabs(base - neutral(how_)) < 1e-9) base = neutral(how_);
    if (base < lo_ - 1e-9 || base > hi_ + 1e-9) {
      retired_ = true;
      mine_ = neutral(how_);
      return current;
    }
    return base;
  }

  Combine how_;
  double mine_;
  double lo_, hi_;  // the knob's range without this share
  bool retired_ = false;
  double before_ = 0;  // the knob without this share, as of the last change
  double after_ = 0;   // the knob right after the last change
};

// A value that is set, not combined (config keys, limits, expiry times, partitions): the
// previous value comes back only if the knob still holds the fault's value.
template <class T>
class KnobAssignment {
 public:
  bool active() const { return active_; }
  // The value the knob had before the fault (REQUIRES: active()).
  const T& previous() const { return previous_; }

  // Sets the knob to `value`. A value someone else wrote meanwhile becomes the one restored.
  template <class Get, class Set>
  void set(const T& value, Get&& get, Set&& set) {
    const T current = get();
    if (!active_ || !(current == mine_)) previous_ = current;
    set(value);
    mine_ = get();
    active_ = true;
  }
  // Puts the previous value back if the knob still holds the fault's value.
  template <class Get, class Set>
  void restore(Get&& get, Set&& set) {
    if (active_ && get() == mine_) set(previous_);
    active_ = false;
  }

 private:
  bool active_ = false;
  T previous_{};
  T mine_{};
};

}  // namespace firedrill
