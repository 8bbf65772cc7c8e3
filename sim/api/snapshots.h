// Snapshots: the drill's state as the JSON the API answers with — clock, topology, metric
// series since a cursor, alerts, log lines since a cursor, the action catalog, journal
// records. Pure functions of what they are given: the routes call them on the engine thread
// (inside Session::call) and send the result from the server thread. Field names and shapes
// are the contract documented in docs/api.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reporter/journal/journal_record.h"
#include "sim/engine/drill.h"

namespace firedrill::api {

// {"t_us", "elapsed", "local", "clock_text", "zone", "zone_abbrev", "utc_offset_s",
//  "start_unix_s", "length_us", "speed", "paused", "finished"}
nlohmann::json clock_json(const ScenarioClock& clock, SimTime now, SimTime length, double speed,
                          bool paused);

// {"t_us", "hosts": [...], "lb": {...}}: every host with its role, process state, version,
// resources, its standing in the load balancer (web servers) and its latest metrics.
nlohmann::json topology_json(Drill& drill);

struct MetricsQuery {
  std::optional<int64_t> since;  // first second wanted; none: the latest `limit` seconds
  std::string component;         // "" for every component
  std::string metric;            // "" for every metric
  int64_t limit = 300;           // at most this many seconds per answer
};
struct MetricsAnswer {
  nlohmann::json body;  // on success
  std::string error;    // on error: no series matches the filter
  std::string field;    // "component" or "metric"
};
// {"from", "to", "next", "first_available", "gap", "series": [{component, metric, unit,
//  values}]}: values[i] belongs to second from + i; `next` is the cursor for the next poll.
MetricsAnswer metrics_json(const MetricsRegistry& metrics, const MetricsQuery& query);

// {"alerts": [...], "rules": N}, in the engine's order (rule name, then component).
nlohmann::json alerts_json(const AlertEngine& alerts);
nlohmann::json alert_transition_json(const AlertTransition& transition);

// {"lines": [{seq, t_us, host, path, text}], "next_cursor", "truncated", "last_seq"}
nlohmann::json logs_json(const LogStore& store, uint64_t cursor, const LogFilter& filter,
                         size_t limit);

// {"actions": [{name, target, params, what, destructive}]}
nlohmann::json action_catalog_json();

// The record as its journal line (without the newline), parsed back into JSON.
nlohmann::json journal_record_json(const JournalRecord& record);

}  // namespace firedrill::api
