// Rebuilding a drill from its journal (what a rewind does): a fresh drill that re-performs the
// inputs writes exactly the records before the moment, and first_difference names where a
// journal and a re-simulation part.
#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/drill_replay.h"
#include "sim/engine/trainee_move.h"

using namespace firedrill;

namespace {

DrillSpec overload_drill() {
  DrillSpec spec;
  spec.seed = 11;
  spec.stack.traffic.base_rps = 400;
  spec.stack.traffic.spikes.push_back({SimTime::minutes(2), SimTime::minutes(3), 12.0});
  spec.alerts = standard_alert_rules();
  return spec;
}

// The records a drill has written by `t`: those before it, and the header it is made with.
std::vector<JournalRecord> before(const std::vector<JournalRecord>& records, SimTime t) {
  std::vector<JournalRecord> out;
  for (const JournalRecord& r : records)
    if (r.t < t || r.kind == "run.header") out.push_back(r);
  return out;
}

// A drill with moves of every replayed sort: trainee moves, the clock's records, and an
// autopilot move (output, not input: it must not be performed again).
std::vector<JournalRecord> played_drill() {
  MemoryJournalSink sink;
  std::string error;
  auto drill = Drill::create(overload_drill(), &sink, &error);
  REQUIRE(drill);
  drill->run_until(SimTime::minutes(1));
  REQUIRE(perform_trainee_move(*drill, {"trainee.note", {{"text", "spike coming?"}}}).done);
  drill->journal().write("engine", "sim.paused", {{"speed", 1.0}});
  drill->run_until(SimTime::minutes(3));
  REQUIRE(perform_trainee_move(*drill, {"trainee.action",
                                        {{"action", "restart_service"},
                                         {"target", "web-2"},
                                         {"params", nlohmann::json::object()}}})
              .done);
  drill->run_until(SimTime::minutes(4));
  REQUIRE(
      perform_trainee_move(*drill, {"trainee.note", {{"text", "autopilot"}, {"autopilot", true}}})
          .done);
  drill->run_until(SimTime::minutes(6));
  return sink.records();
}

}  // namespace

TEST_CASE("replay: a fresh drill re-performing the inputs writes the journal's records",
          "[drill][replay][determinism]") {
  const std::vector<JournalRecord> journal = played_drill();
  // Up to the autopilot's note at 4:00: without the scenario that made it, it is missing after.
  for (const SimTime to :
       {SimTime(), SimTime::minutes(1), SimTime::seconds(200), SimTime::minutes(4)}) {
    MemoryJournalSink sink;
    std::string error;
    auto drill = Drill::create(overload_drill(), &sink, &error);
    REQUIRE(drill);
    const ReplayResult result = replay_inputs(*drill, journal, to, {});
    INFO("to " << to.us());
    CHECK_FALSE(result.error);
    CHECK(drill->now() == to);
    const std::string diff = first_difference(before(journal, to), sink.records());
    INFO(diff);
    CHECK(diff.empty());
  }
}

TEST_CASE("replay: an autopilot move is output, not input", "[drill][replay]") {
  const std::vector<JournalRecord> journal = played_drill();
  MemoryJournalSink sink;
  std::string error;
  auto drill = Drill::create(overload_drill(), &sink, &error);
  const ReplayResult result = replay_inputs(*drill, journal, SimTime::minutes(5), {});
  CHECK(result.inputs == 3);  // two trainee moves and the clock record
  // Without the scenario that made it, the autopilot's note is missing from the re-simulation.
  const std::string diff = first_difference(before(journal, SimTime::minutes(5)), sink.records());
  CHECK(diff.find("(trainee.note)") != std::string::npos);
}

TEST_CASE("replay: first_difference names the first record that differs", "[drill][replay]") {
  std::vector<JournalRecord> journal = before(played_drill(), SimTime::minutes(2));
  std::vector<JournalRecord> other = journal;
  CHECK(first_difference(journal, other).empty());
  REQUIRE(other.size() > 5);
  other[4].t += SimTime::micros(1);
  const std::string diff = first_difference(journal, other);
  CHECK(diff.rfind("seq " + std::to_string(journal[4].seq) + " (" + journal[4].kind + ")", 0) == 0);
  CHECK(diff.find(std::to_string(other[4].t.us())) != std::string::npos);
  other = journal;
  other.pop_back();
  CHECK(first_difference(journal, other).find("stopped after") != std::string::npos);
  other = journal;
  other.push_back(journal.back());
  CHECK(first_difference(journal, other).find("more than the journal") != std::string::npos);
}

TEST_CASE("replay: a move the fresh drill refuses is reported with its seq", "[drill][replay]") {
  const std::vector<JournalRecord> journal = {{SimTime::seconds(30),
                                               7,
                                               "trainee",
                                               "trainee.ack",
                                               {{"rule", "NoSuchAlert"}, {"component", "lb"}}}};
  std::string error;
  auto drill = Drill::create(overload_drill(), nullptr, &error);
  const ReplayResult result = replay_inputs(*drill, journal, SimTime::minutes(1), {});
  REQUIRE(result.error);
  CHECK(result.error->rfind("seq 7 (trainee.ack)", 0) == 0);
}
