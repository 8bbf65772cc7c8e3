// The bundled scenarios: each passes `firedrill check` (its alerts fire, its autopilot's fix
// resolves it, its draft lints clean), and a scenario run is reproducible byte for byte.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "reporter/debrief/debrief.h"
#include "reporter/writer/postmortem_draft.h"
#include "scenario_test_util.h"
#include "sim/script/scenario_check.h"

using namespace firedrill;
using namespace firedrill::script;

namespace {

const std::filesystem::path kScenarios = std::filesystem::path(FIREDRILL_SOURCE_DIR) / "scenarios";

std::vector<std::string> lint_draft(const std::vector<JournalRecord>& journal) {
  const PostmortemDraft draft = write_postmortem(build_debrief(journal));
  std::vector<std::string> findings;
  for (const lint::LintFinding& f : draft.lint.findings) {
    findings.push_back(lint::format_finding("postmortem.md", f));
  }
  return findings;
}

std::vector<std::filesystem::path> bundled_scenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    const auto& p = entry.path();
    if (p.extension() == ".lua" && p.filename() != "firedrill.d.lua") files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("bundled scenarios: every scenario file loads", "[scenario][bundled]") {
  const auto files = bundled_scenarios();
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    ScriptError error;
    INFO(file.string());
    const auto scenario = Scenario::load_file(file, {}, &error);
    INFO(error.formatted() << "\n" << error.traceback);
    CHECK(scenario != nullptr);
  }
}

TEST_CASE("bundled scenarios: nginx-open-files passes firedrill check",
          "[scenario][bundled][slow]") {
  ScenarioCheckOptions options;
  options.lint_draft = lint_draft;
  const ScenarioCheckReport report = check_scenario(kScenarios / "nginx-open-files.lua", options);
  INFO(joined(report.problems));
  CHECK(report.ok());
  CHECK(report.id == "nginx-open-files");
  // The page and the misleading database ticket both fire (BackendDown may or may not).
  CHECK_THAT(report.alerts_fired, Catch::VectorContains(std::string("HighErrorRate")) &&
                                      Catch::VectorContains(std::string("PostgresQueriesSlow")));
  REQUIRE(report.resolved_at);
  CHECK(*report.resolved_at < report.length);
}

TEST_CASE("bundled scenarios: the same scenario and seed give a byte-identical journal",
          "[scenario][bundled][slow]") {
  ScenarioCheckOptions options;
  options.keep_journal = true;
  const auto first = check_scenario(kScenarios / "nginx-open-files.lua", options);
  const auto second = check_scenario(kScenarios / "nginx-open-files.lua", options);
  REQUIRE(first.ok());
  CHECK(first.journal_text.size() > 10'000);
  CHECK(first.journal_text == second.journal_text);
  options.seed = first.seed + 1;
  const auto other = check_scenario(kScenarios / "nginx-open-files.lua", options);
  CHECK(other.journal_text != first.journal_text);
}

TEST_CASE("bundled scenarios: check reports a scenario whose fix does not resolve it",
          "[scenario][bundled]") {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / "firedrill-unresolved-check.lua";
  {
    std::ofstream out(file);
    out << firedrill::script::testing::base_scenario()
        << "fault { id = 'slow', kind = 'slow_queries', at = '1m' }\n"
        << "autopilot { { at = '2m', note = 'looking' } }\n";
  }
  const ScenarioCheckReport report = check_scenario(file);
  std::filesystem::remove(file);
  REQUIRE(report.problems.size() == 1);
  CHECK_THAT(report.problems[0],
             Catch::Contains("the incident was not resolved by the end of the drill (20m) with "
                             "the autopilot playing; faults still active: slow"));
}

TEST_CASE("bundled scenarios: the LuaLS annotations declare exactly the functions of the API",
          "[scenario][bundled]") {
  std::ifstream in(kScenarios / "firedrill.d.lua");
  REQUIRE(in);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::string> annotated;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("function ")) continue;
    annotated.insert(line.substr(9, line.find('(') - 9));
  }
  {
    LuaSandbox compiler;  // the annotations are valid Lua 5.4
    const auto chunk = compiler.load_string(text, "firedrill.d.lua");
    INFO((chunk ? std::string() : chunk.error().formatted()));
    CHECK(chunk.ok());
  }
  // The API: the globals a scenario sandbox has and a bare sandbox does not.
  const std::string list_functions =
      "local names = {} for k, v in pairs(_G) do if type(v) == 'function' then "
      "names[#names + 1] = k end end table.sort(names) print(table.concat(names, ' '))";
  auto functions_of = [&](LuaSandbox& sandbox, std::vector<std::string>& printed) {
    printed.clear();
    REQUIRE_FALSE(sandbox.run_string(list_functions, "list.lua"));
    REQUIRE(printed.size() == 1);
    std::set<std::string> names;
    std::istringstream words(printed[0]);
    for (std::string w; words >> w;) names.insert(w);
    return names;
  };
  std::vector<std::string> printed;
  ScenarioLoadOptions options;
  options.print_sink = [&printed](std::string_view line) { printed.emplace_back(line); };
  ScriptError error;
  auto scenario = Scenario::load_string(testing::base_scenario(), "t.lua", options, &error);
  REQUIRE(scenario);
  const std::set<std::string> with_api = functions_of(scenario->sandbox(), printed);
  LuaSandbox::Options bare_options;
  bare_options.print_sink = options.print_sink;
  LuaSandbox bare(bare_options);
  const std::set<std::string> without_api = functions_of(bare, printed);
  std::set<std::string> api;
  std::set_difference(with_api.begin(), with_api.end(), without_api.begin(), without_api.end(),
                      std::inserter(api, api.end()));
  CHECK(api.size() > 30);
  CHECK(annotated == api);
}
