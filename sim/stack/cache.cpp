#include "sim/stack/cache.h"

#include <cmath>

#include "sim/stack/database.h"
#include "sim/stack/web_server.h"

namespace firedrill {

Cache::Cache(StackContext& ctx, const CacheConfig& cfg)
    : ctx_(ctx),
      cfg_(cfg),
      id_(ctx.sim.add_handler(this, "cache")),
      rng_(ctx.sim.streams().stream("cache/lookups")),
      hit_ratio_(cfg.hit_ratio) {}

void Cache::lookup(uint32_t index) {
  const bool hit = rng_.bernoulli(hit_ratio_);
  const SimTime t = SimTime::from_micros(rng_.exponential(cfg_.lookup_ms * 1000.0));
  ctx_.sim.schedule_in(t, id_, hit ? kHit : kMiss, ctx_.requests.ref(index).pack());
}

void Cache::on_event(const Event& e) {
  const RequestRef ref = RequestRef::unpack(e.arg);
  if (!ctx_.requests.valid(ref) || !ctx_.requests[ref.index].in_backend) return;
  if (e.kind == kHit) {
    ++sec_hits_;
    ctx_.webs[ctx_.requests[ref.index].web]->query_done(ref, true);
  } else {
    ++sec_misses_;
    submit_query(ctx_, ref.index);
  }
}

void Cache::register_metrics(MetricsRegistry& m) {
  s_.hits = m.add("cache", "hits", "req/s");
  s_.misses = m.add("cache", "misses", "req/s");
  s_.hit_ratio = m.add("cache", "hit_ratio", "ratio");
}

void Cache::sample(MetricsRegistry& m) {
  const uint64_t total = sec_hits_ + sec_misses_;
  m.set(s_.hits, static_cast<double>(sec_hits_));
  m.set(s_.misses, static_cast<double>(sec_misses_));
  m.set(s_.hit_ratio,
        total ? static_cast<double>(sec_hits_) / static_cast<double>(total) : hit_ratio_);
  sec_hits_ = sec_misses_ = 0;
}

}  // namespace firedrill
