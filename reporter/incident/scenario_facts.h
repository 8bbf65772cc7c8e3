// ScenarioFacts: what the reporter knows about the drill before looking at what happened — the
// scenario's name, clock, SLO, ground truth (root cause, failing components, the fixes that
// work) and stack shape, read from `run.header` and `scenario.meta` (docs/journal.md). Missing
// facts get documented defaults and a warning, so a bare journal still gives a draft.
// Plain value; read_scenario_facts is pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reporter/journal/journal_record.h"
#include "sim/observe/scenario_clock.h"

namespace firedrill {

struct Slo {
  // A minute breaches the SLO when more than `error_ratio` of its answered requests failed or
  // its p99 latency (users' view) exceeded `latency_ms`. Defaults: 99% and 1 s.
  double error_ratio = 0.01;
  double latency_ms = 1000.0;
};

struct FixAction {
  std::string action;      // the action palette's name, e.g. "restart_service"
  std::string target;      // the host or component it applies to ("web-2"); "" = any target
  bool mitigates = false;  // `effect: "mitigate"`: relieves users but does not repair the cause
};

struct StackShape {
  int web_servers = 0;  // 0 when unknown
  bool replica = false;
  bool cache = false;
};

struct ScenarioFacts {
  std::string id;     // "nginx-fd-limit"; run.header `scenario`
  std::string title;  // "Too many open files"
  std::string time_zone = "UTC";
  std::string start_local;  // "2024-02-16 14:00:00"
  uint64_t seed = 0;
  Slo slo;
  bool has_meta = false;  // a scenario.meta record was found
  // Ground truth (instructor-only in the API, fine in the journal).
  std::string root_cause;                          // one or two sentences
  std::string resolution;                          // how the fix works, optional
  std::vector<std::string> root_cause_components;  // "web-2", "db"
  std::vector<FixAction> fix_actions;
  std::vector<std::string> services;             // user-facing services, e.g. "web shop"
  std::vector<std::string> corrective_measures;  // concrete tasks for the TODO list
  StackShape stack;
  // The run.end record: present when the run ended cleanly.
  bool ended_cleanly = false;
  std::string end_reason;  // "resolved", "time_limit", "quit"; empty when unknown
  SimTime last_record_t;   // the latest `t` in the journal

  // REQUIRES: made by read_scenario_facts (which always sets a clock).
  const ScenarioClock& clock() const { return *clock_; }
  // Whether `name` (a host or component) is one the root cause or a fix concerns.
  bool related(std::string_view name) const;
  // Whether action `action` on `target` is one of fix_actions that repairs the cause
  // (`mitigating` false) or one that only mitigates (`mitigating` true).
  bool is_fix(std::string_view action, std::string_view target, bool mitigating = false) const;

  std::optional<ScenarioClock> clock_;
};

// Reads the facts from the records. Problems (no run.header, an unknown zone, a malformed
// scenario.meta) are appended to `warnings` as plain sentences and defaults are used: zone
// UTC, start 1970-01-01 00:00:00, SLO as above.
ScenarioFacts read_scenario_facts(std::span<const JournalRecord> records,
                                  std::vector<std::string>& warnings);

}  // namespace firedrill
