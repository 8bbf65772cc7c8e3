// Internal to the fault library: the live values of the stack that faults change, as (get,
// set) pairs, and BoundShare — a KnobShare tied to its knob. A fault keeps one BoundShare per
// target and knob, sets it from its intensity and removes it when cleared. Off the hot path:
// std::function is fine here.
#pragma once

#include <functional>
#include <limits>
#include <string>

#include "sim/faults/knob_share.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

struct Knob {
  std::function<double()> get;
  std::function<void(double)> set;
  // The range of the knob without a share: an inverse outside it means someone assigned the
  // knob (see KnobShare).
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};

// Web server impairments (combined with the deployed release's behaviour).
Knob web_error_rate_knob(WebServer& w);  // kAnyOf: share of requests answered 500
Knob web_cpu_factor_knob(WebServer& w);  // kMultiply: CPU time multiplier
Knob web_latency_us_knob(WebServer& w);  // kAdd: µs added to every request
// Databases.
Knob db_query_factor_knob(Database& d);     // kMultiply
Knob db_error_rate_knob(Database& d);       // kAnyOf
Knob db_write_error_knob(Database& d);      // kAnyOf: writes only
Knob db_replication_lag_knob(Database& d);  // kAdd: seconds
// Hosts.
Knob host_cpu_hog_knob(Host& h);      // kAdd: cores (a reboot zeroes it)
Knob host_memory_leak_knob(Host& h);  // kAdd: MB/min
Knob host_disk_fill_knob(Host& h);    // kAdd: GB/min
// Users, cache, network.
Knob client_rate_knob(Client& c);         // kMultiply: arrival-rate multiplier
Knob client_dns_failure_knob(Client& c);  // kAnyOf
Knob cache_hit_ratio_knob(Cache& c);      // kMultiply (flush_cache / warm_cache assign it)
Knob link_loss_knob(NetworkLinks& links, std::string a, std::string b);  // kAnyOf

class BoundShare {
 public:
  BoundShare(Knob knob, Combine how) : knob_(std::move(knob)), share_(how, knob_.lo, knob_.hi) {}
  void set(double value) { share_.set(value, knob_.get, knob_.set); }
  void remove() { share_.remove(knob_.get, knob_.set); }
  double value() const { return share_.value(); }

 private:
  Knob knob_;
  KnobShare share_;
};

}  // namespace firedrill
