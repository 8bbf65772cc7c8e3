// ScenarioRuntime: a loaded Scenario attached to one Drill. It journals scenario.meta, runs the
// at/every hooks as simulation events and evaluates `when` conditions, hints, stakeholder
// conditions and resolved-when once a simulated second; injects and clears the scenario's
// faults (fault library) and red herrings; reads the journal as it is written to react to the
// responder — a matching action clears the faults a fix rule repairs, an escalation gets the
// team's scripted reply after its delay, a request for a hint gets the next one; and, when
// asked, plays the autopilot's moves (journalled as trainee.* records with "autopilot": true,
// actions through Drill::perform). A failing Lua function is reported (journal kind
// scenario.error, and the error sink: stderr by default) as FILE:LINE with its traceback and
// disabled; the drill goes on. Deterministic: only simulation events and the run seed.
// Single-threaded: the drill's owner calls it, between events or from them.
// REQUIRES: the scenario and the drill outlive the runtime, and the drill is not advanced
// after the runtime is gone (its faults and events live in the simulation). One runtime per
// scenario at a time; the drill was created from scenario.drill_spec().
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/drill.h"
#include "sim/faults/fault.h"
#include "sim/script/scenario.h"

namespace firedrill::script {

// What a console command printed, for the autopilot's inspections and scenario commands.
struct ConsoleReply {
  std::string output;
  int exit_code = 0;
  // What the command concerned, as the journal's trainee.command `touched` field reads it:
  // {"host", "component", "topic", ...}. Null: the runtime fills {host, component: host}.
  nlohmann::json touched;
};

struct ScenarioRuntimeOptions {
  bool autopilot = false;  // play the scenario's autopilot
  // Runs one console line on a host for the autopilot's inspections (the engine passes the
  // trainee's console). Null: the scenario's own commands answer, others print nothing.
  std::function<ConsoleReply(const std::string& host, const std::string& line)> command_runner;
  // Receives every script error (already journalled). Null: "FILE:LINE: message", the
  // traceback and what was disabled go to stderr.
  std::function<void(const ScriptError& error, const std::string& what)> error_sink;
};

// A fault parameter as JSON: true, 0.25, "30s".
nlohmann::json fault_value_json(const FaultValue& value);

class ScenarioRuntime : public EventHandler {
 public:
  enum class FaultState : uint8_t { pending, active, cleared };

  // Attaches: the scenario's hooks may now read and act on the drill. Call start() next.
  ScenarioRuntime(Scenario& scenario, Drill& drill, ScenarioRuntimeOptions options = {});
  ~ScenarioRuntime() override;
  ScenarioRuntime(const ScenarioRuntime&) = delete;
  ScenarioRuntime& operator=(const ScenarioRuntime&) = delete;

  // Journals scenario.meta and schedules everything. REQUIRES: once, before the drill runs.
  void start();
  void on_event(const Event& event) override;

  // ---- The trainee's world (the engine and the console call these) -------------------------
  // The scenario's answer to a command (argv[0] is the command name), or nullopt when the
  // scenario declares none for that host or its function returned nil (use the built-in).
  std::optional<ConsoleReply> run_command(const std::string& host,
                                          const std::vector<std::string>& argv);
  // The scenario's content of a file on a host (ending in a newline), or nullopt (use the
  // built-in file). Command output ends in a newline too.
  std::optional<std::string> read_file(const std::string& host, const std::string& path);

  // ---- Outcome ---------------------------------------------------------------------------------
  std::optional<SimTime> outage_began_at() const { return outage_began_; }
  std::optional<SimTime> mitigated_at() const { return mitigated_; }
  std::optional<SimTime> resolved_at() const { return resolved_; }
  bool resolved() const { return resolved_.has_value(); }
  FaultState fault_state(std::string_view id) const;
  // Alert rules that reached `firing` at least once.
  const std::set<std::string>& alerts_fired() const { return alerts_fired_; }
  // Every script error so far, in order (each also journalled).
  const std::vector<ScriptError>& errors() const { return errors_; }
  size_t autopilot_steps_done() const { return steps_done_; }

  // ---- For the Lua bindings (scenario_api_*.cpp) ---------------------------------------------
  Drill& drill() { return drill_; }
  const ScenarioDefinition& definition() const;
  // inject(id), clear(id), ramp(id, ...): false with `error` set for an unknown id or a fault
  // the stack refuses; `changed` says whether anything happened (inject of an active fault
  // does nothing).
  bool inject(const std::string& id, std::string& error, bool& changed);
  bool clear(const std::string& id, std::string& error, bool& changed);
  bool ramp(const std::string& id, double intensity, SimTime over, std::string& error);
  // A scenario log line (log(host, file, text)).
  void write_log(const std::string& host, const std::string& path, std::string text);
  // The responder's activity so far (trainee and autopilot alike), for hint conditions.
  int actions_on(std::string_view host_glob) const;
  int commands_on(std::string_view host_glob) const;
  bool escalated_to(std::string_view team) const;  // "" : to anyone
  SimTime idle_for() const;                        // since the last command or action

 private:
  enum EventKind : uint32_t { kTick, kHookAt, kHookEvery, kFaultAt, kStakeholderAt, kReply, kStep };
  struct HookState {
    bool disabled = false;
    bool fired = false;
    bool was_true = false;
  };
  struct FaultInstance {
    std::unique_ptr<Fault> fault;
    FaultState state = FaultState::pending;
    std::vector<std::string> targets;  // resolved at injection
    std::set<std::string> fixed;       // targets a repairing action has reached
  };
  struct Reply {
    std::string team;
    std::string text;
    uint64_t request_seq = 0;
  };

  // scenario_runtime.cpp: lifecycle, hooks, conditions, errors
  void journal(const std::string& kind, nlohmann::json fields);
  void report_error(const ScriptError& error, const std::string& what, CallbackId disable);
  bool run_hook(size_t index);
  std::optional<bool> evaluate(CallbackId condition, const std::string& what);
  std::optional<std::string> call_for_text(CallbackId function, const std::string& what,
                                           const std::vector<std::string>& args,
                                           std::optional<double>* number = nullptr);
  void tick();
  void check_resolved();
  nlohmann::json meta_fields() const;
  // scenario_runtime_world.cpp: faults, fixes, teams, stakeholders, hints, the journal feed
  void build_faults();
  void on_record(const JournalRecord& record);
  void apply_fixes(const JournalRecord& record);
  bool fix_matches(const FixRule& fix, const JournalRecord& record);
  void set_fault_cleared(size_t index, const std::string& reason);
  void poll_faults();
  void answer_escalation(const JournalRecord& record);
  void send_stakeholder(size_t index);
  void give_hint(size_t index);
  void check_hints(bool asked);
  void note_incident(const std::string& state, std::optional<SimTime>& slot);
  // scenario_runtime_autopilot.cpp
  void run_step(size_t index);

  Scenario& scenario_;
  Drill& drill_;
  ScenarioRuntimeOptions options_;
  uint32_t handler_ = 0;
  bool started_ = false;
  std::shared_ptr<ScenarioRuntime*> self_;  // the journal listener's weak handle

  std::vector<HookState> hooks_;
  std::vector<FaultInstance> faults_;
  std::vector<bool> stakeholder_sent_;
  std::vector<bool> hint_given_;
  std::vector<Reply> replies_;
  std::map<std::string, int, std::less<>> actions_by_host_;
  std::map<std::string, int, std::less<>> commands_by_host_;
  std::set<std::string, std::less<>> escalated_;
  SimTime last_activity_;
  std::set<std::string> alerts_fired_;
  std::optional<SimTime> outage_began_, mitigated_, resolved_;
  std::optional<SimTime> resolved_holding_since_;
  bool resolved_condition_failed_ = false;
  std::vector<ScriptError> errors_;
  size_t steps_done_ = 0;
};

}  // namespace firedrill::script
