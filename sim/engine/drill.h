// Drill: one training run, wired together — the simulation, the web stack on its hosts,
// the alert rules, the host logs on the scenario's wall clock, and the journal that records
// it all. Single-threaded: whoever owns the Drill advances it (run_until) and reads it
// between advances; the live engine posts work to that owner instead of sharing it.
// Scenarios (Lua), trainee actions and pacing build on this.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reporter/journal/journal_sink.h"
#include "sim/engine/actions.h"
#include "sim/engine/drill_journal.h"
#include "sim/observe/alert_engine.h"
#include "sim/observe/alert_rules.h"
#include "sim/observe/host_logs.h"
#include "sim/observe/scenario_clock.h"
#include "sim/stack/observer_fanout.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

struct DrillSpec {
  std::string id = "builtin";
  std::string title = "Built-in drill";
  uint64_t seed = 1;
  StackConfig stack;
  std::string time_zone = "UTC";
  std::string start_local = "2024-02-16 14:00:00";
  SimTime length = SimTime::minutes(30);
  std::vector<AlertRuleSpec> alerts;
  SimTime sample_every = SimTime::seconds(10);  // journal metrics samples
};

// The alerts a small production site would have: error rate, latency, backends, disks.
std::vector<AlertRuleSpec> standard_alert_rules();

class Drill {
 public:
  // Checks the spec (time zone, start, alert rules); on error returns null and says why in
  // `error` ("alerts[2] 'HighLatency': expr: column 9: ..."). The sink may be null; it is
  // not owned and must outlive the drill.
  static std::unique_ptr<Drill> create(const DrillSpec& spec, JournalSink* journal,
                                       std::string* error);
  Drill(const Drill&) = delete;
  Drill& operator=(const Drill&) = delete;

  // Advances simulated time to `t` (everything due before it happens).
  void run_until(SimTime t) { sim_.run_until(t); }
  SimTime now() const { return sim_.now(); }

  const DrillSpec& spec() const { return spec_; }
  Simulation& sim() { return sim_; }
  WebStack& stack() { return stack_; }
  AlertEngine& alerts() { return alerts_; }
  HostLogs& logs() { return *logs_; }
  const ScenarioClock& clock() const { return clock_; }
  DrillJournal& journal() { return journal_; }
  // Carries out an action now and journals it (`trainee.action`, or the given source and
  // kind for the scenario's own moves), whether it was refused or done. `extra` fields are
  // added to the record (the autopilot's {"autopilot": true}).
  ActionResult perform(const ActionRequest& request, const std::string& source = "trainee",
                       const nlohmann::json& extra = nlohmann::json::object());

  // Another watcher of the stack's events (a terminal echo, a dashboard feed). Not owned.
  void add_observer(StackObserver* observer) { fanout_.add(observer); }

 private:
  Drill(const DrillSpec& spec, ScenarioClock clock, JournalSink* sink);

  DrillSpec spec_;
  Simulation sim_;
  WebStack stack_;
  ScenarioClock clock_;
  AlertEngine alerts_;
  std::unique_ptr<HostLogs> logs_;
  DrillJournal journal_;
  ObserverFanout fanout_;
};

}  // namespace firedrill
