// A drill end to end: the journal it writes, the alerts and logs it produces, its errors.
#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/drill.h"

using namespace firedrill;

namespace {

// A 10-minute drill whose traffic spike overloads the stack for two minutes.
DrillSpec overload_drill(uint64_t seed) {
  DrillSpec spec;
  spec.seed = seed;
  spec.stack.traffic.base_rps = 400;
  spec.stack.traffic.spikes.push_back({SimTime::minutes(3), SimTime::minutes(4), 12.0});
  spec.time_zone = "America/New_York";
  spec.start_local = "2024-02-16 14:00:00";
  spec.alerts = standard_alert_rules();
  return spec;
}

std::string journal_of(uint64_t seed) {
  MemoryJournalSink sink;
  std::string error;
  auto drill = Drill::create(overload_drill(seed), &sink, &error);
  REQUIRE(drill);
  drill->run_until(SimTime::minutes(10));
  return sink.text();
}

}  // namespace

TEST_CASE("drill: same seed, same everything: the journal is byte-identical",
          "[drill][determinism]") {
  const std::string a = journal_of(3), b = journal_of(3);
  CHECK(a.size() > 1000);
  CHECK(a == b);
  CHECK(journal_of(4) != a);
}

TEST_CASE("drill: an overload pages through the error-rate alert and the journal records it",
          "[drill]") {
  MemoryJournalSink sink;
  std::string error;
  auto drill = Drill::create(overload_drill(1), &sink, &error);
  REQUIRE(drill);
  drill->run_until(SimTime::minutes(10));
  std::vector<std::string> kinds;
  for (const JournalRecord& r : sink.records()) kinds.push_back(r.kind);
  CHECK(kinds.front() == "run.header");
  CHECK(std::count(kinds.begin(), kinds.end(), "metrics.sample") >= 59);
  bool fired = false, resolved = false;
  for (const JournalRecord& r : sink.records()) {
    if (r.kind == "alert.firing" && r.fields["rule"] == "HighErrorRate") fired = true;
    if (r.kind == "alert.resolved" && r.fields["rule"] == "HighErrorRate") resolved = fired;
  }
  CHECK(fired);
  CHECK(resolved);
  // Sequence numbers are dense and increasing.
  for (size_t i = 0; i < sink.records().size(); ++i) REQUIRE(sink.records()[i].seq == i);
}

TEST_CASE("drill: the overloaded web servers' logs show the refused connections", "[drill]") {
  std::string error;
  auto drill = Drill::create(overload_drill(1), nullptr, &error);
  REQUIRE(drill);
  drill->run_until(SimTime::minutes(6));
  const auto lines = drill->logs().store().tail("lb", "/var/log/nginx/error.log", 50);
  REQUIRE_FALSE(lines.empty());
  bool refused = false;
  for (const auto& line : lines)
    refused |= line.text.find("Connection refused") != std::string::npos;
  CHECK(refused);
  // Stamped on the scenario's clock: 14:03 EST onwards.
  CHECK(lines.back().text.rfind("2024/02/16 14:0", 0) == 0);
}

TEST_CASE("drill: a bad time zone or alert rule is refused with the field named", "[drill]") {
  std::string error;
  DrillSpec spec = overload_drill(1);
  spec.time_zone = "Mars/Olympus_Mons";
  CHECK_FALSE(Drill::create(spec, nullptr, &error));
  CHECK(error.find("zone") != std::string::npos);

  spec = overload_drill(1);
  spec.alerts[1].expr = "avg_over(2m, lb.p99) > 1000";
  CHECK_FALSE(Drill::create(spec, nullptr, &error));
  CHECK(error.find("alerts[2] 'HighLatency'") != std::string::npos);
  CHECK(error.find("p99") != std::string::npos);
}

TEST_CASE("drill: a failing journal is reported and the drill goes on", "[drill]") {
  MemoryJournalSink sink;
  sink.fail_appends("journal.jsonl: No space left on device");
  std::string error;
  auto drill = Drill::create(overload_drill(1), &sink, &error);
  REQUIRE(drill);
  drill->run_until(SimTime::minutes(2));
  CHECK(drill->now() == SimTime::minutes(2));
  REQUIRE(drill->journal().error());
  CHECK(drill->journal().error()->find("No space left") != std::string::npos);
}
