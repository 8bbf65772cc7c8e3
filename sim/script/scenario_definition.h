// ScenarioDefinition: everything a scenario file declared, as plain data — a DrillSpec for the
// engine plus the metadata, hooks, faults, red herrings, the trainee's world (commands, files,
// teams, stakeholders, hints, runbooks, deploys), fix rules, the resolved-when condition, the
// corrective measures and the autopilot. Lua functions appear as CallbackIds held by the
// scenario's sandbox (see Scenario), so a definition is only meaningful next to that sandbox.
// Every declaration keeps where it was made, so later checks can blame FILE:LINE.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/engine/actions.h"
#include "sim/engine/drill.h"
#include "sim/faults/fault_params.h"
#include "sim/script/lua_sandbox.h"

namespace firedrill::script {

// Where a declaration was made: the chunk name without '@' and the line of the call.
struct SourceLocation {
  std::string file;
  int line = 0;
};

struct ScenarioMeta {
  std::string difficulty;                   // "beginner", "intermediate", "advanced"
  std::string briefing;                     // what the trainee is told at the start
  std::string root_cause;                   // instructor only
  std::string resolution;                   // how the fix works (for the debrief; instructor only)
  std::vector<std::string> learning_goals;  // instructor only
  std::vector<std::string> services;        // the user-facing services ("web shop")
  double slo_error_ratio = 0.01;            // the SLO the debrief measures against
  double slo_latency_ms = 1000;
  std::vector<std::string> tags;
  std::string author;
  SourceLocation where;
};

struct HookDecl {
  enum class Kind : uint8_t { at, every, when };
  Kind kind = Kind::at;
  std::string name;                 // for the journal ("at 5m", or the author's name)
  CallbackId run;                   // the hook's body
  CallbackId condition;             // `when` only
  SimTime at;                       // `at`: the instant; `every`: the first run
  SimTime interval;                 // `every` only
  SimTime stop = SimTime::never();  // `every` and `when`: no runs at or after this instant
  bool once = true;                 // `when`: fire only the first time the condition holds
  bool quiet = false;               // no scenario.event record when it runs
  SourceLocation where;
};

struct FaultDecl {
  std::string id;                    // the author's name for it, unique in the scenario
  std::string kind;                  // a kind of the fault library
  std::vector<std::string> targets;  // component names or globs ("web-*")
  FaultParams params;                // as the fault library takes them (ramp, duration...)
  std::optional<SimTime> at;         // injected at this instant (else from a hook: inject(id))
  bool red_herring = false;          // a misleading signal, not the incident's cause
  std::string explanation;           // red herrings: what it really is (for the debrief)
  SourceLocation where;
};

// Which responder actions repair (or mitigate) which faults. An action matches when its name
// is `action`, its target matches one of `targets` (globs; empty: any), every entry of
// `params` equals the request's value, and `check(request)` (if given) returns true.
struct FixRule {
  std::string action;
  std::vector<std::string> targets;
  std::map<std::string, std::string> params;
  CallbackId check;
  std::vector<std::string> repairs;    // fault ids cleared on the action's target
  std::vector<std::string> mitigates;  // fault ids whose incident counts as mitigated
  CallbackId run;                      // called after the action, with the request
  std::string note;                    // why it works (for the debrief)
  SourceLocation where;
};

struct ResolvedWhen {
  CallbackId condition;  // unset: resolved once every non-red-herring fault is cleared
  SimTime hold;          // the condition must hold this long
  SourceLocation where;
};

// Shell command output on hosts (by glob): text, or a function(args, host) -> text[, exit].
struct CommandDecl {
  std::string hosts;  // glob, "*" for every host
  std::string name;   // argv[0]
  std::string text;
  CallbackId output;
  int exit_code = 0;
  SourceLocation where;
};

struct FileDecl {
  std::string hosts;
  std::string path;  // absolute
  std::string text;
  CallbackId content;  // function(host) -> text
  SourceLocation where;
};

struct TeamDecl {
  std::string id;    // what an escalation names ("dba")
  std::string name;  // "Database on-call"
  SimTime delay = SimTime::minutes(5);
  std::string reply;    // or:
  CallbackId reply_fn;  // function(message) -> text[, delay]
  SourceLocation where;
};

struct StakeholderDecl {
  std::string from;     // "support", "manager", "customer"
  std::string name;     // "Priya (customer support)"
  std::string channel;  // "slack", "email", "phone"...
  std::string text;
  CallbackId text_fn;  // function() -> text
  std::optional<SimTime> at;
  CallbackId condition;  // sent the first time it holds (at or after `at`, when both given)
  SourceLocation where;
};

struct HintDecl {
  std::string id;
  std::string text;
  SimTime after;         // not before this instant
  CallbackId condition;  // and when this holds (unset: at `after`)
  SourceLocation where;
};

struct RunbookDecl {
  std::string alert;  // the alert rule it belongs to
  std::string title;
  std::string text;  // Markdown
  SourceLocation where;
};

struct DeployDecl {
  std::string version;
  SimTime ago;  // before the drill starts
  std::string author;
  std::string summary;
  std::vector<std::string> hosts;
  SourceLocation where;
};

struct MeasureDecl {
  std::string text;   // "Set LimitNOFILE=65536 for nginx in the base image"
  std::string kind;   // "prevent", "detect", "mitigate", "process"
  std::string owner;  // "platform team"
  SourceLocation where;
};

// One move of the model responder.
struct AutopilotStep {
  enum class Kind : uint8_t { inspect, action, escalate, note, status, ack, declare };
  Kind kind = Kind::note;
  SimTime at;                 // absolute (steps given with `after` are resolved at load)
  std::string host, command;  // inspect
  ActionRequest action;       // action (target may be a glob: one action per host)
  std::string team, message;  // escalate
  std::string text;           // note, status
  std::string tag = "note";   // note: "note" or "hypothesis"
  std::string audience;       // status
  std::string alert;          // ack: rule name
  std::string state;          // declare: "mitigated" or "resolved"
  bool misleading = false;
  std::string why;  // the responder's reasoning, journalled with the move
  SourceLocation where;
};

struct AlertExtra {
  bool expect_firing = true;  // `firedrill check` requires it to fire
  SourceLocation where;
};

struct ScenarioDefinition {
  DrillSpec drill;  // id, title, seed, stack, zone, start, length, alerts
  ScenarioMeta meta;
  bool meta_declared = false;
  bool stack_declared = false;
  bool traffic_declared = false;
  std::map<std::string, AlertExtra> alert_extras;  // by rule name
  std::vector<HookDecl> hooks;
  std::vector<FaultDecl> faults;  // faults and red herrings, in declaration order
  std::vector<FixRule> fixes;
  std::optional<ResolvedWhen> resolved;
  std::vector<CommandDecl> commands;
  std::vector<FileDecl> files;
  std::vector<TeamDecl> teams;
  std::vector<StakeholderDecl> stakeholders;
  std::vector<HintDecl> hints;
  std::vector<RunbookDecl> runbooks;
  std::vector<DeployDecl> deploys;
  std::vector<MeasureDecl> measures;
  std::vector<AutopilotStep> autopilot;
  bool autopilot_declared = false;

  const FaultDecl* fault(std::string_view id) const;
  const TeamDecl* team(std::string_view id) const;
};

}  // namespace firedrill::script
