// build_debrief: everything the reporter derives from a journal, in one call — the scenario
// facts, the metric samples and minutes, the outage window, the classified and edited
// timeline with its summary bullets, and the debrief figures. The dashboard, the API and
// `firedrill report` all start here; the writer turns a Debrief into files. Works on any
// prefix of a journal (a live drill, a crashed one): what has not happened yet is unset.
// Pure; the Debrief is a plain value.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reporter/debrief/debrief_figures.h"
#include "reporter/incident/metric_samples.h"
#include "reporter/incident/scenario_facts.h"
#include "reporter/journal/journal_record.h"
#include "reporter/timeline/timeline_bullets.h"
#include "reporter/timeline/timeline_event.h"

namespace firedrill {

struct Debrief {
  ScenarioFacts facts;
  std::vector<MetricSample> samples;
  std::vector<MinuteStats> minutes;
  std::optional<OutageWindow> outage;
  Timeline timeline;  // edits applied
  std::vector<TimelineBullet> bullets;
  DebriefFigures figures;
  std::vector<std::string> warnings;  // plain sentences: missing facts, edits that failed
};

// REQUIRES: records in journal (seq) order, as JournalReader returns them.
Debrief build_debrief(std::span<const JournalRecord> records);

// The figures as summary.json (schema in docs/debrief.md): deterministic, keys sorted,
// instants as `*_us` plus their local text, durations in whole seconds, null when unknown.
nlohmann::json debrief_summary_json(const Debrief& debrief);
// `value` rounded to `digits` decimals: the figures' JSON stays short and stable to diff.
double rounded_to(double value, int digits);

}  // namespace firedrill
