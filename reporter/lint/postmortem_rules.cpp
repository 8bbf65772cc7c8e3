#include "reporter/lint/postmortem_rules.h"

#include <fmt/format.h>

#include "reporter/lint/markdown_inline.h"
#include "reporter/lint/text_patterns.h"

namespace firedrill::lint {
namespace {

struct TimeAt {
  int line;
  ClockTime time;
};

std::vector<TimeAt> times_in(const MarkdownOutline& outline, const SectionSpan& span) {
  std::vector<TimeAt> times;
  for (int n = span.first_line; n <= span.last_line; ++n) {
    for (ClockTime& t : find_clock_times(outline.line(n).text)) times.push_back({n, std::move(t)});
  }
  return times;
}

void check_summary_times(const MarkdownOutline& outline, const SectionSpan& span,
                         std::vector<LintFinding>& findings) {
  const std::vector<TimeAt> times = times_in(outline, span);
  if (times.empty()) {
    findings.push_back({span.heading_line, Rule::summary_start_time,
                        "Issue Summary gives no start time; add when the outage started, with "
                        "its time zone, e.g. 'from 14:03 EST (UTC-05:00)'"});
  } else if (times[0].time.zone.empty()) {
    findings.push_back(
        {times[0].line, Rule::summary_start_time,
         fmt::format("the start time {0} has no time zone; write it as e.g. '{0} EST "
                     "(UTC-05:00)' or '{0} UTC'",
                     times[0].time.time)});
  }
  if (times.size() < 2) {
    findings.push_back(
        {span.heading_line, Rule::summary_end_time,
         "Issue Summary gives no end time; add when the outage ended, with its time zone, e.g. "
         "'to 15:10 EST (UTC-05:00)'"});
  } else if (times[1].time.zone.empty()) {
    findings.push_back({times[1].line, Rule::summary_end_time,
                        fmt::format("the end time {0} has no time zone; write it as e.g. '{0} EST "
                                    "(UTC-05:00)' or '{0} UTC'",
                                    times[1].time.time)});
  }
}

}  // namespace

void check_summary(const MarkdownOutline& outline, const SectionSpan& span,
                   std::vector<LintFinding>& findings) {
  const std::string text = section_text(outline, span);
  const int at = span.heading_line;
  if (!mentions_duration(text)) {
    findings.push_back({at, Rule::summary_duration,
                        "Issue Summary does not say how long the outage lasted; add the "
                        "duration, e.g. 'for 67 minutes'"});
  }
  check_summary_times(outline, span, findings);
  if (!mentions_date(text)) {
    findings.push_back({at, Rule::summary_date,
                        "Issue Summary gives no date; add the day of the outage, e.g. "
                        "'On 2024-03-14' or 'On March 14, 2024'"});
  }
  if (!mentions_any(text, rule_info(Rule::summary_impact).keywords)) {
    findings.push_back({at, Rule::summary_impact,
                        "Issue Summary does not say what users experienced; add which service "
                        "was down or slow and what users saw, e.g. 'checkout returned 503 "
                        "errors'"});
  }
  if (!mentions_percentage(text)) {
    findings.push_back({at, Rule::summary_percent,
                        "Issue Summary does not give the share of users affected; add a number "
                        "with %, e.g. '38% of users saw errors'"});
  }
  if (!mentions_any(text, rule_info(Rule::summary_root_cause).keywords)) {
    findings.push_back({at, Rule::summary_root_cause,
                        "Issue Summary does not state the root cause; add one or two sentences "
                        "starting e.g. 'The root cause was ...'"});
  }
}

void check_root_cause(const MarkdownOutline& outline, const SectionSpan& span,
                      std::vector<LintFinding>& findings) {
  const std::string text = section_text(outline, span);
  const int at = span.heading_line;
  if (!mentions_any(text, rule_info(Rule::cause_explained).keywords)) {
    findings.push_back({at, Rule::cause_explained,
                        "Root cause and resolution does not explain what caused the issue; "
                        "add what went wrong and why, e.g. 'The outage was caused by ...'"});
  }
  if (!mentions_any(text, rule_info(Rule::fix_explained).keywords)) {
    findings.push_back({at, Rule::fix_explained,
                        "Root cause and resolution does not explain how the issue was fixed; "
                        "add what was changed, rolled back or restarted, and why it worked"});
  }
  const int words = outline.words_between(span.first_line, span.last_line);
  if (words < kMinRootCauseWords) {
    findings.push_back({at, Rule::cause_length,
                        fmt::format("Root cause and resolution has only {} words; explain the "
                                    "cause and the fix in detail (at least {} words)",
                                    words, kMinRootCauseWords)});
  }
}

void check_measures(const MarkdownOutline& outline, const SectionSpan& span,
                    std::vector<LintFinding>& findings) {
  const std::vector<const ListItem*> items = section_items(outline, span);
  const int at = span.heading_line;
  // The task list is the section's last list; its top-level items are the tasks.
  std::vector<const ListItem*> tasks;
  if (!items.empty()) {
    const List& list = outline.lists[static_cast<std::size_t>(items.back()->list)];
    const int indent = outline.items[static_cast<std::size_t>(list.first_item)].indent;
    for (const ListItem* item : items) {
      if (item->list == items.back()->list && item->indent == indent) tasks.push_back(item);
    }
  }

  const int broad_end = tasks.empty() ? span.last_line : tasks.front()->line - 1;
  int broad_words = 0;
  for (int n = span.first_line; n <= broad_end; ++n) {
    if (outline.line(n).kind != LineKind::heading) broad_words += outline.line(n).words;
  }
  if (broad_words < kMinBroadMeasureWords) {
    findings.push_back({at, Rule::measures_broad,
                        fmt::format("Corrective and preventative measures does not say what "
                                    "can be improved broadly; before the task list, add a "
                                    "sentence or two (at least {} words), e.g. 'Capacity "
                                    "settings need review and tests like code'",
                                    kMinBroadMeasureWords)});
  }

  if (tasks.empty()) {
    findings.push_back({at, Rule::measures_tasks,
                        "Corrective and preventative measures has no task list; end it with "
                        "concrete tasks, e.g. '- [ ] Add monitoring on server memory'"});
    return;
  }
  if (static_cast<int>(tasks.size()) < kMinTasks) {
    findings.push_back({tasks.front()->line, Rule::measures_tasks,
                        fmt::format("the task list has only {} item; list at least {} "
                                    "concrete tasks, e.g. '- [ ] Patch nginx to 1.25'",
                                    tasks.size(), kMinTasks)});
  }
  const auto vague = rule_info(Rule::measures_task_concrete).keywords;
  for (const ListItem* task : tasks) {
    const int words = count_words(task->text);
    if (words < kMinTaskWords) {
      findings.push_back({task->line, Rule::measures_task_concrete,
                          fmt::format("the task '{}' is too short to act on; say what to do to "
                                      "what, e.g. 'Patch nginx to 1.25'",
                                      task->text)});
    } else if (words < kVagueTaskWordsBelow && !find_leading_keyword(task->text, vague).empty()) {
      findings.push_back({task->line, Rule::measures_task_concrete,
                          fmt::format("the task '{}' is vague; name the concrete change, e.g. "
                                      "'Add an alert when DB pool wait exceeds 100 ms'",
                                      task->text)});
    }
  }
}

void check_length(const MarkdownOutline& outline, std::vector<LintFinding>& findings) {
  const int words = outline.words;
  if (words < kMinWords) {
    findings.push_back({1, Rule::word_count,
                        fmt::format("the postmortem has {} words; the format asks for {} to {}: "
                                    "add about {} more, e.g. detail in Root cause and resolution",
                                    words, kMinWords, kMaxWords, kMinWords - words)});
  } else if (words > kMaxWords) {
    findings.push_back({1, Rule::word_count,
                        fmt::format("the postmortem has {} words; the format asks for {} to {}: "
                                    "cut at least {} and keep it brief",
                                    words, kMinWords, kMaxWords, words - kMaxWords)});
  }
}

}  // namespace firedrill::lint
