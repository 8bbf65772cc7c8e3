// SimTime: the simulation's clock value, an integer count of microseconds.
// Used both for instants (since the start of a run) and for durations. Integer time keeps
// event order exact and runs reproducible on every machine (no floating-point dates).
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace firedrill {

class SimTime {
 public:
  constexpr SimTime() = default;

  static constexpr SimTime micros(int64_t us) { return SimTime(us); }
  static constexpr SimTime millis(int64_t ms) { return SimTime(ms * 1000); }
  static constexpr SimTime seconds(int64_t s) { return SimTime(s * 1'000'000); }
  static constexpr SimTime minutes(int64_t m) { return seconds(m * 60); }
  // Rounds to the nearest microsecond, so sampled service times are unbiased.
  static SimTime from_seconds(double s) { return from_micros(s * 1e6); }
  static SimTime from_millis(double ms) { return from_micros(ms * 1e3); }
  // Inline rounding: std::llround is an out-of-line libm call on the model's hottest path.
  static SimTime from_micros(double us) {
    return SimTime(us >= 0 ? static_cast<int64_t>(us + 0.5) : -static_cast<int64_t>(0.5 - us));
  }
  static constexpr SimTime never() { return SimTime(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t us() const { return us_; }
  constexpr double to_seconds() const { return static_cast<double>(us_) * 1e-6; }
  constexpr double to_millis() const { return static_cast<double>(us_) * 1e-3; }
  // Whole seconds since the start of the run (floor): the index of the metrics second.
  constexpr int64_t whole_seconds() const {
    return us_ >= 0 ? us_ / 1'000'000 : -((-us_ + 999'999) / 1'000'000);
  }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime operator+(SimTime o) const { return SimTime(us_ + o.us_); }
  constexpr SimTime operator-(SimTime o) const { return SimTime(us_ - o.us_); }
  constexpr SimTime& operator+=(SimTime o) {
    us_ += o.us_;
    return *this;
  }
  constexpr SimTime& operator-=(SimTime o) {
    us_ -= o.us_;
    return *this;
  }
  constexpr SimTime operator*(int64_t k) const { return SimTime(us_ * k); }

 private:
  constexpr explicit SimTime(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

}  // namespace firedrill
