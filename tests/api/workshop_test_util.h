// Helpers for the workshop tests: a workshop of the bundled nginx-open-files scenario whose
// drills stand still until a test steps them, trainees joined through the routes, and the
// scenario's root-cause words a trainee must never see before the reveal.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "api_test_util.h"
#include "sim/api/workshop.h"
#include "sim/api/workshop_routes.h"
#include "sim/script/scenario_drill.h"

namespace firedrill::api::test {

inline const std::string kScenarioFile =
    std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/nginx-open-files.lua";

// Words of the scenario's root cause and resolution that appear nowhere else a trainee sees.
inline const std::vector<std::string> kSecretWords = {"nginx_max_fds", "test VM",
                                                      "was a coincidence", "ended the refusals"};

inline std::unique_ptr<script::Scenario> load_scenario() {
  script::ScriptError error;
  auto s = script::Scenario::load_file(kScenarioFile, {}, &error);
  INFO(error.formatted());
  REQUIRE(s);
  return s;
}

// What `firedrill serve --workshop` makes per trainee, paused at 0 (serve_workshop.cpp).
inline TraineeDrillFactory paused_scenario_drills() {
  return [](std::string* error) -> std::optional<TraineeDrill> {
    script::ScriptError failed;
    const std::unique_ptr<script::Scenario> scenario =
        script::Scenario::load_file(kScenarioFile, {}, &failed);
    if (!scenario) {
      *error = failed.formatted();
      return std::nullopt;
    }
    TraineeDrill d;
    d.spec = scenario->drill_spec();
    d.config.start_paused = true;
    // Minutes of this scenario take seconds under ASan on a busy machine: wait for them.
    d.config.engine_timeout = std::chrono::seconds(60);
    const script::ScenarioDefinition& def = scenario->definition();
    d.config.briefing = def.meta.briefing;
    for (const script::TeamDecl& team : def.teams) d.config.teams.push_back(team.id);
    for (const script::RunbookDecl& r : def.runbooks)
      d.config.runbooks.push_back({r.alert, r.title, r.text});
    d.config.clock_event_every = std::chrono::milliseconds(0);
    d.config.attach = script::scenario_attacher(kScenarioFile, {});
    d.inject_scenario_fault = [](void* runtime, const std::string& id,
                                 bool& changed) -> std::string {
      std::string why;
      if (!static_cast<script::ScenarioRuntime*>(runtime)->inject(id, why, changed))
        return why.empty() ? "refused" : why;
      return {};
    };
    return d;
  };
}

inline WorkshopOptions scenario_workshop_options(size_t max_trainees = 4) {
  const std::unique_ptr<script::Scenario> s = load_scenario();
  WorkshopOptions o;
  o.make_drill = paused_scenario_drills();
  o.max_trainees = max_trainees;
  o.scenario_id = s->definition().drill.id;
  o.title = s->definition().drill.title;
  o.root_cause = s->definition().meta.root_cause;
  o.resolution = s->definition().meta.resolution;
  for (const auto& f : s->definition().faults) o.scenario_faults.push_back(f.id);
  return o;
}

// A workshop and its routes; trainees join through POST /workshop/join.
struct WorkshopFixture {
  explicit WorkshopFixture(size_t max_trainees = 4)
      : workshop(scenario_workshop_options(max_trainees)), routes(workshop) {}

  // Joins and returns the trainee's token.
  std::string join(const std::string& name) {
    const ApiResponse r =
        routes.handle("POST", "/api/v1/workshop/join", {}, nlohmann::json{{"name", name}}.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json_of(r)["token"].get<std::string>();
  }
  std::string instructor() const { return workshop.instructor_token(); }
  ApiResponse get(const std::string& path, const std::string& token,
                  const QueryParams& query = {}) const {
    return routes.handle("GET", path, query, {}, token);
  }
  ApiResponse post(const std::string& path, const nlohmann::json& body,
                   const std::string& token) const {
    return routes.handle("POST", path, {}, body.dump(), token);
  }
  Session& session(const std::string& name) {
    Workshop::Trainee* t = workshop.find(name);
    REQUIRE(t);
    return *t->session;
  }

  Workshop workshop;
  WorkshopRoutes routes;
};

// Whether `text` holds any of the scenario's secret words.
inline bool leaks_root_cause(const std::string& text) {
  for (const std::string& w : kSecretWords)
    if (text.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace firedrill::api::test
