// The workshop's shared and instructor routes: join, the overview, the root cause, the
// progress table, fault injection, the clocks, reveal, the review round and the export.
#include <fmt/format.h>

#include "sim/api/api_routes.h"
#include "sim/api/tar_gz.h"
#include "sim/api/workshop_progress.h"
#include "sim/api/workshop_routes.h"
#include "sim/faults/fault_catalog.h"

namespace firedrill::api::workshop_routes {

namespace {

// The body's "trainee": one name, or every trainee when it is missing or "*". Sets an
// error response (404 naming "trainee") when the name is unknown.
std::vector<Workshop::Trainee*> chosen(Workshop& w, const std::string& name,
                                       std::optional<ApiResponse>* error) {
  if (name.empty() || name == "*") return w.trainees();
  if (Workshop::Trainee* t = w.find(name)) return {t};
  *error = error_response(404, fmt::format("no trainee \"{}\"", name), "trainee");
  return {};
}

nlohmann::json scenario_json(const Workshop& w) {
  return {{"id", w.options().scenario_id}, {"title", w.options().title}};
}

}  // namespace

ApiResponse post_join(WorkshopContext& c) {
  BodyReader b(c.request.body);
  const std::string name = b.string("name", true, 64);
  if (auto error = b.finish()) return *error;
  const Workshop::JoinResult joined = c.workshop.join(name);
  if (!joined.trainee) return error_response(joined.status, joined.error, "name");
  return json_response(201, {{"name", joined.trainee->name},
                             {"token", joined.trainee->token},
                             {"drill", "/api/v1/trainees/" + joined.trainee->name}});
}

ApiResponse get_overview(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  Workshop& w = c.workshop;
  nlohmann::json body = {
      {"scenario", scenario_json(w)}, {"revealed", w.revealed()}, {"review_open", w.review_open()}};
  if (c.caller.role == Workshop::Role::trainee) {
    body["role"] = "trainee";
    body["name"] = c.caller.trainee->name;
    return json_response(200, body);
  }
  nlohmann::json names = nlohmann::json::array();
  for (Workshop::Trainee* t : w.trainees()) names.push_back(t->name);
  body["role"] = "instructor";
  body["trainees"] = std::move(names);
  body["max_trainees"] = w.options().max_trainees;
  body["scenario_faults"] = w.options().scenario_faults;
  return json_response(200, body);
}

ApiResponse get_root_cause(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  Workshop& w = c.workshop;
  if (c.caller.role == Workshop::Role::trainee && !w.revealed())
    return error_response(403, "the instructor has not revealed the root cause yet");
  return json_response(200, {{"revealed", w.revealed()},
                             {"root_cause", w.options().root_cause},
                             {"resolution", w.options().resolution}});
}

ApiResponse get_progress(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  nlohmann::json rows = nlohmann::json::array();
  for (Workshop::Trainee* t : c.workshop.trainees()) {
    std::optional<nlohmann::json> row = progress_row(*t);
    if (!row) return engine_unavailable();
    rows.push_back(std::move(*row));
  }
  return json_response(200, {{"scenario", scenario_json(c.workshop)},
                             {"revealed", c.workshop.revealed()},
                             {"review_open", c.workshop.review_open()},
                             {"trainees", std::move(rows)}});
}

ApiResponse post_inject(WorkshopContext& c) {
  BodyReader b(c.request.body);
  const std::string trainee = b.string("trainee", false, 64);
  const std::string fault = b.string("fault", false, 128);
  const std::string kind = b.string("kind", false, 64);
  const std::vector<std::string> targets = b.strings("targets", 32, 128);
  const std::optional<nlohmann::json> params = b.object("params");
  if (fault.empty() == kind.empty())
    b.fail("body",
           "give either \"fault\" (a scenario fault id) or \"kind\" (a fault library kind)");
  if (!fault.empty() && (!targets.empty() || params))
    b.fail(params ? "params" : "targets", "a scenario fault comes with its own targets and params");
  const std::vector<std::string>& known = c.workshop.options().scenario_faults;
  if (!fault.empty() && std::find(known.begin(), known.end(), fault) == known.end()) {
    std::string valid;
    for (const std::string& id : known) valid += (valid.empty() ? "" : ", ") + id;
    b.fail("fault", fmt::format("the scenario has no fault \"{}\"; its faults: {}", fault,
                                valid.empty() ? "none" : valid));
  }
  FaultParams given;
  if (params) {
    std::string field, error;
    if (std::optional<FaultParams> p = fault_params_of(*params, &field, &error)) {
      given = std::move(*p);
    } else {
      b.fail(field, error);
    }
  }
  if (!kind.empty()) {
    // What can be judged without a stack is the caller's mistake: 400 naming the field.
    FaultResult<std::unique_ptr<Fault>> check = make_fault(kind, targets, given);
    if (!check) {
      const FaultError& e = check.error();
      b.fail(e.field.empty() ? "kind" : e.field, e.formatted());
    }
  }
  if (auto error = b.finish()) return *error;
  std::optional<ApiResponse> unknown;
  const std::vector<Workshop::Trainee*> who = chosen(c.workshop, trainee, &unknown);
  if (unknown) return *unknown;

  nlohmann::json results = nlohmann::json::array();
  bool all_ok = true;
  for (Workshop::Trainee* t : who) {
    nlohmann::json r = {{"trainee", t->name}};
    std::string field;
    std::optional<std::string> error;
    if (!fault.empty()) {
      bool changed = false;
      error = c.workshop.inject_scenario_fault(*t, fault, &changed);
      if (error && error->empty()) r["changed"] = changed;
    } else {
      error = c.workshop.inject_library_fault(*t, kind, targets, given, &field);
    }
    if (!error) {
      r["ok"] = false;
      r["error"] = "the drill engine did not answer in time";
    } else if (!error->empty()) {
      r["ok"] = false;
      r["error"] = *error;
      if (!field.empty()) r["field"] = field;
    } else {
      r["ok"] = true;
    }
    all_ok = all_ok && r["ok"].get<bool>();
    results.push_back(std::move(r));
  }
  // One drill that refused: the stack said no (422), as for an action.
  if (who.size() == 1 && !all_ok) {
    const nlohmann::json& r = results[0];
    return error_response(422, r["error"].get<std::string>(), r.value("field", ""));
  }
  return json_response(200, {{"ok", all_ok}, {"results", std::move(results)}});
}

ApiResponse post_clock(WorkshopContext& c) {
  BodyReader b(c.request.body);
  const std::string trainee = b.string("trainee", false, 64);
  const std::optional<double> speed = b.number("speed", 0, 1000);
  const std::optional<bool> pause = b.boolean("pause");
  const std::optional<bool> resume = b.boolean("resume");
  if (pause == false) b.fail("pause", "field \"pause\" must be true (use \"resume\" to resume)");
  if (resume == false) b.fail("resume", "field \"resume\" must be true (use \"pause\" to pause)");
  if (pause && resume) b.fail("resume", "pause and resume cannot be asked together");
  if (auto error = b.finish()) return *error;
  if (!speed && !pause && !resume)
    return error_response(400, "give at least one of speed, pause, resume", "body");
  std::optional<ApiResponse> unknown;
  const std::vector<Workshop::Trainee*> who = chosen(c.workshop, trainee, &unknown);
  if (unknown) return *unknown;
  nlohmann::json results = nlohmann::json::array();
  for (Workshop::Trainee* t : who) {
    Session& s = *t->session;
    const bool was_paused = s.pacing().paused;
    if (speed) s.set_speed(*speed);
    if (pause) s.pause();
    if (resume) s.resume();
    const PacingState now = s.pacing();
    // Journalled like the trainee's own clock changes, and said to be the instructor's.
    s.call([speed, changed = was_paused != now.paused, now](Drill& d) {
      if (speed)
        d.journal().write("engine", "sim.speed_changed", {{"speed", *speed}, {"by", "instructor"}});
      if (changed)
        d.journal().write("engine", now.paused ? "sim.paused" : "sim.resumed",
                          {{"speed", now.speed}, {"by", "instructor"}});
      return true;
    });
    results.push_back({{"trainee", t->name}, {"paused", now.paused}, {"speed", now.speed}});
  }
  return json_response(200, {{"results", std::move(results)}});
}

ApiResponse post_reveal(WorkshopContext& c) {
  BodyReader b(c.request.body);
  if (auto error = b.finish()) return *error;
  c.workshop.reveal();
  return json_response(200, {{"revealed", true},
                             {"root_cause", c.workshop.options().root_cause},
                             {"resolution", c.workshop.options().resolution}});
}

ApiResponse post_review_round(WorkshopContext& c) {
  BodyReader b(c.request.body);
  if (auto error = b.finish()) return *error;
  if (auto failed = c.workshop.open_review_round()) {
    ApiResponse r = error_response(failed->first, failed->second);
    if (failed->first == 503) r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (const PeerReview& r : c.workshop.reviews())
    pairs.push_back({{"author", r.author}, {"reviewer", r.reviewer}});
  return json_response(201, {{"open", true}, {"assignments", std::move(pairs)}});
}

ApiResponse get_reviews(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  nlohmann::json reviews = nlohmann::json::array();
  for (const PeerReview& r : c.workshop.reviews()) reviews.push_back(review_json(r));
  return json_response(200, {{"open", c.workshop.review_open()}, {"reviews", std::move(reviews)}});
}

ApiResponse get_export(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  Workshop& w = c.workshop;
  std::vector<ArchiveFile> files;
  nlohmann::json progress = nlohmann::json::array();
  nlohmann::json index = nlohmann::json::array();
  for (Workshop::Trainee* t : w.trainees()) {
    bool submitted = false;
    std::optional<std::string> draft = w.draft_of(*t, &submitted);
    std::optional<nlohmann::json> row = progress_row(*t);
    if (!draft || !row) return engine_unavailable();
    progress.push_back(std::move(*row));
    const std::string draft_path = "workshop/drafts/" + t->name + ".md";
    files.push_back({draft_path, std::move(*draft)});
    nlohmann::json entry = {
        {"name", t->name}, {"draft", draft_path}, {"draft_submitted", submitted}};
    if (std::optional<PeerReview> review = w.review_of(t->name)) {
      const std::string review_path = "workshop/reviews/" + t->name + ".json";
      nlohmann::json j = review_json(*review);
      j.erase("draft");  // it is beside it
      files.push_back({review_path, j.dump(2) + "\n"});
      entry["review"] = review_path;
      entry["reviewer"] = review->reviewer;
    }
    index.push_back(std::move(entry));
  }
  nlohmann::json manifest = {{"format", "firedrill-workshop-export-1"},
                             {"scenario", scenario_json(w)},
                             {"revealed", w.revealed()},
                             {"review_open", w.review_open()},
                             {"trainees", std::move(index)}};
  files.insert(files.begin(), {"workshop/progress.json", progress.dump(2) + "\n"});
  files.insert(files.begin(), {"workshop/manifest.json", manifest.dump(2) + "\n"});
  ApiResponse r;
  r.content_type = "application/gzip";
  r.body = write_tar_gz(files);
  r.headers.emplace_back(
      "Content-Disposition",
      fmt::format("attachment; filename=\"workshop-{}.tar.gz\"", w.options().scenario_id));
  return r;
}

}  // namespace firedrill::api::workshop_routes
