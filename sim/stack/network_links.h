// NetworkLinks: the state of the network between two components (by name): partitioned or
// not, and the share of packets lost. Symmetric. Checking costs nothing while no link is
// impaired, which is the common case on the model's hot path: callers test impaired() first.
// A lost packet costs TCP's retransmission timeout, 1 s doubling on every loss (Linux's
// initial RTO), so a lossy link shows as latency before it shows as timeouts.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "sim/core/random.h"
#include "sim/core/sim_time.h"

namespace firedrill {

class NetworkLinks {
 public:
  void set_partitioned(std::string_view a, std::string_view b, bool partitioned) {
    auto key = ordered(a, b);
    if (partitioned) {
      partitions_.insert(std::move(key));
    } else {
      partitions_.erase(key);
    }
    impaired_ = !partitions_.empty() || !losses_.empty();
  }
  bool partitioned(std::string_view a, std::string_view b) const {
    return !partitions_.empty() && partitions_.count(ordered(a, b)) > 0;
  }
  bool any() const { return !partitions_.empty(); }

  // The share of packets lost between a and b, 0..1 (0 removes the impairment).
  void set_loss(std::string_view a, std::string_view b, double loss) {
    if (loss > 0) {
      losses_[ordered(a, b)] = loss;
    } else {
      losses_.erase(ordered(a, b));
    }
    impaired_ = !partitions_.empty() || !losses_.empty();
  }
  double loss(std::string_view a, std::string_view b) const {
    if (losses_.empty()) return 0.0;
    const auto it = losses_.find(ordered(a, b));
    return it == losses_.end() ? 0.0 : it->second;
  }
  // Whether any link is partitioned or lossy (the only check on the unimpaired path).
  // A cached flag: asked twice per request, cheaper than two container sizes (callgrind).
  bool impaired() const { return impaired_; }

  // Time lost to retransmissions setting up one exchange across a link losing `loss` of its
  // packets: each loss costs the retransmission timeout, 1 s then doubling. Returns `give_up`
  // when the exchange would take at least that long (the caller then fails it as a timeout).
  static SimTime retransmission_delay(double loss, RandomStream& rng, SimTime give_up) {
    SimTime delay, rto = SimTime::seconds(1);
    while (delay < give_up && rng.bernoulli(loss)) {
      delay += rto;
      rto = rto * 2;
    }
    return delay < give_up ? delay : give_up;
  }

 private:
  static std::pair<std::string, std::string> ordered(std::string_view a, std::string_view b) {
    return a < b ? std::pair{std::string(a), std::string(b)}
                 : std::pair{std::string(b), std::string(a)};
  }
  std::set<std::pair<std::string, std::string>> partitions_;
  std::map<std::pair<std::string, std::string>, double> losses_;
  bool impaired_ = false;
};

}  // namespace firedrill
