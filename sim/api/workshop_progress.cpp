#include "sim/api/workshop_progress.h"

#include "reporter/debrief/debrief.h"
#include "sim/api/snapshots.h"

namespace firedrill::api {

namespace {

nlohmann::json at_us(const std::optional<SimTime>& t) {
  return t ? nlohmann::json(t->us()) : nlohmann::json();
}

nlohmann::json seconds(const std::optional<SimTime>& d) {
  return d ? nlohmann::json(d->whole_seconds()) : nlohmann::json();
}

}  // namespace

std::optional<nlohmann::json> progress_row(Workshop::Trainee& trainee) {
  Session* session = trainee.session.get();
  struct Copy {
    SimTime now;
    std::vector<JournalRecord> records;
  };
  // The instructor's view: every record, the ground truth included.
  auto copy = session->call([session](Drill& d) { return Copy{d.now(), session->records()}; });
  if (!copy) return std::nullopt;
  const Debrief debrief = build_debrief(copy->records);
  const DebriefFigures& f = debrief.figures;
  const PacingState pacing = session->pacing();
  const SessionInfo& info = session->info();
  // The error rate of the latest metrics sample: what users see right now.
  nlohmann::json error_rate_now;
  if (!debrief.samples.empty()) error_rate_now = debrief.samples.back().error_ratio();
  return nlohmann::json{
      {"name", trainee.name},
      {"clock",
       {{"t_us", copy->now.us()},
        {"paused", pacing.paused},
        {"speed", pacing.speed},
        {"finished", copy->now >= info.length}}},
      {"detected", f.detection.has_value()},
      {"acknowledged", f.acknowledged_at.has_value()},
      {"escalated", f.escalations > 0},
      {"mitigated", f.mitigated_at.has_value()},
      {"resolved", f.resolved_at.has_value()},
      {"declared_mitigated_at_us", at_us(f.declared_mitigated_at)},
      {"declared_resolved_at_us", at_us(f.declared_resolved_at)},
      {"figures",
       {{"error_rate_now", error_rate_now},
        {"requests_total", f.requests_total},
        {"requests_failed", f.requests_failed},
        {"users_affected", f.users_affected},
        {"users_affected_share",
         f.users_affected_share ? nlohmann::json(*f.users_affected_share) : nlohmann::json()},
        {"misleading_paths", f.misleading_targets.size()},
        {"misleading_targets", f.misleading_targets},
        {"escalations", f.escalations},
        {"time_to_detect_s", seconds(f.time_to_detect)},
        {"time_to_acknowledge_s", seconds(f.time_to_acknowledge)},
        {"time_to_mitigate_s", seconds(f.time_to_mitigate)},
        {"time_to_resolve_s", seconds(f.time_to_resolve)}}}};
}

}  // namespace firedrill::api
