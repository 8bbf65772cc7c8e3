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
    const int64_t a = total_area_ - interval_start_;
    interval_start_ = total_area_;
    return a;
  }
  // Area (unit·µs) since the start of the run.
  int64_t total(SimTime now) {
    advance(now);
    return total_area_;
  }

 private:
  // One running sum (the interval is a difference of two readings of it): change() runs
  // six times per request, take_interval() once a simulated second; two sums cost ~26
  // instructions more per request (callgrind).
  void advance(SimTime now) {
    total_area_ += static_cast<int64_t>(level_) * (now.us() - last_us_);
    last_us_ = now.us();
  }
  int64_t last_us_ = 0;
  int32_t level_ = 0;
  int64_t total_area_ = 0;
  int64_t interval_start_ = 0;  // total_area_ at the last take_interval()
};

}  // namespace firedrill
