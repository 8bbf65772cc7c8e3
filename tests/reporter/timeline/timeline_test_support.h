// Helpers for the timeline tests: a classified (and edited) timeline from a builder, and
// lookups by kind and seq.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "reporter/incident/metric_samples.h"
#include "reporter/timeline/timeline_classify.h"
#include "reporter/timeline/timeline_edits.h"
#include "tests/reporter/support/journal_builder.h"

namespace firedrill::testing {

struct Classified {
  std::vector<JournalRecord> records;
  std::vector<std::string> warnings;
  ScenarioFacts facts;
  Timeline timeline;
};

inline Classified classify(const JournalBuilder& b, bool with_edits = true) {
  Classified c;
  c.records = b.records();
  c.facts = read_scenario_facts(c.records, c.warnings);
  const auto samples = read_metric_samples(c.records);
  const auto outage = find_outage(minute_stats(samples, c.facts.clock(), c.facts.slo));
  c.timeline = classify_journal(c.records, c.facts, outage);
  if (with_edits) apply_timeline_edits(c.records, c.timeline);
  return c;
}

// The first event of `kind` at time t (the event must exist).
inline const TimelineEvent& event_at(const Timeline& tl, std::string_view kind, SimTime t) {
  for (const TimelineEvent& e : tl.events) {
    if (e.kind == kind && e.t == t) return e;
  }
  FAIL("no " << kind << " event at " << t.us() << " us");
  return tl.events.front();
}

}  // namespace firedrill::testing
