// Helpers for the API tests: a served drill whose clock stands still until a test steps it
// (tests never wait on wall time for the simulation), and JSON out of responses.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/api/api_routes.h"
#include "sim/api/session.h"

namespace firedrill::api::test {

// A small built-in drill (standard alerts, 100 req/s, 30 minutes), started but paused at 0.
inline std::unique_ptr<Session> paused_session(SessionConfig config = {},
                                               JournalSink* journal = nullptr) {
  DrillSpec spec;
  spec.id = "test-drill";
  spec.title = "Test drill";
  spec.time_zone = "America/New_York";
  spec.start_local = "2024-02-16 14:00:00";
  spec.stack.traffic.base_rps = 100;
  spec.length = SimTime::minutes(30);
  spec.alerts = standard_alert_rules();
  config.start_paused = true;
  config.clock_event_every = std::chrono::milliseconds(0);
  std::string error;
  std::unique_ptr<Session> s = Session::create(spec, journal, std::move(config), &error);
  INFO(error);
  REQUIRE(s);
  s->start();
  return s;
}

// Advances a paused session by `by` and returns once the engine has done it.
inline SimTime step(Session& s, SimTime by) {
  REQUIRE(s.step(by));
  const auto now = s.call([](Drill& d) { return d.now(); });  // queued after the step
  REQUIRE(now);
  return *now;
}

inline nlohmann::json json_of(const ApiResponse& r) {
  INFO(r.body);
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

// Checks a 4xx/5xx answer: a JSON object with an error, naming `field` when given.
inline void check_error(const ApiResponse& r, int status, const std::string& field = {}) {
  INFO(r.body);
  CHECK(r.status == status);
  CHECK(r.content_type == "application/json");
  const nlohmann::json j = json_of(r);
  CHECK(j.contains("error"));
  if (!field.empty()) CHECK(j.value("field", "") == field);
}

}  // namespace firedrill::api::test
