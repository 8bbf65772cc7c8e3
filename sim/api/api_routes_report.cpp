// The reporter's routes: the live timeline, the debrief figures and the postmortem draft,
// each rebuilt from the journal so far (build_debrief works on any prefix of a journal).
// The records are copied out on the engine thread; the reporter runs on the server thread.
#include "reporter/debrief/debrief.h"
#include "reporter/lint/rule_catalog.h"
#include "reporter/writer/postmortem_draft.h"
#include "sim/api/api_routes.h"
#include "sim/api/debrief_cache.h"

namespace firedrill::api::routes {

namespace {

// The debrief of the journal so far: the cached one while the journal has not moved, else
// rebuilt from a copy of the records (taken on the engine thread) and cached.
std::shared_ptr<const Debrief> live_debrief(RouteContext& c) {
  Session* session = &c.session;  // outlives the call: the server stops before the session
  const bool trainee = c.trainee_view;
  const auto position = [session] {
    return DebriefCache::Position{session->branch(), session->records().size()};
  };
  // By value: a call that times out may still run on the engine thread after we return.
  const auto at = session->call([position](Drill&) { return position(); });
  if (!at) return nullptr;
  if (auto hit = session->debrief_cache().find(trainee, *at)) return hit;
  struct Copy {
    DebriefCache::Position at;
    std::vector<JournalRecord> records;
  };
  auto copy = session->call([session, trainee, position](Drill&) {
    return Copy{position(), trainee ? session->trainee_records() : session->records()};
  });
  if (!copy) return nullptr;
  auto debrief = std::make_shared<const Debrief>(build_debrief(copy->records));
  session->debrief_cache().store(trainee, copy->at, debrief);
  return debrief;
}

nlohmann::json optional_us(const std::optional<SimTime>& t) {
  return t ? nlohmann::json(t->us()) : nlohmann::json();
}

nlohmann::json event_json(const TimelineEvent& e) {
  return {{"t_us", e.t.us()},
          {"seq", e.derived ? nlohmann::json() : nlohmann::json(e.seq)},
          {"derived", e.derived},
          {"kind", e.kind},
          {"category", std::string(category_name(e.category))},
          {"classified", std::string(category_name(e.classified))},
          {"target", e.target},
          {"label", e.label},
          {"text", e.text},
          {"quote", e.quote},
          {"command", e.command},
          {"topic", e.topic},
          {"hypothesis", e.hypothesis},
          {"note", e.note},
          {"autopilot", e.autopilot},
          {"hidden", e.hidden},
          {"edited", e.edited}};
}

}  // namespace

ApiResponse get_timeline(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  const std::shared_ptr<const Debrief> debrief = live_debrief(c);
  if (!debrief) return engine_unavailable();
  const Timeline& timeline = debrief->timeline;
  nlohmann::json events = nlohmann::json::array();
  for (const TimelineEvent& e : timeline.events) events.push_back(event_json(e));
  nlohmann::json bullets = nlohmann::json::array();
  for (const TimelineBullet& b : debrief->bullets) {
    bullets.push_back({{"t_us", b.t.us()},
                       {"category", std::string(category_name(b.category))},
                       {"markdown", b.markdown},
                       {"priority", b.priority},
                       {"seqs", b.seqs},
                       {"hypothesis", b.hypothesis},
                       {"edited", b.edited}});
  }
  nlohmann::json detection;
  if (timeline.detection) {
    detection = {{"t_us", timeline.detection->at.us()},
                 {"seq", timeline.detection->seq},
                 {"how", std::string(detection_how_name(timeline.detection->how))},
                 {"by", timeline.detection->by}};
  }
  nlohmann::json warnings = timeline.warnings;
  for (const std::string& w : debrief->warnings) warnings.push_back(w);
  return json_response(200, {{"events", std::move(events)},
                             {"bullets", std::move(bullets)},
                             {"incident_start_us", optional_us(timeline.incident_start)},
                             {"detection", std::move(detection)},
                             {"warnings", std::move(warnings)}});
}

ApiResponse get_debrief(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  const std::shared_ptr<const Debrief> debrief = live_debrief(c);
  if (!debrief) return engine_unavailable();
  return json_response(200, debrief_summary_json(*debrief));
}

ApiResponse get_postmortem(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  const std::shared_ptr<const Debrief> debrief = live_debrief(c);
  if (!debrief) return engine_unavailable();
  const PostmortemDraft draft = write_postmortem(*debrief);
  nlohmann::json findings = nlohmann::json::array();
  for (const lint::LintFinding& f : draft.lint.findings) {
    findings.push_back(
        {{"line", f.line}, {"rule", std::string(lint::rule_id(f.rule))}, {"message", f.message}});
  }
  return json_response(200, {{"markdown", draft.markdown},
                             {"words", draft.lint.words},
                             {"lint_clean", draft.lint.clean()},
                             {"lint", std::move(findings)}});
}

}  // namespace firedrill::api::routes
