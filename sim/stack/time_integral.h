// TimeIntegral: the integral over simulated time of a level that changes in steps (busy
// workers, open connections). Gives both the area since the last metrics second and
// since the start of the run, exactly (integer µs · units).
#pragma once

#include <cstdint>

#include "sim/core/sim_time.h"

namespace firedrill {

class TimeIntegral {
 public:
  // The area up to T is level(T)·T − Σ delta_i·t_i over the changes so far, so a change
  // only adds −delta·now to that sum: with delta a constant ±1 at the call sites that is
  // one subtraction, where advancing a running area cost ~4 instructions more per change
  // (six changes per request; callgrind). The sum stays the exact area minus level·T, so
  // it never grows beyond the area itself.
  void change(SimTime now, int32_t delta) {
    offset_ -= static_cast<int64_t>(delta) * now.us();
    level_ += delta;
  }
  int32_t level() const { return level_; }
  // Area (unit·µs) since the previous call, then restarts the interval.
  int64_t take_interval(SimTime now) {
    const int64_t area = total(now);
    const int64_t a = area - interval_start_;
    interval_start_ = area;
    return a;
  }
  // Area (unit·µs) since the start of the run.
  int64_t total(SimTime now) const { return static_cast<int64_t>(level_) * now.us() + offset_; }

 private:
  int32_t level_ = 0;
  int64_t offset_ = 0;          // −Σ delta_i · t_i
  int64_t interval_start_ = 0;  // total() at the last take_interval()
};

}  // namespace firedrill
