// The incident timeline as data: every journal event that tells the story, classified
// (detection, investigation, misleading path, escalation, mitigation, resolution,
// communication), plus the derived moments the metrics show (the SLO breach began, ended).
// Built by classify_journal (timeline_classify.h), edited by apply_timeline_edits
// (timeline_edits.h), summarised into bullets by summarize_timeline (timeline_bullets.h).
// Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/sim_time.h"

namespace firedrill {

enum class Category {
  detection,      // how the incident was first noticed: an alert, a report, an engineer
  investigation,  // looked at something related to the cause; notes, hypotheses, runbooks, hints
  misleading,     // looked at or changed something unrelated to the root cause and its fixes
  escalation,     // asked a team for help, and its answers
  mitigation,     // reduced the impact without fixing the cause; declared mitigated
  resolution,     // fixed the cause; declared resolved
  communication,  // status updates, stakeholder and customer messages
  impact,         // derived from the metrics: the SLO breach began / ended
  context,        // other signals: other alerts, faults, process changes, moves before the response
};

// "detection", "misleading", ... (the names summary.json and the API use).
std::string_view category_name(Category c);
std::optional<Category> category_from_name(std::string_view name);

struct TimelineEvent {
  SimTime t;
  uint64_t seq = 0;      // the journal record (for an added entry, the timeline.edit record)
  bool derived = false;  // computed from the metrics, not a record (seq is meaningless)
  std::string kind;      // the record's kind; "outage.began" / "outage.ended" when derived
  Category category = Category::context;
  Category classified = Category::context;  // what the reporter decided, before any edit
  std::string target;       // the host or component concerned ("web-2"); empty if none
  std::string label;        // the alert rule, the team, or who reported; empty if none
  std::string text;         // one or two plain sentences, no time; plain text, not Markdown
  std::string quote;        // the free text quoted in `text` ("\u201c" quote "\u201d"), if any
  std::string command;      // trainee.command: the command line
  std::string topic;        // trainee.command: what it looked at ("cpu", "logs")
  std::string action;       // trainee.action: the action and its parameters, "set config (key=x)"
  bool failed = false;      // trainee.action: not ok
  bool hypothesis = false;  // trainee.note marked as a hypothesis
  bool note = false;        // trainee.note (kept verbatim, never merged)
  bool autopilot = false;   // written by the model responder
  bool hidden = false;      // hidden by a timeline edit
  bool edited = false;      // reworded or added by the trainee: shown verbatim, never merged
};

enum class DetectionHow {
  alert,     // a monitoring alert fired
  report,    // a customer or stakeholder reported it
  engineer,  // the responder acted before any alert or report
};
std::string_view detection_how_name(DetectionHow how);  // "alert", "report", "engineer"

struct Detection {
  SimTime at;
  uint64_t seq = 0;
  DetectionHow how = DetectionHow::alert;
  std::string by;  // the alert rule, the reporter ("customer", "support"), or "responder"
};

struct Timeline {
  std::vector<TimelineEvent> events;      // by (t, seq); derived entries first at equal t
  std::optional<SimTime> incident_start;  // first fault, or the outage start if earlier
  std::optional<Detection> detection;
  std::vector<std::string> warnings;  // edits that could not be applied, ...
};

}  // namespace firedrill
