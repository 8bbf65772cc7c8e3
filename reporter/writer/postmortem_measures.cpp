// add_measures (postmortem_parts.h): what to improve broadly, the response in numbers, the
// TODO list (the scenario's corrective measures, then tasks the debrief points to), and a
// closing line.
#include <fmt/format.h>

#include <algorithm>

#include "reporter/lint/markdown_inline.h"
#include "reporter/lint/rule_catalog.h"
#include "reporter/lint/text_patterns.h"
#include "reporter/timeline/markdown_text.h"
#include "reporter/writer/draft_format.h"
#include "reporter/writer/postmortem_parts.h"

namespace firedrill::draft {
namespace {

constexpr SimTime kSlowDetection = SimTime::minutes(5);
constexpr SimTime kQuickResolution = SimTime::minutes(10);
constexpr SimTime kLongIncident = SimTime::minutes(30);
constexpr std::size_t kMaxTasks = 6;

std::string plural(std::size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string broad_paragraph(const Debrief& d) {
  const DebriefFigures& f = d.figures;
  const std::string components = md_escape(components_phrase(d.facts));
  const std::string failure = components.empty() ? "this failure" : "the failure of " + components;
  std::string text;
  if (f.time_to_resolve && *f.time_to_resolve <= kQuickResolution) {
    text = fmt::format(
        "Broadly, the response to {} went well, but the failure should never have "
        "reached users.",
        failure);
  } else {
    text = fmt::format(
        "Broadly, {} reached users and {}, so both prevention and diagnosis need "
        "work.",
        failure,
        f.time_to_resolve ? "took " + duration_text(*f.time_to_resolve) + " to fix"
                          : "was not fixed in the drill");
  }
  if (!f.detection) {
    text += " Nothing detected it, which is the first thing to fix.";
  } else if (f.detection->how == DetectionHow::report) {
    text += " Users noticed before our monitoring did, so alerting must improve.";
  } else if (f.detection->how == DetectionHow::engineer) {
    text += " An engineer noticed it before any alert fired, so alerting must improve.";
  } else if (f.time_to_detect && *f.time_to_detect > kSlowDetection) {
    text += fmt::format(" Monitoring took {} to page, which is too slow.",
                        duration_text(*f.time_to_detect));
  } else if (f.time_to_detect) {
    text += fmt::format(" Monitoring caught it within {}.", duration_text(*f.time_to_detect));
  }
  if (!f.misleading_targets.empty()) {
    std::vector<std::string> targets;
    for (const std::string& t : f.misleading_targets) targets.push_back(md_escape(t));
    text += fmt::format(
        " Time went to {}, which had nothing to do with the cause{}.", list_text(targets),
        components.empty() ? "" : "; the runbook should point at " + components + " sooner");
  }
  const bool long_incident = !f.time_to_resolve || *f.time_to_resolve > kLongIncident;
  if (f.escalations == 0 && long_incident && f.impact_start) {
    text += " No one else was brought in, and a clear escalation path would have helped.";
  }
  return text;
}

std::string figures_paragraph(const Debrief& d) {
  const DebriefFigures& f = d.figures;
  std::vector<std::string> steps;
  steps.push_back(f.time_to_detect ? "detected after " + duration_text(*f.time_to_detect)
                                   : "never detected");
  if (f.time_to_mitigate) steps.push_back("mitigated after " + duration_text(*f.time_to_mitigate));
  steps.push_back(f.time_to_resolve ? "resolved after " + duration_text(*f.time_to_resolve)
                                    : "not resolved");
  std::string text =
      fmt::format("In numbers, counted from the first breached minute: {}.", list_text(steps));
  text += f.time_to_acknowledge ? fmt::format(" The alert was acknowledged {} after it fired.",
                                              duration_text(*f.time_to_acknowledge))
                                : std::string(" No alert was acknowledged.");
  text += fmt::format(" The response took {} and {}.",
                      plural(f.misleading_targets.size(), "misleading path"),
                      plural(static_cast<std::size_t>(f.escalations), "escalation"));
  return text;
}

// A task the linter accepts as concrete: long enough, or not opening with a vague word.
std::string concrete(std::string task, const std::string& components) {
  while (!task.empty() && (task.back() == ' ' || task.back() == '.')) task.pop_back();
  const int words = md_words(task);
  const auto vague = lint::rule_info(lint::Rule::measures_task_concrete).keywords;
  const bool is_vague =
      words < lint::kMinTaskWords ||
      (words < lint::kVagueTaskWordsBelow &&
       !lint::find_leading_keyword(lint::render_inline(task).plain, vague).empty());
  if (is_vague) {
    task += fmt::format(" for {}, as described in Root cause and resolution",
                        components.empty() ? "the failing component" : components);
  }
  return task + ".";
}

void add_tasks(const Debrief& d, Parts& parts) {
  const DebriefFigures& f = d.figures;
  const std::string components = md_escape(components_phrase(d.facts));
  const std::string subject = components.empty() ? "the failing component" : components;
  std::vector<std::string> tasks;
  for (const std::string& m : d.facts.corrective_measures) {
    if (tasks.size() + 1 < kMaxTasks) tasks.push_back(concrete(md_escape(m), components));
  }
  const bool weak_detection = !f.detection || f.detection->how != DetectionHow::alert ||
                              (f.time_to_detect && *f.time_to_detect > kSlowDetection);
  if (weak_detection) {
    tasks.push_back(
        fmt::format("Add an alert that pages within 2 minutes when {} breaks the "
                    "SLO.",
                    subject));
  }
  if (!f.misleading_targets.empty()) {
    tasks.push_back(
        fmt::format("Add a runbook step that checks {} before anything else.", subject));
  }
  const std::string fix = md_escape(expected_fix_phrase(d.facts));
  if (tasks.size() < 3) {
    tasks.push_back(fmt::format("Write a runbook entry for this failure of {}{}.", subject,
                                fix.empty() ? "" : ", with its fix: " + fix));
  }
  if (tasks.size() < 3) {
    tasks.push_back(
        fmt::format("Add a dashboard panel for {} next to the load balancer's error "
                    "rate.",
                    subject));
  }
  if (tasks.size() > kMaxTasks) tasks.resize(kMaxTasks);
  for (std::string& t : tasks) parts.tasks.push_back("[ ] " + t);
}

std::string closing_line(const Debrief& d) {
  const auto& det = d.figures.detection;
  if (!det) return "Monitoring slept through this one; next time it gets the first word.";
  switch (det->how) {
    case DetectionHow::alert:
      return "The pager did its job; the rest of this list is about making the humans faster.";
    case DetectionHow::report:
      return "Our users make excellent monitoring, but they would rather not.";
    case DetectionHow::engineer:
      break;
  }
  return "Sharp eyes beat the pager this time; let us not make a habit of needing them.";
}

}  // namespace

void add_measures(const Debrief& d, Parts& parts) {
  parts.measures.push_back({broad_paragraph(d)});
  parts.measures.push_back({figures_paragraph(d), kFiguresParagraph});
  add_tasks(d, parts);
  parts.closing.push_back({closing_line(d), kClosingLine});
}

}  // namespace firedrill::draft
