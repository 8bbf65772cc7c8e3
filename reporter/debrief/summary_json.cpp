// debrief_summary_json (declared in debrief.h): the figures as summary.json.
#include <cmath>

#include "reporter/debrief/debrief.h"

namespace firedrill {

double rounded_to(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

namespace {

using nlohmann::json;

json instant(const ScenarioFacts& facts, const std::optional<SimTime>& t) {
  if (!t) return nullptr;
  return {{"t_us", t->us()}, {"local", facts.clock().postmortem_date_time(*t)}};
}

json seconds(const std::optional<SimTime>& d) {
  if (!d) return nullptr;
  return d->whole_seconds();
}

json ratio(const std::optional<double>& r) {
  if (!r) return nullptr;
  return rounded_to(*r, 6);
}

json outage_json(const Debrief& d) {
  if (!d.outage) return nullptr;
  const OutageWindow& w = *d.outage;
  return {{"start", instant(d.facts, w.start)},
          {"end", instant(d.facts, w.end)},
          {"duration_s", w.duration().whole_seconds()},
          {"breached_minutes", w.breached_minutes},
          {"ongoing", w.ongoing},
          {"peak_error_ratio", rounded_to(w.peak_error_ratio, 6)},
          {"peak_p99_ms", rounded_to(w.peak_p99_ms, 1)}};
}

json detection_json(const Debrief& d) {
  const auto& det = d.figures.detection;
  if (!det) return nullptr;
  return {{"at", instant(d.facts, det->at)},
          {"how", std::string(detection_how_name(det->how))},
          {"by", det->by},
          {"seq", det->seq}};
}

json category_counts(const Timeline& tl) {
  json counts = json::object();
  for (const TimelineEvent& e : tl.events) {
    const std::string name(category_name(e.classified));
    counts[name] = counts.value(name, 0) + 1;
  }
  return counts;
}

}  // namespace

json debrief_summary_json(const Debrief& d) {
  const DebriefFigures& f = d.figures;
  const ScenarioFacts& s = d.facts;
  json fixes = json::array();
  for (const AppliedFix& fix : f.fixes_applied) {
    fixes.push_back({{"at", instant(s, fix.at)}, {"action", fix.action}, {"target", fix.target}});
  }
  return {
      {"format", "firedrill-summary-1"},
      {"scenario",
       {{"id", s.id},
        {"title", s.title},
        {"time_zone", s.time_zone},
        {"start_local", s.start_local},
        {"seed", s.seed}}},
      {"slo", {{"error_ratio", s.slo.error_ratio}, {"latency_ms", s.slo.latency_ms}}},
      {"outage", outage_json(d)},
      {"incident_start", instant(s, d.timeline.incident_start)},
      {"detection", detection_json(d)},
      {"acknowledged", instant(s, f.acknowledged_at)},
      {"mitigated", instant(s, f.mitigated_at)},
      {"resolved", instant(s, f.resolved_at)},
      {"declared_mitigated", instant(s, f.declared_mitigated_at)},
      {"declared_resolved", instant(s, f.declared_resolved_at)},
      {"time_to_detect_s", seconds(f.time_to_detect)},
      {"time_to_acknowledge_s", seconds(f.time_to_acknowledge)},
      {"time_to_mitigate_s", seconds(f.time_to_mitigate)},
      {"time_to_resolve_s", seconds(f.time_to_resolve)},
      {"requests",
       {{"total", std::llround(f.requests_total)},
        {"failed", std::llround(f.requests_failed)},
        {"slow", std::llround(f.requests_slow)},
        {"outage_total", std::llround(f.outage_requests)},
        {"outage_failed", std::llround(f.outage_failed)},
        {"outage_slow", std::llround(f.outage_slow)}}},
      {"users",
       {{"affected", std::llround(f.users_affected)},
        {"seen", std::llround(f.users_seen)},
        {"affected_share", ratio(f.users_affected_share)}}},
      {"error_budget",
       {{"window_days", kErrorBudgetDays},
        {"budget_requests", std::llround(f.error_budget_requests)},
        {"burned_share", ratio(f.error_budget_burned)}}},
      {"misleading_paths",
       {{"count", f.misleading_targets.size()},
        {"targets", f.misleading_targets},
        {"events", f.misleading_events}}},
      {"escalations",
       {{"count", f.escalations},
        {"teams", f.escalation_teams},
        {"first", instant(s, f.first_escalation_at)}}},
      {"fixes_applied", fixes},
      {"timeline_events", category_counts(d.timeline)},
      {"warnings", d.warnings},
  };
}

}  // namespace firedrill
