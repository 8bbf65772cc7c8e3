#include "reporter/debrief/debrief_figures.h"

#include <algorithm>

#include "reporter/incident/journal_kinds.h"
#include "reporter/incident/json_fields.h"

namespace firedrill {
namespace {

constexpr double kSecondsPerBudget = kErrorBudgetDays * 86400.0;

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

SimTime middle(const MetricSample& s) {
  return SimTime::micros((s.begin().us() + s.end().us()) / 2);
}

void count_requests(std::span<const MetricSample> samples, const std::optional<OutageWindow>& w,
                    DebriefFigures& f) {
  double seconds = 0;
  for (const MetricSample& s : samples) {
    f.requests_total += s.requests;
    f.requests_failed += s.failed;
    f.requests_slow += s.slow;
    seconds += static_cast<double>(s.to_s - s.from_s);
    if (w && middle(s) >= w->start && middle(s) < w->end) {
      f.outage_requests += s.requests;
      f.outage_failed += s.failed;
      f.outage_slow += s.slow;
    }
  }
  if (seconds > 0 && f.requests_total > 0) {
    const double rate = f.requests_total / seconds;
    f.error_budget_requests = rate * kSecondsPerBudget;  // scaled below by the SLO's ratio
  }
}

// users_affected is cumulative: those affected during the outage are the growth from the
// last sample before it to the last sample inside it.
void count_users(std::span<const MetricSample> samples, const std::optional<OutageWindow>& w,
                 DebriefFigures& f) {
  if (samples.empty()) return;
  double before = 0;
  const MetricSample* last_inside = nullptr;
  for (const MetricSample& s : samples) {
    if (!w) {
      last_inside = &s;
    } else if (s.end() <= w->start) {
      before = s.users_affected;
    } else if (middle(s) < w->end) {
      last_inside = &s;
    }
  }
  if (!last_inside) return;
  f.users_affected = std::max(0.0, last_inside->users_affected - before);
  f.users_seen = last_inside->users_seen;
  if (f.users_seen > 0) f.users_affected_share = f.users_affected / f.users_seen;
}

void read_moves(std::span<const JournalRecord> records, const ScenarioFacts& facts,
                DebriefFigures& f) {
  std::optional<SimTime> state_mitigated, state_resolved, first_fix_at;
  for (const JournalRecord& r : records) {
    const nlohmann::json& x = r.fields;
    if (r.kind == kinds::trainee_ack) {
      const bool after_detection = !f.detection || r.t >= f.detection->at;
      if (!f.acknowledged_at && after_detection) f.acknowledged_at = r.t;
    } else if (r.kind == kinds::trainee_escalate) {
      ++f.escalations;
      add_unique(f.escalation_teams, fields::text(x, "team"));
      if (!f.first_escalation_at) f.first_escalation_at = r.t;
    } else if (r.kind == kinds::trainee_declare) {
      const std::string state = fields::text(x, "state");
      if (state == "mitigated" && !f.declared_mitigated_at) f.declared_mitigated_at = r.t;
      if (state == "resolved" && !f.declared_resolved_at) f.declared_resolved_at = r.t;
    } else if (r.kind == kinds::incident_state) {
      const std::string state = fields::text(x, "state");
      if (state == "mitigated" && !state_mitigated) state_mitigated = r.t;
      if (state == "resolved" && !state_resolved) state_resolved = r.t;
    } else if (r.kind == kinds::trainee_action && fields::flag(x, "ok", true)) {
      const std::string action = fields::text(x, "action"), target = fields::text(x, "target");
      if (!facts.is_fix(action, target)) continue;
      f.fixes_applied.push_back({r.t, action, target});
      if (!first_fix_at) first_fix_at = r.t;
    }
  }
  const bool impact_over = !f.outage || !f.outage->ongoing;
  if (state_mitigated) {
    f.mitigated_at = state_mitigated;
  } else if (f.outage && impact_over) {
    f.mitigated_at = f.outage->end;
  }
  // Without the engine's word, the fix took effect once it was applied and users were fine.
  if (state_resolved) {
    f.resolved_at = state_resolved;
  } else if (first_fix_at && impact_over) {
    f.resolved_at = f.outage ? std::max(*first_fix_at, f.outage->end) : *first_fix_at;
  }
}

std::optional<SimTime> since(const std::optional<SimTime>& from, const std::optional<SimTime>& to) {
  if (!from || !to) return std::nullopt;
  return std::max(SimTime{}, *to - *from);
}

}  // namespace

DebriefFigures compute_figures(std::span<const JournalRecord> records, const ScenarioFacts& facts,
                               std::span<const MetricSample> samples,
                               const std::optional<OutageWindow>& outage,
                               const Timeline& timeline) {
  DebriefFigures f;
  f.outage = outage;
  f.impact_start = outage ? std::optional<SimTime>(outage->start) : timeline.incident_start;
  f.detection = timeline.detection;
  f.data_end = samples.empty() ? facts.last_record_t : samples.back().end();

  count_requests(samples, outage, f);
  f.error_budget_requests *= facts.slo.error_ratio;
  if (f.error_budget_requests > 0)
    f.error_budget_burned = f.requests_failed / f.error_budget_requests;
  count_users(samples, outage, f);
  read_moves(records, facts, f);

  for (const TimelineEvent& e : timeline.events) {
    if (e.classified != Category::misleading) continue;
    ++f.misleading_events;
    if (!e.target.empty()) add_unique(f.misleading_targets, e.target);
  }

  const std::optional<SimTime> detected =
      f.detection ? std::optional<SimTime>(f.detection->at) : std::nullopt;
  f.time_to_detect = since(f.impact_start, detected);
  f.time_to_acknowledge = since(detected, f.acknowledged_at);
  f.time_to_mitigate = since(f.impact_start, f.mitigated_at);
  f.time_to_resolve = since(f.impact_start, f.resolved_at);
  return f;
}

}  // namespace firedrill
