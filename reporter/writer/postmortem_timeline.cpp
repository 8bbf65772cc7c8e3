// add_timeline (postmortem_parts.h): the debrief's bullets, then, for each point the format
// requires that no bullet makes, either the first optional bullet that makes it (now kept) or
// an honest line saying why the drill has none ("No escalation: ...").
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "reporter/incident/journal_kinds.h"
#include "reporter/lint/rule_catalog.h"
#include "reporter/lint/text_patterns.h"
#include "reporter/timeline/markdown_text.h"
#include "reporter/writer/postmortem_parts.h"

namespace firedrill::draft {
namespace {

using lint::Rule;

int rank_of(int priority) {
  switch (priority) {
    case 0:
      return kRequired;
    case 1:
      return kKeyBullet;
    case 2:
      return kDetailBullet;
    default:
      return kContextBullet;
  }
}

bool mentions(Rule rule, std::string_view markdown) {
  return lint::mentions_any(markdown, lint::rule_info(rule).keywords);
}

// As the linter decides: "escalat*", or another verb with a team or role word.
bool mentions_escalation(std::string_view markdown) {
  const lint::RuleInfo& info = lint::rule_info(Rule::timeline_escalation);
  const std::string_view verb = lint::find_keyword(markdown, info.keywords);
  return !verb.empty() &&
         (verb == info.keywords.front() || lint::mentions_any(markdown, info.more_keywords));
}

class TimelineWriter {
 public:
  TimelineWriter(const Debrief& d, Parts& parts) : d_(d), parts_(parts) {}

  void run() {
    for (const TimelineBullet& b : d_.bullets) {
      std::string md = b.markdown;
      if (b.edited && b.hypothesis && !mentions(Rule::timeline_assumption, md)) {
        md = "Hypothesis: " + md;
      }
      parts_.timeline.push_back({b.t, 0, std::move(md), rank_of(b.priority)});
    }
    ensure([](std::string_view md) { return mentions(Rule::timeline_detection, md); },
           [&] { return detection_line(); });
    ensure([](std::string_view md) { return mentions(Rule::timeline_actions, md); },
           [&] { return actions_line(); });
    ensure([](std::string_view md) { return mentions(Rule::timeline_assumption, md); },
           [&] { return assumption_line(); });
    ensure([](std::string_view md) { return mentions(Rule::timeline_misleading, md); },
           [&] { return misleading_line(); });
    ensure(mentions_escalation, [&] { return escalation_line(); });
    ensure([](std::string_view md) { return mentions(Rule::timeline_resolution, md); },
           [&] { return resolution_line(); });
    std::stable_sort(parts_.timeline.begin(), parts_.timeline.end(),
                     [](const Bullet& a, const Bullet& b) {
                       return a.t != b.t ? a.t < b.t : a.order < b.order;
                     });
  }

 private:
  // A required bullet covers the point; else the first optional one that does is kept; else
  // the honest line is added.
  void ensure(const std::function<bool(std::string_view)>& covers,
              const std::function<Bullet()>& honest) {
    for (const Bullet& b : parts_.timeline) {
      if (b.drop_rank == kRequired && covers(b.markdown)) return;
    }
    for (Bullet& b : parts_.timeline) {
      if (covers(b.markdown)) {
        b.drop_rank = kRequired;
        return;
      }
    }
    parts_.timeline.push_back(honest());
  }

  Bullet line(SimTime t, std::string text) { return {t, 1, std::move(text), kRequired}; }

  SimTime detection_time() const {
    if (d_.figures.detection) return d_.figures.detection->at;
    if (d_.figures.impact_start) return *d_.figures.impact_start;
    return SimTime{};
  }

  // The time of the last bullet in one of `categories`, or the detection time.
  SimTime last_of(std::initializer_list<Category> categories, bool first = false) const {
    std::optional<SimTime> found;
    for (const TimelineBullet& b : d_.bullets) {
      if (std::find(categories.begin(), categories.end(), b.category) == categories.end()) {
        continue;
      }
      if (first && found) break;
      found = b.t;
    }
    return found ? *found : detection_time();
  }

  bool any_event(const std::function<bool(const TimelineEvent&)>& pred) const {
    return std::any_of(d_.timeline.events.begin(), d_.timeline.events.end(), pred);
  }

  bool trainee_moved() const {
    return any_event([](const TimelineEvent& e) {
      return e.kind == kinds::trainee_command || e.kind == kinds::trainee_action;
    });
  }

  Bullet detection_line() {
    const auto& det = d_.figures.detection;
    if (!det) {
      return line(detection_time(),
                  "No alert fired and no customer reported it: monitoring never detected the "
                  "incident.");
    }
    switch (det->how) {
      case DetectionHow::alert:
        return line(det->at, fmt::format("Monitoring alert {} fired and detected the incident.",
                                         md_escape(det->by)));
      case DetectionHow::report:
        return line(det->at, fmt::format("The incident was detected when {} reported it.",
                                         md_escape(det->by)));
      case DetectionHow::engineer:
        break;
    }
    return line(det->at, "The responder noticed the problem before any alert fired.");
  }

  Bullet actions_line() {
    if (trainee_moved()) {
      return line(detection_time(),
                  "The responder investigated the stack; the details are hidden in this "
                  "timeline.");
    }
    return line(detection_time(),
                "No one investigated: the journal records no command or action by the "
                "responder.");
  }

  Bullet assumption_line() {
    const SimTime t = last_of({Category::investigation, Category::misleading}, true);
    if (any_event([](const TimelineEvent& e) { return e.hypothesis; })) {
      return line(t, "The responder's hypotheses are hidden in this timeline.");
    }
    return line(t,
                "No hypothesis was written down: the responder did not record what they "
                "suspected.");
  }

  Bullet misleading_line() {
    const SimTime t = last_of({Category::investigation, Category::misleading});
    const ScenarioFacts& f = d_.facts;
    if (!trainee_moved()) {
      return line(t, "No misleading path was taken: the responder ran no command or action.");
    }
    if (f.root_cause_components.empty() && f.fix_actions.empty()) {
      return line(t,
                  "No path is called misleading here: the journal does not name the root "
                  "cause.");
    }
    if (d_.figures.misleading_events == 0) {
      const std::string components = components_phrase(f);
      return line(t, fmt::format("No misleading path was taken: every command and action during "
                                 "the incident concerned {}.",
                                 components.empty() ? "the cause" : md_escape(components)));
    }
    return line(t, "No misleading path is shown in this edited timeline.");
  }

  Bullet escalation_line() {
    const SimTime t =
        parts_.timeline.empty()
            ? detection_time()
            : std::max_element(parts_.timeline.begin(), parts_.timeline.end(),
                               [](const Bullet& a, const Bullet& b) { return a.t < b.t; })
                  ->t;
    if (d_.figures.escalations > 0) {
      return line(t, "The escalation is hidden in this timeline.");
    }
    return line(t, "No escalation: the responder handled the incident alone.");
  }

  Bullet resolution_line() {
    const DebriefFigures& f = d_.figures;
    if (f.resolved_at) return line(*f.resolved_at, "The incident was resolved.");
    if (f.mitigated_at) return line(*f.mitigated_at, "The impact was mitigated.");
    if (f.outage && f.outage->ongoing) {
      return line(f.data_end,
                  "The incident was not resolved before the journal ends: the SLO was still "
                  "breached.");
    }
    return line(f.data_end, "The SLO was never breached, so there was nothing to resolve.");
  }

  const Debrief& d_;
  Parts& parts_;
};

}  // namespace

void add_timeline(const Debrief& d, Parts& parts) {
  TimelineWriter(d, parts).run();
}

}  // namespace firedrill::draft
