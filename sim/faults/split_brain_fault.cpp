// db_failover_split_brain: a failover that leaves two primaries.
//   t0               the primary (db) dies and stays down (no systemd restart): writes fail.
//   + promote_after  the replica is promoted: every web server writes to it (reads stay on it).
//   + return_after   the old primary boots believing it is still the primary; the stale_share
//                    of web servers (web-1, web-2, ... at least one) reconnect to it and write
//                    there. Both sides take writes: conflict_rate of the writes on each side
//                    fail (duplicate keys, serialization failures: db_error, the app's 500).
//   until fenced     stopping the old primary fences it (its writers reconnect to the promoted
//                    one); restarting a stale web server sends it to the promoted one. When no
//                    stale writer is left, the conflicts stop.
// clear() is a failback: writes go to db again, conflicts stop, and a db still held down by
// the fault is started. Needs a replica.
#include <cmath>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/fault_knobs.h"

namespace firedrill {

namespace {

class SplitBrainFault : public Fault {
 public:
  explicit SplitBrainFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> check(WebStack& stack, const std::vector<FaultComponent>&) override {
    if (stack.replica()) return std::nullopt;
    return FaultError{"targets",
                      "db_failover_split_brain needs a read replica to promote; this "
                      "stack has none (db.replica = false)"};
  }
  std::optional<FaultError> on_inject() override {
    WebStack& s = stack();
    phase_ = Phase::kPrimaryDown;
    webs_.clear();
    for (size_t i = 0; i < s.web_count(); ++i)
      webs_.push_back({&s.web(i), s.web(i).write_target(), 0, false});
    conflicts_.clear();
    conflicts_.emplace_back(db_write_error_knob(s.db()), Combine::kAnyOf);
    conflicts_.emplace_back(db_write_error_knob(*s.replica()), Combine::kAnyOf);
    s.db().host().crash();
    s.db().host().stop();  // no systemd restart: it comes back at return_after
    schedule_timer(values().duration("promote_after"), kPromote);
    schedule_timer(values().duration("return_after"), kReturn);
    return std::nullopt;
  }
  void apply(double intensity) override {
    const double rate = phase_ == Phase::kSplit ? values().number("conflict_rate") * intensity : 0;
    for (BoundShare& c : conflicts_) c.set(rate);
  }
  void on_timer(uint32_t timer) override {
    WebStack& s = stack();
    if (timer == kPromote && phase_ == Phase::kPrimaryDown) {
      phase_ = Phase::kPromoted;
      for (Web& w : webs_) w.web->set_write_target(s.replica());
    } else if (timer == kReturn) {
      if (phase_ == Phase::kPrimaryDown) {  // returned before the promotion: no split
        phase_ = Phase::kFenced;
        s.db().host().start();
        return;
      }
      s.db().host().start();  // believing it is the primary
      phase_ = Phase::kSplit;
      const size_t n = webs_.size();
      const auto stale = static_cast<size_t>(
          std::max(1.0, std::round(values().number("stale_share") * static_cast<double>(n))));
      for (size_t i = 0; i < n && i < stale; ++i) {
        webs_[i].stale = true;
        webs_[i].pid = webs_[i].web->host().pid();
        webs_[i].web->set_write_target(nullptr);  // back to db, the old primary
      }
      apply(intensity());
      keep_ticking();
    }
  }
  bool wants_ticks() const override { return phase_ == Phase::kSplit; }
  // Fencing: the old primary stopped, or a stale web server restarted (it re-resolves).
  void on_tick() override {
    WebStack& s = stack();
    const bool fenced = s.db().host().state() == ProcessState::kStopped;
    bool any_stale = false;
    for (Web& w : webs_) {
      if (w.stale && (fenced || w.web->host().pid() != w.pid)) {
        w.stale = false;
        w.web->set_write_target(s.replica());
      }
      any_stale = any_stale || w.stale;
    }
    if (!any_stale) {
      phase_ = Phase::kFenced;
      apply(intensity());
    }
  }
  void on_clear() override {
    for (Web& w : webs_) w.web->set_write_target(w.before);
    for (BoundShare& c : conflicts_) c.remove();
    conflicts_.clear();
    if (phase_ == Phase::kPrimaryDown || phase_ == Phase::kPromoted) stack().db().host().start();
    phase_ = Phase::kFenced;
  }

 private:
  enum Timer : uint32_t { kPromote, kReturn };
  enum class Phase { kPrimaryDown, kPromoted, kSplit, kFenced };
  struct Web {
    WebServer* web;
    Database* before;  // its write target before the fault
    uint32_t pid;      // when it went stale
    bool stale;        // still writing to the old primary
  };
  Phase phase_ = Phase::kPrimaryDown;
  std::vector<Web> webs_;
  std::vector<BoundShare> conflicts_;  // write failures on db and on the replica
};

std::optional<FaultError> validate_split(const FaultParamValues& v,
                                         const std::vector<std::string>&) {
  if (v.duration("return_after") > v.duration("promote_after")) return std::nullopt;
  return FaultError{"params.return_after",
                    "must be later than promote_after (the old primary comes back after the "
                    "promotion), got " +
                        format_fault_duration(v.duration("return_after")) +
                        " <= " + format_fault_duration(v.duration("promote_after"))};
}

}  // namespace

void add_split_brain_fault_kind(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "db_failover_split_brain",
      .summary = "the primary dies, the replica is promoted, the old primary comes back "
                 "believing it is the primary and some web servers write to it: conflicting "
                 "writes fail until one side is fenced",
      .roles = kRoleDb,
      .default_targets = {"db"},
      .params = {duration_param("promote_after", 30, 0, 3600,
                                "the replica is promoted this long after the primary dies"),
                 duration_param("return_after", 60, 0, 24 * 3600,
                                "the old primary comes back this long after it died"),
                 number_param("stale_share", "share 0-1", 0.5, 0, 1,
                              "share of web servers that keep writing to the old primary (at "
                              "least one)"),
                 number_param("conflict_rate", "share 0-1", 0.3, 0, 1,
                              "share of writes failing on each side while both take writes")},
      .intensity = "conflict_rate",
      .symptoms = "db down: writes fail (500 process_down) until the promotion; then db-replica "
                  "takes every query and errors stop; after the return both db and db-replica "
                  "take writes and both report db_error failures (conflict_rate of the writes: "
                  "the app's 500)",
      .fixes = "fence the old primary (`stop_service` on db) or `restart_service` the stale web "
               "servers so they reconnect to the promoted one; then `start_service` db as a "
               "rebuilt replica and fail back (clear)",
      .validate = validate_split,
      .make = make_kind<SplitBrainFault>});
}

}  // namespace firedrill
