// The HTTP API's JSON (docs/api.md) turned into the parts of a Snapshot, and commands turned
// into API calls: what HttpClient's worker does with each answer, kept apart from the socket
// so it can be tested with literal JSON. Host health is judged from /topology and /alerts by
// the same rules DrillFeed applies in process, so both clients colour hosts alike.
// Pure functions over a builder; the thread that owns the builder calls them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/snapshot_builder.h"

namespace firedrill::dash {

// GET /session: scenario, briefing, teams, and the clock.
void apply_session(const nlohmann::json& body, SnapshotBuilder& b);
// The clock object of /session (also each SSE `clock` event).
void apply_clock(const nlohmann::json& clock, SessionInfo& s);
// GET /alerts (before apply_topology: alerts worsen the hosts' health).
void apply_alerts(const nlohmann::json& body, SnapshotBuilder& b);
// GET /topology.
void apply_topology(const nlohmann::json& body, SnapshotBuilder& b);
// GET /actions/catalog.
void apply_catalog(const nlohmann::json& body, SnapshotBuilder& b);
// GET /runbooks.
void apply_runbooks(const nlohmann::json& body, SnapshotBuilder& b);
// GET /timeline: its `events` (hidden ones too), replacing the last answer.
void apply_reported_timeline(const nlohmann::json& body, SnapshotBuilder& b);
// GET /branches: the list, replacing the last answer.
void apply_branches(const nlohmann::json& body, SnapshotBuilder& b);
// The `branch` of a /session clock, an SSE clock event or a /rewind answer; 0 when it has none
// (a server from before rewinding).
uint32_t branch_of(const nlohmann::json& j);
// The `instance` of a /session answer: which run of the server it is; "" when it has none.
std::string instance_of(const nlohmann::json& session);

// GET /metrics: the series are fixed by the first answer (set_series); later answers are
// matched to them by component and metric. Returns the answer's `next` (the next `since`).
int64_t apply_metrics(const nlohmann::json& body, SnapshotBuilder& b);
// GET /logs: appends the lines, counts the dropped ones. Returns the next cursor.
uint64_t apply_logs(const nlohmann::json& body, uint64_t cursor, SnapshotBuilder& b);

// GET /debrief and GET /postmortem: the figures (scalars, nested ones as "requests.failed"),
// the draft and the linter's verdict.
std::shared_ptr<const DebriefInfo> debrief_of(const nlohmann::json& debrief,
                                              const nlohmann::json& postmortem, SimTime now);

// The request a command becomes: POST `path` with `body`.
struct ApiCall {
  std::string path;  // "/api/v1/actions"
  nlohmann::json body;
};
ApiCall api_call_of(const Command& command);

// What a command's answer says: a reply (and for the console, the exchange). `status` 0:
// no answer at all (`error` says why).
void apply_answer(RequestId id, const Command& command, int status, const std::string& body,
                  const std::string& error, SnapshotBuilder& b);

}  // namespace firedrill::dash
