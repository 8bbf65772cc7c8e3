#include "reporter/debrief/debrief.h"

#include "reporter/timeline/timeline_classify.h"
#include "reporter/timeline/timeline_edits.h"

namespace firedrill {

Debrief build_debrief(std::span<const JournalRecord> records) {
  Debrief d;
  d.facts = read_scenario_facts(records, d.warnings);
  d.samples = read_metric_samples(records);
  d.minutes = minute_stats(d.samples, d.facts.clock(), d.facts.slo);
  d.outage = find_outage(d.minutes);
  if (d.samples.empty()) {
    d.warnings.push_back("the journal has no metrics.sample: no outage window or user figures");
  }
  d.timeline = classify_journal(records, d.facts, d.outage);
  apply_timeline_edits(records, d.timeline);
  d.warnings.insert(d.warnings.end(), d.timeline.warnings.begin(), d.timeline.warnings.end());
  d.bullets = summarize_timeline(d.timeline);
  d.figures = compute_figures(records, d.facts, d.samples, d.outage, d.timeline);
  return d;
}

}  // namespace firedrill
