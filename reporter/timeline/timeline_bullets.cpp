#include "reporter/timeline/timeline_bullets.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "reporter/incident/journal_kinds.h"
#include "reporter/lint/rule_catalog.h"
#include "reporter/timeline/markdown_text.h"

namespace firedrill {
namespace {

constexpr int kMaxWords = lint::kMaxTimelineWords;
constexpr int kMaxSentences = lint::kMaxTimelineSentences;
constexpr int kCommandWords = 6;   // a command shown in a merged bullet is cut after this
constexpr std::size_t kBurst = 3;  // this many host groups in a row make one bullet

bool mergeable(const TimelineEvent& e) {
  return e.kind == kinds::trainee_command && !e.edited &&
         (e.category == Category::investigation || e.category == Category::misleading ||
          e.category == Category::context);
}

// "cpu, logs" from the distinct topics, in order.
std::string topics_of(const std::vector<const TimelineEvent*>& group) {
  std::vector<std::string> topics;
  for (const TimelineEvent* e : group) {
    if (!e->topic.empty() && std::find(topics.begin(), topics.end(), e->topic) == topics.end()) {
      topics.push_back(e->topic);
    }
  }
  return topics.empty() ? "" : fmt::format(" ({})", fmt::join(topics, ", "));
}

std::string merged_commands(const std::vector<const TimelineEvent*>& group) {
  std::vector<std::string> commands;
  for (const TimelineEvent* e : group) {
    if (std::find(commands.begin(), commands.end(), e->command) == commands.end()) {
      commands.push_back(e->command);
    }
  }
  std::string shown = md_code(clip_words(commands[0], kCommandWords));
  if (commands.size() == 2) shown += " and " + md_code(clip_words(commands[1], kCommandWords));
  if (commands.size() > 2) {
    shown +=
        ", " + md_code(clip_words(commands[1], kCommandWords)) +
        fmt::format(" and {} more command{}", commands.size() - 2, commands.size() == 3 ? "" : "s");
  }
  return shown;
}

std::string command_bullet_with(const TimelineEvent& first, const std::string& what) {
  const std::string target = md_escape(first.target.empty() ? "the host" : first.target);
  switch (first.category) {
    case Category::misleading:
      return fmt::format(
          "Investigated {}: a misleading path, as {} had nothing to do with the "
          "cause.",
          what, target);
    case Category::context:
      return fmt::format("Looked around {} before the incident began.", what);
    default:
      return fmt::format("Investigated {}.", what);
  }
}

// The fullest form that fits: with topics and commands, then leaner.
std::string command_bullet(const std::vector<const TimelineEvent*>& group) {
  const TimelineEvent& first = *group.front();
  const std::string target = md_escape(first.target.empty() ? "the host" : first.target);
  const std::string count = fmt::format("{} command{}", group.size(), group.size() == 1 ? "" : "s");
  const std::string forms[] = {
      fmt::format("{}{} with {}", target, topics_of(group), merged_commands(group)),
      fmt::format("{} with {}", target, merged_commands(group)),
      fmt::format("{} with {}", target, count),
  };
  for (const std::string& what : forms) {
    std::string bullet = command_bullet_with(first, what);
    if (md_words(bullet) <= kMaxWords && md_sentences(bullet) <= kMaxSentences) return bullet;
  }
  return command_bullet_with(first, forms[2]);
}

// A burst of at least kBurst single-host groups in one category, as one bullet.
std::string burst_bullet(const std::vector<std::vector<const TimelineEvent*>>& run) {
  std::vector<std::string> hosts;
  std::vector<const TimelineEvent*> all;
  for (const auto& group : run) {
    const std::string target =
        md_escape(group.front()->target.empty() ? "the host" : group.front()->target);
    if (std::find(hosts.begin(), hosts.end(), target) == hosts.end()) hosts.push_back(target);
    all.insert(all.end(), group.begin(), group.end());
  }
  const Category category = run.front().front()->category;
  const std::string count = fmt::format("{} commands", all.size());
  const std::string named =
      hosts.size() == 1
          ? hosts[0]
          : fmt::format("{} and {}", fmt::join(hosts.begin(), hosts.end() - 1, ", "), hosts.back());
  const std::string forms[] = {
      fmt::format("{}{} with {}, among them {}", named, topics_of(all), count,
                  md_code(clip_words(all.front()->command, kCommandWords))),
      fmt::format("{} with {}", named, count),
      fmt::format("{} hosts with {}", hosts.size(), count),
  };
  for (const std::string& what : forms) {
    std::string bullet =
        category == Category::misleading
            ? fmt::format(
                  "Investigated {}: misleading paths, as none of them had anything to do "
                  "with the cause.",
                  what)
            : command_bullet_with(*all.front(), what);
    if (md_words(bullet) <= kMaxWords && md_sentences(bullet) <= kMaxSentences) return bullet;
  }
  return command_bullet_with(*all.front(), forms[2]);
}

// An event's text as Markdown within the limits; only its quote (if any) is shortened.
std::string event_bullet(const TimelineEvent& e) {
  std::string text = e.text;
  std::string suffix;  // Markdown, after the text
  if (e.category == Category::misleading && !e.edited) {
    if (!text.empty() && text.back() == '.') text.pop_back();
    suffix = e.note ? " \u2014 it turned out wrong."
                    : " \u2014 a misleading path that did not touch the cause.";
  }
  const std::string open = "\u201c" + e.quote + "\u201d";
  const std::size_t at = e.quote.empty() || e.edited ? std::string::npos : text.find(open);
  if (at == std::string::npos) return fit_quote("", text, suffix, kMaxWords, kMaxSentences);
  const std::string before = text.substr(0, at) + "\u201c";
  const std::string after = "\u201d" + text.substr(at + open.size());
  return fit_quote(md_escape(before), e.quote, md_escape(after) + suffix, kMaxWords, kMaxSentences);
}

// One action run on several targets in a row: "Action set config (key=x) on web-1 and web-2
// succeeded."
std::string action_bullet(const std::vector<const TimelineEvent*>& group) {
  std::vector<std::string> targets;
  for (const TimelineEvent* e : group) {
    if (!e->target.empty()) targets.push_back(e->target);
  }
  const TimelineEvent& first = *group.front();
  const std::string on =
      targets.size() < 2
          ? fmt::format("{}", fmt::join(targets, ""))
          : fmt::format("{} and {}", fmt::join(targets.begin(), targets.end() - 1, ", "),
                        targets.back());
  const std::string text =
      fmt::format("Action {} on {} {}", first.action, on, first.failed ? "failed" : "succeeded");
  const std::string suffix = first.category == Category::misleading
                                 ? " \u2014 a misleading path that did not touch the cause."
                                 : ".";
  return fit_quote("", text, suffix, kMaxWords, kMaxSentences);
}

bool same_action(const TimelineEvent& a, const TimelineEvent& b) {
  return a.action == b.action && a.failed == b.failed && a.category == b.category;
}

class Summarizer {
 public:
  explicit Summarizer(const std::optional<Detection>& detection) : detection_(detection) {}

  std::vector<TimelineBullet> bullets;

  void add_group(const std::vector<const TimelineEvent*>& group) {
    TimelineBullet b = start(*group.front());
    for (const TimelineEvent* e : group) b.seqs.push_back(e->seq);
    b.markdown = command_bullet(group);
    b.priority = priority(*group.front());
    bullets.push_back(std::move(b));
  }

  // Consecutive groups of one category: each its own bullet, or one bullet for a burst.
  void add_run(const std::vector<std::vector<const TimelineEvent*>>& run) {
    if (run.size() < kBurst) {
      for (const auto& group : run) add_group(group);
      return;
    }
    TimelineBullet b = start(*run.front().front());
    for (const auto& group : run) {
      for (const TimelineEvent* e : group) b.seqs.push_back(e->seq);
    }
    b.markdown = burst_bullet(run);
    b.priority = priority(*run.front().front());
    bullets.push_back(std::move(b));
  }

  void add_actions(const std::vector<const TimelineEvent*>& group) {
    if (group.size() == 1) {
      add_event(*group.front());
      return;
    }
    TimelineBullet b = start(*group.front());
    for (const TimelineEvent* e : group) b.seqs.push_back(e->seq);
    b.markdown = action_bullet(group);
    b.priority = priority(*group.front());
    bullets.push_back(std::move(b));
  }

  void add_event(const TimelineEvent& e) {
    TimelineBullet b = start(e);
    if (!e.derived) b.seqs.push_back(e.seq);
    b.markdown = event_bullet(e);
    b.priority = priority(e);
    b.hypothesis = e.hypothesis;
    b.edited = e.edited;
    bullets.push_back(std::move(b));
  }

 private:
  static TimelineBullet start(const TimelineEvent& e) {
    TimelineBullet b;
    b.t = e.t;
    b.category = e.category;
    return b;
  }

  // The first bullet of each required point is priority 0 (see the header).
  int priority(const TimelineEvent& e) {
    const bool first = seen_.insert(key(e)).second;
    if (e.edited) return 1;
    switch (e.category) {
      case Category::detection:
        return is_detection(e) ? 0 : 1;
      case Category::escalation:
        return first && e.kind == kinds::trainee_escalate ? 0 : 1;
      case Category::misleading:
        if (first) return 0;
        return e.kind == kinds::trainee_action || e.note ? 1 : 2;
      case Category::investigation:
        if (e.hypothesis) return first ? 0 : 1;
        if (e.note) return 1;
        if (e.kind == kinds::trainee_command) return first ? 0 : 2;
        return 2;
      case Category::impact:
      case Category::resolution:
        return 0;
      case Category::mitigation:
        return 1;
      case Category::communication:
        return 2;
      case Category::context:
        return 3;
    }
    return 3;
  }

  static std::string key(const TimelineEvent& e) {
    if (e.hypothesis) return "hypothesis";
    if (e.category == Category::investigation && e.kind == kinds::trainee_command) {
      return "command";
    }
    if (e.category == Category::escalation) return std::string(e.kind);
    return std::string(category_name(e.category));
  }

  // The event that detected the incident (or the "responder noticed" entry).
  bool is_detection(const TimelineEvent& e) const {
    if (e.kind == "detection.engineer") return true;
    return detection_ && !e.derived && e.seq == detection_->seq &&
           detection_->how != DetectionHow::engineer;
  }

  std::optional<Detection> detection_;
  std::set<std::string> seen_;
};

}  // namespace

std::vector<TimelineBullet> summarize_timeline(const Timeline& timeline) {
  Summarizer s(timeline.detection);
  // Commands on one host in a row form a group; groups of one category in a row, a run.
  std::vector<std::vector<const TimelineEvent*>> run;
  // One action on several targets in a row.
  std::vector<const TimelineEvent*> actions;
  auto flush = [&] {
    if (!run.empty()) s.add_run(run);
    run.clear();
    if (!actions.empty()) s.add_actions(actions);
    actions.clear();
  };
  for (const TimelineEvent& e : timeline.events) {
    if (e.hidden) continue;
    if (e.kind == kinds::trainee_action && !e.edited) {
      if (!run.empty() || (!actions.empty() && !same_action(*actions.front(), e))) flush();
      actions.push_back(&e);
      continue;
    }
    if (!mergeable(e)) {
      flush();
      s.add_event(e);
      continue;
    }
    if (!actions.empty() || (!run.empty() && run.front().front()->category != e.category)) {
      flush();
    }
    if (run.empty() || run.back().front()->target != e.target) run.emplace_back();
    run.back().push_back(&e);
  }
  flush();
  return std::move(s.bullets);
}

}  // namespace firedrill
