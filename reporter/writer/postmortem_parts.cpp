// add_summary, add_root_cause, add_measures and their helpers (postmortem_parts.h).
#include "reporter/writer/postmortem_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reporter/lint/rule_catalog.h"
#include "reporter/lint/text_patterns.h"
#include "reporter/timeline/markdown_text.h"
#include "reporter/writer/draft_format.h"
#include "reporter/writer/stack_diagram.h"

namespace firedrill::draft {
namespace {

std::string humanize(std::string_view id) {
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string sentence(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

// The root cause for the Issue Summary: its first sentences, at most two and kSummaryWords
// words (the first one cut with "…" if it alone is longer).
constexpr int kSummaryWords = 50;
std::string leading_sentences(const std::string& text) {
  std::string out;
  int sentences = 0;
  std::size_t start = 0;
  while (start < text.size() && sentences < 2) {
    std::size_t end = start;
    while (end < text.size() && !((text[end] == '.' || text[end] == '!' || text[end] == '?') &&
                                  (end + 1 == text.size() || text[end + 1] == ' '))) {
      ++end;
    }
    const std::string next = text.substr(start, std::min(end + 1, text.size()) - start);
    if (!out.empty() && md_words(out + next) > kSummaryWords) break;
    out += next;
    ++sentences;
    start = end + 1;
  }
  if (md_words(out) > kSummaryWords) out = clip_words(out, kSummaryWords);
  return sentence(out);
}

std::string ms_text(double ms) {
  return count_text(ms) + " ms";
}

// The window the summary reports: the outage, or without one the incident as far as known.
struct Window {
  SimTime start, end;
};
Window summary_window(const Debrief& d) {
  const DebriefFigures& f = d.figures;
  if (d.outage) return {d.outage->start, d.outage->end};
  const SimTime start = f.impact_start.value_or(SimTime{});
  SimTime end = f.resolved_at.value_or(f.mitigated_at.value_or(f.data_end));
  return {start, std::max(start, end)};
}

// "14:03 EST (UTC-05:00)", with the date in front when it is not the start's day.
std::string end_time_text(const ScenarioClock& clock, SimTime start, SimTime end) {
  const std::string time = summary_time(clock, end);
  return date_text(clock, start) == date_text(clock, end) ? time
                                                          : date_text(clock, end) + " " + time;
}

// Lowest healthy backend count inside the outage, when it fell below the stack's size.
std::optional<double> lowest_healthy(const Debrief& d) {
  if (!d.outage || d.facts.stack.web_servers <= 0) return std::nullopt;
  double lowest = d.facts.stack.web_servers;
  for (const MetricSample& s : d.samples) {
    if (s.end() > d.outage->start && s.begin() < d.outage->end) {
      lowest = std::min(lowest, s.healthy_backends);
    }
  }
  if (lowest >= d.facts.stack.web_servers) return std::nullopt;
  return lowest;
}

// "set config on web-1 and web-2, restart service on db": one phrase per action.
std::string applied_fixes_phrase(const DebriefFigures& f) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_action;
  for (const AppliedFix& fix : f.fixes_applied) {
    auto it = std::find_if(by_action.begin(), by_action.end(),
                           [&](const auto& a) { return a.first == fix.action; });
    if (it == by_action.end()) it = by_action.insert(by_action.end(), {fix.action, {}});
    if (!fix.target.empty()) it->second.push_back(fix.target);
  }
  std::vector<std::string> phrases;
  for (const auto& [action, targets] : by_action) {
    phrases.push_back(
        md_escape(humanize(action) + (targets.empty() ? "" : " on " + list_text(targets))));
  }
  return list_text(phrases);
}

// Mitigating actions that succeeded (classified, not edited), as a phrase.
std::string mitigations_phrase(const Debrief& d, std::optional<SimTime>* first) {
  std::vector<std::string> names;
  for (const TimelineEvent& e : d.timeline.events) {
    if (e.classified != Category::mitigation || e.kind != "trainee.action") continue;
    if (!*first) *first = e.t;
    std::string text = e.text;
    if (text.starts_with("Action ")) text = text.substr(7);
    const std::size_t verb = text.find(" succeeded");
    names.push_back(md_escape(text.substr(0, verb)));
  }
  return list_text(names);
}

std::string percent_slo(double ratio) {
  return percent_text(ratio);
}

std::string fix_paragraph(const Debrief& d) {
  const ScenarioFacts& s = d.facts;
  const DebriefFigures& f = d.figures;
  const ScenarioClock& clock = s.clock();
  const SimTime day = summary_window(d).start;
  auto at = [&](SimTime t) { return bullet_time(clock, t, day); };
  const std::string expected = md_escape(expected_fix_phrase(s));
  const std::string resolution =
      s.resolution.empty() ? "" : " " + md_escape(sentence(s.resolution));
  std::string text;
  if (!f.fixes_applied.empty()) {
    text = fmt::format("It was fixed at {} by {}.{}", at(f.fixes_applied.front().at),
                       applied_fixes_phrase(f), resolution);
  } else {
    std::optional<SimTime> first;
    const std::string mitigations = mitigations_phrase(d, &first);
    if (!mitigations.empty()) {
      text = fmt::format(
          "The impact was mitigated at {} by {}, but the root cause itself was not "
          "fixed during the drill.",
          at(*first), mitigations);
    } else if (d.outage && !d.outage->ongoing) {
      text =
          fmt::format("No fix was applied: the impact ended on its own at {}.", at(d.outage->end));
    } else if (d.outage) {
      text = "No fix was applied before the journal ends, and users were still affected.";
    } else {
      text = "No fix was applied during the drill.";
    }
    if (!expected.empty()) text += fmt::format(" The fix that works is to {}.", expected);
    text += resolution;
  }
  if (f.mitigated_at && f.resolved_at) {
    text += fmt::format(
        " Users were served normally again from {}, and the incident was resolved "
        "at {}.",
        at(*f.mitigated_at), at(*f.resolved_at));
  } else if (f.mitigated_at) {
    text += fmt::format(" Users were served normally again from {}.", at(*f.mitigated_at));
  } else if (f.resolved_at) {
    text += fmt::format(" The incident was resolved at {}.", at(*f.resolved_at));
  }
  return text;
}

}  // namespace

std::string service_phrase(const ScenarioFacts& facts) {
  if (facts.services.empty()) return "the site";
  std::vector<std::string> names;
  for (const std::string& s : facts.services) names.push_back(md_escape(s));
  return "the " + list_text(names) + (names.size() == 1 ? " service" : " services");
}

std::string components_phrase(const ScenarioFacts& facts) {
  return list_text(facts.root_cause_components);
}

std::string expected_fix_phrase(const ScenarioFacts& facts) {
  std::vector<std::string> fixes;
  for (const FixAction& fix : facts.fix_actions) {
    fixes.push_back(humanize(fix.action) + (fix.target.empty() ? "" : " on " + fix.target));
  }
  return list_text(fixes);
}

void add_summary(const Debrief& d, Parts& parts) {
  const ScenarioFacts& s = d.facts;
  const DebriefFigures& f = d.figures;
  const ScenarioClock& clock = s.clock();
  const Window w = summary_window(d);
  const std::string start = summary_time(clock, w.start);
  const std::string end = end_time_text(clock, w.start, w.end);
  const std::string service = service_phrase(s);
  const std::string duration = duration_text(w.end - w.start);
  const std::string date = date_text(clock, w.start);
  if (!d.outage) {
    parts.summary.push_back({fmt::format(
        "On {}, from {} to {}, {} had an incident lasting {}, but its SLO was never breached.",
        date, start, end, service, duration)});
    parts.summary.push_back(
        {fmt::format("Users saw no outage: {} of {} requests failed over the whole drill.",
                     count_text(f.requests_failed), count_text(f.requests_total))});
  } else {
    const OutageWindow& o = *d.outage;
    const char* state = o.peak_error_ratio >= 0.9 ? "was down" : "was degraded";
    parts.summary.push_back({o.ongoing ? fmt::format("On {}, from {} to at least {}, {} {} for "
                                                     "at least {}: the SLO was still breached "
                                                     "when the journal ends.",
                                                     date, start, end, service, state, duration)
                                       : fmt::format("On {}, from {} to {}, {} {} for {}.", date,
                                                     start, end, service, state, duration)});
    const bool errors = o.peak_error_ratio > s.slo.error_ratio;
    const bool slow = o.peak_p99_ms > s.slo.latency_ms;
    const std::string what = errors && slow ? "failed requests and slow pages"
                             : errors       ? "failed requests (errors)"
                                            : "slow pages";
    parts.summary.push_back({fmt::format(
        "Users saw {}: in the worst minute {} of requests failed and p99 latency reached {}.", what,
        percent_text(o.peak_error_ratio), ms_text(o.peak_p99_ms))});
  }
  if (f.users_affected_share) {
    parts.summary.push_back(
        {fmt::format("{} of users ({} of {}) saw at least one failed or too-slow request.",
                     percent_text(*f.users_affected_share), count_text(f.users_affected),
                     count_text(f.users_seen))});
  } else {
    parts.summary.push_back(
        {"The journal holds no user metrics, so the share of users affected could not be "
         "measured (0% measured)."});
  }
  if (s.root_cause.empty()) {
    parts.summary.push_back(
        {"The root cause is not in the journal: the responder must state it here."});
  } else {
    parts.summary.push_back({"Root cause: " + md_escape(leading_sentences(s.root_cause))});
  }
  if (f.error_budget_burned) {
    parts.summary.push_back(
        {fmt::format("The drill burned {} of the 30-day error budget of a {} error SLO.",
                     percent_text(*f.error_budget_burned), percent_slo(s.slo.error_ratio)),
         kBudgetSentence});
  }
}

void add_root_cause(const Debrief& d, Parts& parts) {
  const ScenarioFacts& s = d.facts;
  const DebriefFigures& f = d.figures;
  const ScenarioClock& clock = s.clock();
  const std::string components = md_escape(components_phrase(s));
  if (s.root_cause.empty()) {
    parts.root_cause.push_back(
        {"The journal does not name the root cause, so this paragraph is the responder's to "
         "write: explain what caused the outage, why it hurt users, and why it was not caught "
         "earlier."});
  } else {
    std::string text = "Root cause: " + md_escape(sentence(s.root_cause));
    if (!components.empty()) {
      const bool one = s.root_cause_components.size() == 1;
      text += fmt::format(" The failing component{} {}, marked red in the diagram below.",
                          one ? " was" : "s were", components);
    }
    parts.root_cause.push_back({text});
  }
  if (d.outage) {
    const OutageWindow& o = *d.outage;
    std::string unfold = fmt::format(
        "The metrics show how it unfolded. From {} the error rate rose to {} in its worst "
        "minute and p99 latency to {}, against an SLO of {} errors and {}. During the outage "
        "{} of {} requests failed",
        bullet_time(clock, o.start, o.start), percent_text(o.peak_error_ratio),
        ms_text(o.peak_p99_ms), percent_text(s.slo.error_ratio), ms_text(s.slo.latency_ms),
        count_text(f.outage_failed), count_text(f.outage_requests));
    if (f.outage_slow >= 0.5) {
      unfold += fmt::format(", {} more were too slow", count_text(f.outage_slow));
    }
    if (const std::optional<double> healthy = lowest_healthy(d)) {
      unfold += fmt::format(", and healthy backends fell to {} of {}", count_text(*healthy),
                            s.stack.web_servers);
    }
    parts.root_cause.push_back({unfold + ".", kUnfoldParagraph});
  }
  parts.root_cause.push_back({fix_paragraph(d)});
  parts.root_cause.push_back({stack_diagram(s)});
  std::string stack =
      fmt::format("The stack behind {}: a load balancer in front of ", service_phrase(s));
  const int webs = std::max(s.stack.web_servers, 1);
  stack +=
      fmt::format("{} web server{}, a primary database{}{}.", webs, webs == 1 ? "" : "s",
                  s.stack.replica ? " with a replica" : "", s.stack.cache ? " and a cache" : "");
  if (!components.empty()) stack += fmt::format(" {} is highlighted in red.", components);
  parts.root_cause.push_back({stack, kStackParagraph});
}

void add_padding(Parts& parts) {
  parts.root_cause.insert(
      parts.root_cause.begin() + 1,
      {"", kRequired,
       "Questions for the responder to answer here: what changed just before the incident, "
       "which signal first pointed at the cause, and what would have shown it sooner. The draft "
       "fills in what the journal knows; the story is yours to tell."});
  parts.root_cause.push_back(
      {"", kRequired,
       "How to read the chart at the top: it plots the users' error rate and p99 latency, with "
       "the SLO thresholds dashed, the outage shaded, and the moments of detection, escalation, "
       "mitigation and resolution marked."});
  parts.measures.push_back(
      {"", kRequired,
       "Follow-up: review this postmortem with the team within a week, give every task below an "
       "owner and a due date, and link the tasks from the incident ticket so none is "
       "forgotten."});
}

}  // namespace firedrill::draft
