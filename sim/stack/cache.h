// Cache: an optional look-aside cache (memcached/Redis) in front of the database. A lookup
// takes a short time; a hit answers the query, a miss goes on to the database. The hit
// ratio is live state that faults change (a flush drops it to zero and it warms back).
#pragma once

#include <cstdint>

#include "sim/observe/metric_series.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"

namespace firedrill {

class Cache : public EventHandler {
 public:
  Cache(StackContext& ctx, const CacheConfig& cfg);

  void on_event(const Event& e) override;
  void lookup(uint32_t index);

  double hit_ratio() const { return hit_ratio_; }
  void set_hit_ratio(double r) { hit_ratio_ = r; }
  const CacheConfig& config() const { return cfg_; }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

 private:
  enum Kind : uint32_t { kHit, kMiss };
  StackContext& ctx_;
  CacheConfig cfg_;
  uint32_t id_;
  RandomStream rng_;
  double hit_ratio_;
  uint64_t sec_hits_ = 0, sec_misses_ = 0;
  struct Series {
    SeriesId hits, misses, hit_ratio;
  } s_{};
};

}  // namespace firedrill
