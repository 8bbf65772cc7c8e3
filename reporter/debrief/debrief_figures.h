// DebriefFigures: the numbers a debrief is graded on, measured from the journal alone — outage
// window, time to detect / acknowledge / mitigate / resolve, requests failed, share of users
// affected, error budget burned, misleading paths, escalations. Every definition is in
// docs/debrief.md; the comments below are the short form. Figures ignore timeline edits (they
// use each event's `classified` category). Plain value; compute_figures is pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reporter/incident/metric_samples.h"
#include "reporter/incident/scenario_facts.h"
#include "reporter/journal/journal_record.h"
#include "reporter/timeline/timeline_event.h"

namespace firedrill {

inline constexpr int kErrorBudgetDays = 30;

struct AppliedFix {
  SimTime at;
  std::string action, target;
};

struct DebriefFigures {
  std::optional<OutageWindow> outage;  // first to last minute that breached the SLO
  // Where the durations are measured from: the outage start, or (no breach) the incident start.
  std::optional<SimTime> impact_start;
  std::optional<Detection> detection;
  std::optional<SimTime> acknowledged_at;  // first trainee.ack at or after the detection
  std::optional<SimTime> mitigated_at;     // incident.state mitigated, else the outage's end
  // incident.state resolved; else, once a repairing fix action was applied and the outage is
  // over, the later of that fix and the outage's end.
  std::optional<SimTime> resolved_at;
  std::optional<SimTime> declared_mitigated_at, declared_resolved_at;  // trainee.declare
  // Durations; unset when either end is unknown. time_to_detect is 0 when detection came
  // before the first breached minute.
  std::optional<SimTime> time_to_detect;       // detection - impact start
  std::optional<SimTime> time_to_acknowledge;  // acknowledgement - detection
  std::optional<SimTime> time_to_mitigate;     // mitigation - impact start
  std::optional<SimTime> time_to_resolve;      // resolution - impact start

  // Requests, summed over the metrics samples (whole journal, and inside the outage window).
  double requests_total = 0, requests_failed = 0, requests_slow = 0;
  double outage_requests = 0, outage_failed = 0, outage_slow = 0;
  // Users who saw at least one failed or too-slow request during the outage, and the users who
  // had used the site by its end; share = affected / seen (unset without samples).
  double users_affected = 0, users_seen = 0;
  std::optional<double> users_affected_share;
  // Error budget: failed requests against slo.error_ratio of a 30-day month of this traffic.
  double error_budget_requests = 0;           // the month's budget, in failed requests
  std::optional<double> error_budget_burned;  // requests_failed / error_budget_requests

  // Misleading paths: the distinct hosts or components that misleading commands and actions
  // concerned, in order of first visit; misleading_events also counts wrong hypotheses.
  std::vector<std::string> misleading_targets;
  int misleading_events = 0;
  std::vector<std::string> escalation_teams;  // distinct, in order
  int escalations = 0;
  std::optional<SimTime> first_escalation_at;
  std::vector<AppliedFix> fixes_applied;  // ok repairing fix actions, in order
  SimTime data_end;  // end of the last metrics sample (or the last record without samples)
};

DebriefFigures compute_figures(std::span<const JournalRecord> records, const ScenarioFacts& facts,
                               std::span<const MetricSample> samples,
                               const std::optional<OutageWindow>& outage, const Timeline& timeline);

}  // namespace firedrill
