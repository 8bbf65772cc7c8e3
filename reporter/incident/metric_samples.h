// Metric samples and the SLO window: reads `metrics.sample` records (the users' view of the
// site, one record per sampling period), folds them into minutes of the scenario's wall clock
// and finds the outage — the first and last minute that breached the SLO. Definitions are in
// docs/debrief.md ("Outage"). Plain values; pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reporter/incident/scenario_facts.h"
#include "reporter/journal/journal_record.h"

namespace firedrill {

// One metrics.sample record: counts are per sample (not per second); users_* are cumulative.
struct MetricSample {
  SimTime t;                                  // when it was written
  int64_t from_s = 0;                         // first metrics second covered
  int64_t to_s = 0;                           // one past the last second covered
  double requests = 0;                        // user requests started
  double ok = 0;                              // answered successfully (slow ones included)
  double failed = 0;                          // failed after the client's retries
  double slow = 0;                            // ok, but slower than the users' patience
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;  // users' latency
  double users_affected = 0;  // distinct users who saw a failed or slow request so far
  double users_seen = 0;      // distinct users who sent a request so far
  double healthy_backends = 0;

  double error_ratio() const { return ok + failed > 0 ? failed / (ok + failed) : 0.0; }
  SimTime begin() const { return SimTime::seconds(from_s); }
  SimTime end() const { return SimTime::seconds(to_s); }
};

// The metrics.sample records in journal order; a sample that covers no second is skipped.
std::vector<MetricSample> read_metric_samples(std::span<const JournalRecord> records);

// One minute of the scenario's wall clock (14:03:00 to 14:04:00 local).
struct MinuteStats {
  SimTime start, end;  // clamped to the drill: the first minute may start at 0 mid-minute
  double requests = 0, ok = 0, failed = 0, slow = 0;
  double p99_ms = 0;  // the highest p99 of its samples
  bool breached = false;

  double error_ratio() const { return ok + failed > 0 ? failed / (ok + failed) : 0.0; }
};

// Folds the samples into consecutive minutes, from the first sample's minute to the last's;
// each sample counts in the minute containing the middle of the seconds it covers. Minutes
// with no sample have no requests and are not breached.
std::vector<MinuteStats> minute_stats(std::span<const MetricSample> samples,
                                      const ScenarioClock& clock, const Slo& slo);

struct OutageWindow {
  SimTime start;             // start of the first breached minute
  SimTime end;               // end of the last breached minute (or of the data, if ongoing)
  int breached_minutes = 0;  // breached minutes within [start, end)
  bool ongoing = false;      // the last minute with data was still breached
  double peak_error_ratio = 0;
  double peak_p99_ms = 0;

  SimTime duration() const { return end - start; }
};

// The outage, or nothing when no minute breached the SLO.
std::optional<OutageWindow> find_outage(std::span<const MinuteStats> minutes);

}  // namespace firedrill
