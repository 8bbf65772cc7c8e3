// ScenarioDrill (the one wiring of a scenario to a drill) and what `firedrill run` promises on
// top of it: the same scenario, seed and trainee moves give a byte-identical journal, also
// across fresh loads (Lua's per-state hash seed must not leak into what a scenario does), and a
// recorded trainee replays to the same journal.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "reporter/journal/memory_journal_sink.h"
#include "scenario_test_util.h"
#include "sim/engine/action_script.h"
#include "sim/script/scenario_drill.h"

using namespace firedrill;

namespace {

const std::filesystem::path kNginx =
    std::filesystem::path(FIREDRILL_SOURCE_DIR) / "scenarios" / "nginx-open-files.lua";

// Loads `path` (or writes `code` to a file first) and runs it to its end; returns the journal.
std::string run_scenario(const std::filesystem::path& path, bool autopilot,
                         const std::vector<ScriptedMove>& moves = {},
                         std::optional<uint64_t> seed = std::nullopt) {
  script::ScenarioLoadOptions load;
  load.seed = seed;
  script::ScriptError error;
  MemoryJournalSink journal;
  auto run = script::ScenarioDrill::load(path, load, &error);
  INFO(error.formatted());
  REQUIRE(run);
  script::ScenarioRuntimeOptions options;
  options.autopilot = autopilot;
  std::vector<std::string> errors;
  options.error_sink = [&errors](const script::ScriptError& e, const std::string&) {
    errors.push_back(e.formatted());
  };
  std::string drill_error;
  REQUIRE(run->start(&journal, std::move(options), &drill_error));
  ActionScriptPlayer player(run->drill(), moves, &run->console(), "moves.jsonl");
  player.run_until(run->definition().drill.length);
  player.perform_due();
  CHECK(errors.empty());
  CHECK(player.warnings().empty());
  CHECK(player.performed() == moves.size());
  return journal.text();
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> lines_of_kind(const std::string& journal, const std::string& kind) {
  std::vector<std::string> out;
  std::istringstream in(journal);
  for (std::string line; std::getline(in, line);)
    if (line.find("\"kind\":\"" + kind + "\"") != std::string::npos) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE(
    "scenario drill: a hook that walks a string-keyed table with pairs journals the same "
    "in two fresh loads",
    "[scenario][determinism]") {
  std::string code = script::testing::base_scenario();
  const std::vector<std::string> ids = {"kilo",  "alpha", "echo", "hotel",   "bravo",   "juliet",
                                        "delta", "india", "golf", "charlie", "foxtrot", "lima"};
  std::string table;
  for (const std::string& id : ids) {
    code += "fault { id = \"" + id + "\", kind = \"slow_queries\", params = { factor = 1.1 } }\n";
    table += id + " = true, ";
  }
  code += "at(\"1m\", function() for id in pairs({ " + table + "}) do inject(id) end end)\n";
  const auto path = write_temp("firedrill-pairs-scenario.lua", code);
  const std::string first = run_scenario(path, false);
  const std::string second = run_scenario(path, false);
  CHECK(first == second);
  // And the order is the documented one: by the keys' bytes.
  const auto injected = lines_of_kind(first, "fault.injected");
  REQUIRE(injected.size() == ids.size());
  CHECK(injected.front().find("\"id\":\"alpha\"") != std::string::npos);
  CHECK(injected.back().find("\"id\":\"lima\"") != std::string::npos);
  std::filesystem::remove(path);
}

TEST_CASE("scenario drill: the autopilot's run is the same twice and differs with another seed",
          "[scenario][determinism]") {
  const std::string first = run_scenario(kNginx, true);
  CHECK(first == run_scenario(kNginx, true));
  CHECK(first != run_scenario(kNginx, true, {}, 8));
  CHECK(lines_of_kind(first, "team.reply").size() == 2);
}

TEST_CASE(
    "scenario drill: a recorded trainee replays to a byte-identical journal, team replies "
    "and all",
    "[scenario][replay][determinism]") {
  // The autopilot's journal replayed without it: its moves become the trainee's, made at the
  // same instants, so the drill unfolds the same (the header says no autopilot played).
  const std::string autopilot = run_scenario(kNginx, true);
  const ActionScriptResult recorded = parse_action_script(autopilot, "autopilot.jsonl");
  REQUIRE(recorded.ok());
  REQUIRE(recorded.moves.size() > 15);
  const std::string replayed = run_scenario(kNginx, false, recorded.moves);
  CHECK(lines_of_kind(replayed, "team.reply") == lines_of_kind(autopilot, "team.reply"));
  CHECK(lines_of_kind(replayed, "incident.state") == lines_of_kind(autopilot, "incident.state"));
  CHECK(lines_of_kind(replayed, "trainee.command") == lines_of_kind(autopilot, "trainee.command"));
  // That journal is a trainee's: replayed again it gives exactly itself.
  const ActionScriptResult again = parse_action_script(replayed, "journal.jsonl");
  REQUIRE(again.ok());
  CHECK(run_scenario(kNginx, false, again.moves) == replayed);
}

TEST_CASE("scenario drill: a scenario that does not load names its file and line", "[scenario]") {
  const auto path = write_temp("firedrill-broken-scenario.lua", "meta {\n  id = 1\n");
  script::ScriptError error;
  CHECK(script::ScenarioDrill::load(path, {}, &error) == nullptr);
  CHECK(error.line == 3);
  CHECK(error.formatted().rfind("firedrill-broken-scenario.lua:3: ", 0) == 0);
  std::filesystem::remove(path);
}
