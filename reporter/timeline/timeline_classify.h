// classify_journal: turns the journal into the incident timeline. Each record that tells the
// story becomes a TimelineEvent with a category (timeline_event.h); metrics become the derived
// "SLO breach began / ended" entries; the detection is found. timeline.edit records are left to
// apply_timeline_edits. The rules, also in docs/debrief.md ("Timeline"):
// - incident start: the earlier of the first fault.injected and the outage start;
// - detection: the first alert.firing, customer.report or stakeholder.message at or after the
//   incident start — or, if the responder acted first, "an engineer noticed";
// - a trainee command or action at or after the incident start is misleading when its target
//   (touched.component, else touched.host, else host; an action's target) is neither a root
//   cause component nor a fix action's target; before the incident start it is context;
// - an ok action that is a fix action is resolution; another ok action on a related target is
//   mitigation; trainee.declare gives mitigation or resolution.
// Pure; never fails (unknown kinds are skipped).
#pragma once

#include <optional>
#include <span>

#include "reporter/incident/metric_samples.h"
#include "reporter/incident/scenario_facts.h"
#include "reporter/journal/journal_record.h"
#include "reporter/timeline/timeline_event.h"

namespace firedrill {

Timeline classify_journal(std::span<const JournalRecord> records, const ScenarioFacts& facts,
                          const std::optional<OutageWindow>& outage);

// Orders events by time; at equal times derived entries first, then by seq.
void sort_timeline(std::vector<TimelineEvent>& events);

}  // namespace firedrill
