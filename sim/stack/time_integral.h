// TimeIntegral: the integral over simulated time of a level that changes in steps (busy
// workers, open connections). Gives both the area since the last metrics second and
// since the start of the run, exactly (integer µs · units).
#pragma once

#include <cstdint>

#include "sim/core/sim_time.h"

namespace firedrill {

class TimeIntegral {
 public:
  void change(SimTime now, int32_t delta) {
    advance(now);
    level_ += delta;
  }
  int32_t level() const { return level_; }
  // Area (unit·µs) since the previous call, then restarts the interval.
  int64_t take_interval(SimTime now) {
    advance(now);
    const int64_t a = interval_area_;
    interval_area_ = 0;
    return a;
  }
  // Area (unit·µs) since the start of the run.
  int64_t total(SimTime now) {
    advance(now);
    return total_area_;
  }

 private:
  void advance(SimTime now) {
    const int64_t a = static_cast<int64_t>(level_) * (now.us() - last_us_);
    interval_area_ += a;
    total_area_ += a;
    last_us_ = now.us();
  }
  int64_t last_us_ = 0;
  int32_t level_ = 0;
  int64_t interval_area_ = 0;
  int64_t total_area_ = 0;
};

}  // namespace firedrill
