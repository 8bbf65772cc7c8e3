// Each postmortem-format.md rule, broken one at a time in the good sample, is reported at the
// right line; the sample itself and tolerated variants pass.
#include <catch2/catch.hpp>

#include "tests/reporter/lint/lint_test_support.h"

using namespace firedrill::lint;
using namespace firedrill::lint::testing;

// ---------------------------------------------------------------------------------------------
// The sample and what it may vary in

TEST_CASE("lint: the sample postmortem passes every rule", "[lint]") {
  const LintResult result = lint_postmortem(good_postmortem());
  INFO(describe(result));
  CHECK(result.clean());
  CHECK(result.words >= kMinWords);
  CHECK(result.words <= kMaxWords);
}

TEST_CASE("lint: heading wording variants and case still open the four sections", "[lint]") {
  std::string text = good_postmortem();
  text = replaced(text, "## Issue Summary", "## ISSUE SUMMARY");
  text = replaced(text, "## Timeline", "## Time line");
  text = replaced(text, "## Root cause and resolution", "## Root Cause & Resolution");
  text = replaced(text, "## Corrective and preventative measures",
                  "## Corrective/Preventive Measures");
  require_clean(text);
}

TEST_CASE("lint: subsections named after their section stay inside it", "[lint]") {
  std::string text = good_postmortem();
  text = replaced(text, "## Root cause and resolution\n\n",
                  "## Root cause and resolution\n\n### Root cause\n\n");
  text = replaced(text, "We fixed it by", "### Resolution\n\nWe fixed it by");
  require_clean(text);
}

TEST_CASE("lint: sections at mixed heading levels are still found", "[lint]") {
  require_clean(replaced(good_postmortem(), "## Timeline", "### Timeline"));
}

TEST_CASE("lint: plain bullets serve as the task list as well as checkboxes", "[lint]") {
  std::string text = good_postmortem();
  while (text.find("- [ ] ") != std::string::npos) text = replaced(text, "- [ ] ", "- ");
  require_clean(text);
}

TEST_CASE("lint: paging a team counts as an escalation", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "Ana escalated the incident to the database team, and Bo",
               "Ana paged the database team and Bo");
  require_clean(text);
}

TEST_CASE("lint: code blocks, comments and link URLs do not change the word count", "[lint]") {
  const std::string good = good_postmortem();
  std::string text = replaced(good, "## Root cause and resolution\n",
                              "## Root cause and resolution\n\n"
                              "```text\nlots of log lines that are not prose at all\n```\n\n"
                              "<!-- a note to self\nthat spans lines -->\n");
  text = replaced(text, "(outage.svg)", "(https://example.com/a/very/long/path/outage.svg)");
  CHECK(lint_postmortem(text).words == lint_postmortem(good).words);
}

// ---------------------------------------------------------------------------------------------
// Sections

TEST_CASE("lint: a missing section is reported at line 1 and names the heading to add", "[lint]") {
  const std::string text = replaced(good_postmortem(), "## Root cause and resolution\n\n", "");
  const auto found = require_reported(text, Rule::section_missing, {1});
  CHECK_THAT(found.at(0).message, Catch::Contains("## Root cause and resolution"));
}

TEST_CASE("lint: bold text in place of a section heading is reported at its line", "[lint]") {
  const std::string text = replaced(good_postmortem(), "## Timeline", "**Timeline**");
  require_reported(text, Rule::section_missing, {line_of(text, "**Timeline**")});
}

TEST_CASE("lint: sections out of order are reported at the heading that comes too late", "[lint]") {
  const std::string good = good_postmortem();
  const std::size_t timeline = good.find("## Timeline");
  const std::size_t cause = good.find("## Root cause");
  std::string text = good;
  text.erase(timeline, cause - timeline);
  text = replaced(text, "## Issue Summary",
                  good.substr(timeline, cause - timeline) + "## Issue Summary");
  require_reported(text, Rule::section_order, {line_of(text, "## Issue Summary")});
}

TEST_CASE("lint: a section written twice is reported at the second heading", "[lint]") {
  const std::string text =
      good_postmortem() + "\n## Timeline, continued\n\n- 16:00 EST - Checked the pools again.\n";
  require_reported(text, Rule::section_duplicate, {line_of(text, "## Timeline, continued")});
}

// ---------------------------------------------------------------------------------------------
// Issue Summary

TEST_CASE("lint: a summary without a duration is reported at its heading", "[lint]") {
  const std::string text = replaced(good_postmortem(), " was down for 67 minutes.", " was down.");
  require_reported(text, Rule::summary_duration, {line_of(text, "## Issue Summary")});
}

TEST_CASE("lint: a start time without a time zone is reported at its line", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "from 14:03 EST (UTC-05:00) to", "from 14:03 to");
  const auto found = require_reported(text, Rule::summary_start_time, {line_of(text, "On 2024")});
  CHECK_THAT(found.at(0).message, Catch::Contains("14:03"));
  CHECK(findings_of(lint_postmortem(text), Rule::summary_end_time).empty());
}

TEST_CASE("lint: an end time without a time zone is reported at its line", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "to 15:10 EST (UTC-05:00), the", "to 15:10, the");
  require_reported(text, Rule::summary_end_time, {line_of(text, "On 2024")});
}

TEST_CASE("lint: a summary with only a start time lacks the end time", "[lint]") {
  const std::string text = replaced(good_postmortem(), " to 15:10 EST (UTC-05:00)", "");
  require_reported(text, Rule::summary_end_time, {line_of(text, "## Issue Summary")});
  CHECK(findings_of(lint_postmortem(text), Rule::summary_start_time).empty());
}

TEST_CASE("lint: a summary without any time lacks both start and end", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "from 14:03 EST (UTC-05:00) to 15:10 EST (UTC-05:00), ", "");
  const int heading = line_of(text, "## Issue Summary");
  require_reported(text, Rule::summary_start_time, {heading});
  require_reported(text, Rule::summary_end_time, {heading});
}

TEST_CASE("lint: a summary without a date is reported at its heading", "[lint]") {
  const std::string text = replaced(good_postmortem(), "On 2024-03-14, from", "From");
  require_reported(text, Rule::summary_date, {line_of(text, "## Issue Summary")});
}

TEST_CASE("lint: a summary that never says what users experienced is reported", "[lint]") {
  std::string text = good_postmortem();
  text = replaced(text, " was down for 67 minutes.", " was out for 67 minutes.");
  text = replaced(text, "watched a spinner and then got an HTTP 503 error page", "waited");
  text = replaced(text, "saw at least one failed or too-slow request", "were affected");
  text = replaced(text, "a week of error budget", "a week of budget");
  require_reported(text, Rule::summary_impact, {line_of(text, "## Issue Summary")});
}

TEST_CASE("lint: a summary without a percentage of users is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "About 38% of users", "Many users");
  require_reported(text, Rule::summary_percent, {line_of(text, "## Issue Summary")});
}

TEST_CASE("lint: a summary without a root cause sentence is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "The root cause was a configuration change",
                                    "A configuration change had");
  require_reported(text, Rule::summary_root_cause, {line_of(text, "## Issue Summary")});
}

// ---------------------------------------------------------------------------------------------
// Timeline: each bullet

TEST_CASE("lint: a timeline bullet without a time is reported at its line", "[lint]") {
  const std::string text = replaced(good_postmortem(), "- 14:20 EST - She", "- She");
  require_reported(text, Rule::timeline_time, {line_of(text, "- She suspected")});
}

TEST_CASE("lint: a timeline bullet without a dash after the time is reported at its line",
          "[lint]") {
  const std::string text = replaced(good_postmortem(), "- 14:20 EST - She", "- 14:20 EST: She");
  require_reported(text, Rule::timeline_dash, {line_of(text, "14:20 EST: She")});
}

TEST_CASE("lint: a timeline bullet with nothing after the dash is reported at its line", "[lint]") {
  const std::string text = replaced(
      good_postmortem(),
      "- 14:31 EST - Database CPU and disk looked fine, so the database was ruled out too early.",
      "- 14:31 EST -");
  require_reported(text, Rule::timeline_dash, {line_of(text, "- 14:31 EST -")});
}

TEST_CASE("lint: a timeline bullet of three sentences is reported at its line", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "It had no effect: a misleading path.",
               "It had no effect. It was a misleading path. We lost ten minutes.");
  require_reported(text, Rule::timeline_short, {line_of(text, "- 14:20 EST")});
}

TEST_CASE("lint: a long-winded timeline bullet is reported at its line", "[lint]") {
  const std::string text = replaced(
      good_postmortem(),
      "Bo found 5 open connections from the checkout API while hundreds of requests queued for "
      "one.",
      "Bo found 5 open connections from the checkout API while hundreds of requests queued for "
      "one of them, which he confirmed by reading the pool metrics, the API logs, the load "
      "balancer logs and the database session table one after the other on his laptop.");
  require_reported(text, Rule::timeline_short, {line_of(text, "- 14:52 EST")});
}

TEST_CASE("lint: a timeline line starting with a time that is not its own bullet is reported",
          "[lint]") {
  const std::string text = replaced(good_postmortem(), "- 14:20 EST - She", "14:20 EST - She");
  require_reported(text, Rule::timeline_list, {line_of(text, "14:20 EST - She")});
}

TEST_CASE("lint: a timeline written as paragraphs instead of bullets is reported at its heading",
          "[lint]") {
  std::string text = good_postmortem();
  while (text.find("\n- 1") != std::string::npos) text = replaced(text, "\n- 1", "\n1");
  require_reported(text, Rule::timeline_list, {line_of(text, "## Timeline")});
}

// ---------------------------------------------------------------------------------------------
// Timeline: what the bullets tell together

TEST_CASE("lint: a timeline that never says how the issue was detected is reported", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "The monitoring alert `CheckoutErrorRate` fired and Ana", "Ana");
  require_reported(text, Rule::timeline_detection, {line_of(text, "## Timeline")});
}

TEST_CASE("lint: a detection bullet that does not say how is reported at its line", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "The monitoring alert `CheckoutErrorRate` fired and Ana",
               "The issue was detected and Ana");
  require_reported(text, Rule::timeline_detection, {line_of(text, "The issue was detected")});
}

TEST_CASE("lint: a timeline without investigation or actions is reported", "[lint]") {
  std::string text = good_postmortem();
  text = replaced(text, "Ana investigated the load balancer", "Ana thought of the load balancer");
  text = replaced(text, "enabled rate limiting at the CDN", "blamed the CDN");
  text = replaced(text, "looked fine", "were fine");
  text = replaced(text, "The team rolled back the configuration and restarted the checkout pods.",
                  "The old configuration went live again.");
  require_reported(text, Rule::timeline_actions, {line_of(text, "## Timeline")});
}

TEST_CASE("lint: a timeline without the responders' assumptions is reported", "[lint]") {
  std::string text = good_postmortem();
  text = replaced(text, "assuming a traffic spike from", "during");
  text = replaced(text, "She suspected a DDoS and enabled", "She enabled");
  require_reported(text, Rule::timeline_assumption, {line_of(text, "## Timeline")});
}

TEST_CASE("lint: a timeline without a misleading path is reported", "[lint]") {
  std::string text = good_postmortem();
  text = replaced(text, "It had no effect: a misleading path.", "It took two minutes.");
  text =
      replaced(text, "so the database was ruled out too early.", "so the database was left alone.");
  require_reported(text, Rule::timeline_misleading, {line_of(text, "## Timeline")});
}

TEST_CASE("lint: a timeline without an escalation is reported", "[lint]") {
  const std::string text = replaced(
      good_postmortem(), "Ana escalated the incident to the database team, and Bo joined the call.",
      "Bo started reading the connection metrics.");
  require_reported(text, Rule::timeline_escalation, {line_of(text, "## Timeline")});
}

TEST_CASE("lint: a timeline that never says how the incident was resolved is reported", "[lint]") {
  const std::string text =
      replaced(good_postmortem(),
               "Error rate and latency were back to normal; the incident was resolved and closed.",
               "Error rate and latency dropped.");
  require_reported(text, Rule::timeline_resolution, {line_of(text, "## Timeline")});
}

// ---------------------------------------------------------------------------------------------
// Root cause and resolution

TEST_CASE("lint: a root cause section that never explains the cause is reported", "[lint]") {
  const std::string text = with_section_body(
      good_postmortem(), "## Root cause and resolution",
      "We rolled the configuration back to 50 connections and restarted the checkout pods one "
      "at a time, so the load balancer always had healthy backends. The queue drained within "
      "two minutes and the error rate fell under the SLO threshold at 15:10. Bo then watched "
      "the dashboards for an hour to be sure nothing else was wrong.\n");
  require_reported(text, Rule::cause_explained, {line_of(text, "## Root cause")});
  CHECK(findings_of(lint_postmortem(text), Rule::fix_explained).empty());
}

TEST_CASE("lint: a root cause section that never explains the fix is reported", "[lint]") {
  const std::string text = with_section_body(
      good_postmortem(), "## Root cause and resolution",
      "A week earlier, an engineer load-testing the checkout API on a laptop set the pool size "
      "to 5 and committed the file by accident. The 14:03 deploy carried that value to "
      "production. Each checkout holds a database connection for about 80 ms, so five "
      "connections could serve only a fraction of the sale traffic. The database itself stayed "
      "healthy, which is why the first half hour went to the network.\n");
  require_reported(text, Rule::fix_explained, {line_of(text, "## Root cause")});
  CHECK(findings_of(lint_postmortem(text), Rule::cause_explained).empty());
}

TEST_CASE("lint: a root cause section of two lines is too short", "[lint]") {
  const std::string text =
      with_section_body(good_postmortem(), "## Root cause and resolution",
                        "The pool was too small because of a typo. We fixed it.\n");
  const auto found = require_reported(text, Rule::cause_length, {line_of(text, "## Root cause")});
  CHECK_THAT(found.at(0).message, Catch::Contains("only 12 words"));
}

// ---------------------------------------------------------------------------------------------
// Corrective and preventative measures

TEST_CASE("lint: measures without broad improvements before the task list are reported", "[lint]") {
  const std::string good = good_postmortem();
  const std::size_t from = good.find("The pool setting was one typo");
  const std::size_t to = good.find("- [ ] Add a CI check");
  const std::string text = replaced(good, good.substr(from, to - from), "");
  require_reported(text, Rule::measures_broad, {line_of(text, "## Corrective")});
}

TEST_CASE("lint: measures without a task list are reported at the heading", "[lint]") {
  const std::string good = good_postmortem();
  const std::size_t from = good.find("- [ ] Add a CI check");
  const std::size_t to = good.find("And yes,");
  const std::string text = replaced(good, good.substr(from, to - from), "");
  require_reported(text, Rule::measures_tasks, {line_of(text, "## Corrective")});
}

TEST_CASE("lint: a task list of one item is reported at the item", "[lint]") {
  const std::string good = good_postmortem();
  const std::size_t from = good.find("- [ ] Add an alert");
  const std::size_t to = good.find("And yes,");
  const std::string text = replaced(good, good.substr(from, to - from), "\n");
  require_reported(text, Rule::measures_tasks, {line_of(text, "- [ ] Add a CI check")});
}

TEST_CASE("lint: a vague task is reported at its line", "[lint]") {
  const std::string text = replaced(
      good_postmortem(), "- [ ] Add an alert when the pool wait time exceeds 100 ms for 2 minutes.",
      "- [ ] Improve monitoring.");
  require_reported(text, Rule::measures_task_concrete, {line_of(text, "Improve monitoring")});
}

TEST_CASE("lint: a one-word task is reported at its line", "[lint]") {
  const std::string text = replaced(
      good_postmortem(), "- [ ] Add an alert when the pool wait time exceeds 100 ms for 2 minutes.",
      "- [ ] Monitoring");
  require_reported(text, Rule::measures_task_concrete, {line_of(text, "- [ ] Monitoring")});
}

// ---------------------------------------------------------------------------------------------
// Length

TEST_CASE("lint: a postmortem over 600 words is reported at line 1 with its count", "[lint]") {
  std::string padding;
  for (int i = 0; i < 12; ++i)
    padding += "We also reviewed every other pool setting in the fleet today. ";
  const std::string text = replaced(good_postmortem(), "The 14:03 deploy carried",
                                    padding + "\nThe 14:03 deploy carried");
  const int words = lint_postmortem(text).words;
  REQUIRE(words > kMaxWords);
  const auto found = require_reported(text, Rule::word_count, {1});
  CHECK_THAT(found.at(0).message, Catch::Contains(std::to_string(words) + " words"));
}

TEST_CASE("lint: a postmortem under 400 words is reported at line 1", "[lint]") {
  std::string text = with_section_body(
      good_postmortem(), "## Root cause and resolution",
      "The pool was set to 5 by accident, which caused the queueing. We rolled it back to 50 "
      "and restarted the pods.\n");
  text = replaced(text, "And yes, the setting is now called `db.pool.max_do_not_touch`.\n", "");
  REQUIRE(lint_postmortem(text).words < kMinWords);
  const auto found = require_reported(text, Rule::word_count, {1});
  CHECK_THAT(found.at(0).message, Catch::Contains("add about"));
}
