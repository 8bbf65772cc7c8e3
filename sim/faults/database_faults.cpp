// Data-tier faults: slow_queries and lock_contention (query time, fewer queries at once),
// replication_lag (a replica falling behind; past the app's max_replica_lag its reads go to
// the primary) and cache_flush (hit ratio to zero, warming back: a stampede on the database).
#include <cmath>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/fault_knobs.h"

namespace firedrill {

namespace {

class SlowQueriesFault : public Fault {
 public:
  explicit SlowQueriesFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    factors_.clear();
    slots_.assign(components().size(), {});
    for (const FaultComponent& c : components())
      factors_.emplace_back(db_query_factor_knob(*c.db), Combine::kMultiply);
    return std::nullopt;
  }
  void apply(double intensity) override {
    const double factor = values().number("factor");
    const uint32_t slots = kind() == "lock_contention" ? values().count("slots") : 0;
    for (size_t k = 0; k < factors_.size(); ++k) {
      factors_[k].set(1.0 + (factor - 1.0) * intensity);
      if (slots == 0) continue;
      Database& db = *components()[k].db;
      auto get = [&db] { return db.config().query_slots; };
      auto set = [&db](uint32_t v) { db.set_query_slots(v); };
      const double from = slots_[k].active() ? slots_[k].previous() : db.config().query_slots;
      if (intensity > 0 && slots < from) {
        slots_[k].set(
            static_cast<uint32_t>(std::max(1.0, std::round(from - (from - slots) * intensity))),
            get, set);
      } else {
        slots_[k].restore(get, set);
      }
    }
  }
  void on_clear() override {
    for (size_t k = 0; k < factors_.size(); ++k) {
      factors_[k].remove();
      Database& db = *components()[k].db;
      slots_[k].restore([&db] { return db.config().query_slots; },
                        [&db](uint32_t v) { db.set_query_slots(v); });
    }
    factors_.clear();
  }

 private:
  std::vector<BoundShare> factors_;
  std::vector<KnobAssignment<uint32_t>> slots_;
};

// lag(t) = min(max, initial + rate * t) seconds, t since injection, times the intensity.
class ReplicationLagFault : public Fault {
 public:
  explicit ReplicationLagFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    lags_.clear();
    for (const FaultComponent& c : components())
      lags_.emplace_back(db_replication_lag_knob(*c.db), Combine::kAdd);
    return std::nullopt;
  }
  void apply(double intensity) override {
    const double t = (now() - injected_at()).to_seconds();
    const double lag =
        std::min(values().number("max"), values().number("initial") + values().number("rate") * t);
    for (BoundShare& s : lags_) s.set(lag * intensity);
  }
  bool wants_ticks() const override { return true; }
  void on_tick() override { apply(intensity()); }
  void on_clear() override {
    for (BoundShare& s : lags_) s.remove();
    lags_.clear();
  }

 private:
  std::vector<BoundShare> lags_;
};

// hit ratio x (1 - intensity * e^(-t / warm_time)): all misses at once, 63% of the way back
// after one warm_time, fully back (the share removed) after ten.
class CacheFlushFault : public Fault {
 public:
  explicit CacheFlushFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    shares_.clear();
    warm_ = true;
    for (const FaultComponent& c : components())
      shares_.emplace_back(cache_hit_ratio_knob(*c.cache), Combine::kMultiply);
    return std::nullopt;
  }
  void apply(double intensity) override {
    const double x =
        (now() - injected_at()).to_seconds() / values().duration("warm_time").to_seconds();
    warm_ = x < 10;
    for (BoundShare& s : shares_) s.set(warm_ ? 1.0 - intensity * std::exp(-x) : 1.0);
  }
  bool wants_ticks() const override { return warm_; }
  void on_tick() override { apply(intensity()); }
  void on_clear() override {
    for (BoundShare& s : shares_) s.remove();
    shares_.clear();
  }

 private:
  std::vector<BoundShare> shares_;
  bool warm_ = true;  // still warming up
};

}  // namespace

void add_database_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "slow_queries",
      .summary = "queries take longer (a missing index, a bad plan, a cold buffer cache)",
      .roles = kRoleDatabases,
      .default_targets = {"db"},
      .params = {number_param("factor", "x", 10, 1, 10'000, "query-time multiplier")},
      .intensity = "factor above 1",
      .symptoms = "query_mean_ms / query_p99_ms and active_queries rise, slow-query log lines; "
                  "then web pools fill (db_pool_waiting), pool timeouts (500), busy workers, "
                  "backlog, 502 and failed health checks (503 once every backend is out)",
      .fixes = "`kill_queries` frees the slots for a moment; the scenario clears the fault when "
               "the cause (index, plan) is fixed; shed load meanwhile",
      .make = make_kind<SlowQueriesFault>});
  out.push_back(FaultKindInfo{
      .kind = "lock_contention",
      .summary = "queries wait on a lock: slower, and fewer run at once",
      .roles = kRoleDatabases,
      .default_targets = {"db"},
      .params = {number_param("factor", "x", 3, 1, 10'000, "query-time multiplier"),
                 count_param("slots", "queries", 2, 0, 100'000,
                             "queries that can run at once while the lock is held (0: as "
                             "configured)")},
      .intensity = "factor above 1; slots move from the configured number towards `slots`",
      .symptoms = "queued_queries grows while utilization of the few running slots is full; "
                  "latency, pool waits and pool timeouts as for slow queries",
      .fixes =
          "`kill_queries` ends the blocking transaction: the scenario should clear the fault on it",
      .make = make_kind<SlowQueriesFault>});
  out.push_back(FaultKindInfo{
      .kind = "replication_lag",
      .summary = "the read replica falls behind the primary; past the app's max_replica_lag "
                 "(30 s by default) its reads go to the primary",
      .roles = kRoleReplica,
      .default_targets = {"db-replica"},
      .params = {number_param("rate", "s/s", 1, 0, 1000,
                              "lag gained per second (1: the replica applies nothing)"),
                 number_param("initial", "s", 0, 0, 1e6, "lag at injection"),
                 number_param("max", "s", 3600, 0, 1e7, "lag stops growing here")},
      .intensity = "the lag itself (ramp to 0 to model the replica catching up)",
      .symptoms = "replication_lag_seconds on db-replica climbs; once over max_replica_lag "
                  "the replica's queries drop to zero and the primary takes every read: its "
                  "utilisation and query times rise, and with them latency and pool waits",
      .fixes = "the scenario clears it when replication is repaired (a ramp to 0 first models the "
               "catch-up); meanwhile shed load from the primary",
      .make = make_kind<ReplicationLagFault>});
  out.push_back(FaultKindInfo{
      .kind = "cache_flush",
      .summary = "the cache is flushed (restart, eviction storm): every lookup misses, then it "
                 "warms back with time constant warm_time",
      .roles = kRoleCache,
      .default_targets = {"cache"},
      .params = {duration_param("warm_time", 300, 1, 24 * 3600,
                                "63% of the hit ratio is back after this, all of it after ten "
                                "times this")},
      .intensity = "how much of the hit ratio is lost at first",
      .symptoms = "cache hit_ratio drops to 0 and recovers; misses hit the database at once: "
                  "its queries, utilisation and query times jump (a stampede), latency and "
                  "pool waits rise",
      .fixes = "`warm_cache` restores the hit ratio at once (the fault then retires); otherwise it "
               "heals by itself; shed load while it warms",
      .make = make_kind<CacheFlushFault>});
}

}  // namespace firedrill
