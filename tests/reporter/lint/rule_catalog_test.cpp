#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "reporter/lint/lint_finding.h"
#include "reporter/lint/postmortem_sections.h"
#include "reporter/lint/rule_catalog.h"

using namespace firedrill::lint;

TEST_CASE("catalog: every rule has a unique id and a requirement in plain words", "[lint]") {
  std::set<std::string_view> ids;
  for (const RuleInfo& info : rule_catalog()) {
    INFO(info.id);
    CHECK(&rule_info(info.rule) == &info);
    CHECK(ids.insert(info.id).second);
    CHECK(info.requirement.size() > 20);
  }
  CHECK(ids.size() == static_cast<std::size_t>(Rule::md_final_newline) + 1);
}

TEST_CASE("catalog: keywords are lower case and '*' only ends a keyword", "[lint]") {
  for (const RuleInfo& info : rule_catalog()) {
    if (info.keywords.data() == time_zone_abbreviations().data()) continue;
    for (const auto list : {info.keywords, info.more_keywords}) {
      for (const std::string_view keyword : list) {
        INFO(info.id << ": " << keyword);
        CHECK(keyword.find('*') >= keyword.size() - 1);
        CHECK(std::string(keyword).find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
              std::string::npos);
      }
    }
  }
}

TEST_CASE("catalog: the requirements quote the limits the checks use", "[lint]") {
  auto quotes = [](Rule rule, int limit) {
    INFO(rule_id(rule) << " should mention " << limit);
    CHECK(rule_info(rule).requirement.find(std::to_string(limit)) != std::string_view::npos);
  };
  quotes(Rule::word_count, kMinWords);
  quotes(Rule::word_count, kMaxWords);
  quotes(Rule::timeline_short, kMaxTimelineWords);
  quotes(Rule::cause_length, kMinRootCauseWords);
  quotes(Rule::measures_broad, kMinBroadMeasureWords);
  quotes(Rule::measures_tasks, kMinTasks);
  quotes(Rule::measures_task_concrete, kMinTaskWords);
  quotes(Rule::measures_task_concrete, kVagueTaskWordsBelow);
}

TEST_CASE("catalog: section headings match in any case and in common wording variants", "[lint]") {
  CHECK(classify_heading("ISSUE SUMMARY") == Section::summary);
  CHECK(classify_heading("Time line (all times EST)") == Section::timeline);
  CHECK(classify_heading("Root Cause & Resolution") == Section::root_cause);
  CHECK(classify_heading("Root cause summary") == Section::root_cause);
  CHECK(classify_heading("Corrective/Preventive Measures") == Section::measures);
  CHECK(classify_heading("Action items") == Section::measures);
  CHECK_FALSE(classify_heading("Postmortem: the checkout outage").has_value());
}

TEST_CASE("catalog: a finding prints as FILE:LINE: message [rule-id]", "[lint]") {
  const LintFinding finding{12, Rule::timeline_time, "no time"};
  CHECK(format_finding("pm.md", finding) == "pm.md:12: no time [timeline-time]");
}
