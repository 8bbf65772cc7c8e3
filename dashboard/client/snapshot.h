// Snapshot: everything the dashboard's panels draw, as the client last received it — the
// session and its clock, the hosts with their health, the alerts, a window of per-second
// metrics for every component, the recent log lines, the console transcript, the journal's
// live timeline, the replies to commands, and the connection state. Plain values built by a
// SnapshotBuilder; the long parts (logs, metrics, timeline, console) are ChunkedViews that
// share storage with the builder, so a snapshot is cheap to take and immutable once taken.
// Panels read it through const references only; it names no simulation class, so a client
// fed over HTTP fills it exactly as the in-process one does.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dashboard/client/chunked_ring.h"
#include "sim/core/sim_time.h"

namespace firedrill::dash {

using RequestId = uint64_t;  // 0: none

enum class Severity : uint8_t { page, ticket, info };
enum class AlertPhase : uint8_t { pending, firing, resolved };
enum class Health : uint8_t { ok, degraded, down, unknown };
enum class ConnectionState : uint8_t { connecting, live, slow, lost, closed };

std::string_view severity_name(Severity s);           // "page", "ticket", "info"
std::string_view alert_phase_name(AlertPhase p);      // "pending", "firing", "resolved"
std::string_view health_name(Health h);               // "ok", "degraded", "down", "unknown"
std::string_view connection_name(ConnectionState c);  // "connecting", "live", ...

struct SessionInfo {
  std::string scenario_id;
  std::string title;
  std::string brief;      // what the trainee is told at the start (may be empty)
  std::string time_zone;  // IANA name of the scenario's clock
  std::string start_local;
  int64_t start_unix_s = 0;  // the drill's t = 0 as Unix seconds
  int utc_offset_s = 0;      // local minus UTC at `now`
  std::string zone_abbrev;   // "EST"
  std::string clock_text;    // `now` on the scenario's wall clock: "14:03:07 EST"
  SimTime now;
  SimTime length;
  double speed = 1.0;  // 0: as fast as possible
  bool paused = false;
  bool finished = false;
  uint64_t seed = 0;
  // Which branch of the drill this is: 1 until a rewind re-simulates it to an earlier moment
  // and goes on from there as a new branch (the past after that moment then differs).
  uint32_t branch = 1;
};

struct ConnectionInfo {
  ConnectionState state = ConnectionState::connecting;
  std::string endpoint;                            // "in-process", "http://127.0.0.1:8470"
  std::string detail;                              // why it is slow or lost, the last error
  std::chrono::steady_clock::time_point received;  // when this snapshot was taken/received
  uint64_t updates = 0;                            // snapshots received so far
};

struct HostInfo {
  std::string name;  // "web-2"
  std::string role;  // "lb", "web", "db", "cache"
  std::string service;
  std::string process;  // "running", "hung", "stopped", "starting"
  Health health = Health::unknown;
  std::string health_reason;  // "fails health checks", "disk 93%" ...
  bool in_rotation = true;    // web servers: the operator's drain/undrain
  bool lb_healthy = true;     // web servers: as the LB's health checks see it
  double cpu = -1;            // ratios in [0, 1]; -1 when not measured
  double memory = -1;
  double disk = -1;
  uint32_t fds = 0;
  uint32_t fd_limit = 0;
  std::string version;
  uint32_t restarts = 0;
};

struct AlertInfo {
  std::string rule;
  std::string component;
  Severity severity = Severity::ticket;
  AlertPhase phase = AlertPhase::pending;
  double value = 0;
  SimTime active_since;
  std::optional<SimTime> fired_at;
  std::optional<SimTime> resolved_at;
  std::string summary;
  std::string runbook;
  std::optional<SimTime> acked_at;  // set once acknowledged
  std::string acked_by;
};

struct ActionSpec {
  std::string name;                 // "restart_service"
  std::string target;               // "any", "web", "db", "cache", "none"
  std::vector<std::string> params;  // required parameters
  std::string what;                 // one line for the palette
  bool destructive = false;         // the palette asks for confirmation
};

struct SeriesMeta {
  std::string component;  // "web-2"
  std::string metric;     // "cpu_utilization"
  std::string unit;       // "ratio", "ms", "req/s"
};

// Per-second values of every series, oldest first: one row of series_count() floats per
// simulated second in [first_second(), end_second()).
class MetricWindow {
 public:
  MetricWindow() = default;
  // base_second: the second of the ring's global index 0 (the first row ever appended).
  MetricWindow(std::shared_ptr<const std::vector<SeriesMeta>> series, ChunkedView<float> values,
               int64_t base_second);

  size_t series_count() const { return series_ ? series_->size() : 0; }
  const SeriesMeta& meta(size_t id) const { return (*series_)[id]; }
  std::optional<size_t> find(std::string_view component, std::string_view metric) const;
  // Series of one component, in registration order.
  std::vector<size_t> of_component(std::string_view component) const;

  int64_t first_second() const;
  int64_t end_second() const;
  // REQUIRES: id < series_count(), first_second() <= second < end_second().
  float value(size_t id, int64_t second) const {
    return values_.at_global(static_cast<uint64_t>(second - base_second_) * series_count() + id);
  }

 private:
  std::shared_ptr<const std::vector<SeriesMeta>> series_;
  ChunkedView<float> values_;
  int64_t base_second_ = 0;
};

struct LogFile {
  std::string host;
  std::string path;  // "/var/log/nginx/error.log"
};

struct LogLineInfo {
  uint64_t seq = 0;  // the server's global log sequence number
  SimTime t;
  uint32_t file = 0;  // index into Snapshot::log_files
  std::string text;   // as the host printed it
};

// One console exchange. The reply of a command still running is not listed yet.
struct ConsoleEntry {
  RequestId id = 0;
  std::string host;
  std::string command;
  std::string output;
  int exit_code = 0;
  SimTime t;
};

// One journal record, as the live timeline lists it.
struct TimelineEntry {
  uint64_t seq = 0;
  SimTime t;
  std::string source;  // "alert", "trainee", "stack", "engine"
  std::string kind;    // "alert.firing", "trainee.action"
  std::string target;  // host or component concerned, or ""
  std::string text;    // one line for people
};

// One entry of the reporter's timeline (GET /timeline): the journal classified, with the
// trainee's edits applied. Hidden entries are listed too, flagged.
struct ReportedEntry {
  std::optional<uint64_t> seq;  // the record (or `add` edit) it shows; none: derived, not editable
  SimTime t;
  std::string kind;      // "alert.firing", "timeline.edit" for an added entry
  std::string category;  // "detection", "investigation", "misleading", ...
  std::string target;
  std::string text;
  bool hidden = false;  // hidden by an edit: left out of the draft
  bool edited = false;  // reworded or added by the trainee
};

// One branch of a rewound drill (GET /branches).
struct BranchInfo {
  uint32_t branch = 1;
  std::optional<uint32_t> parent;  // none for the first
  SimTime at;                      // where it left its parent
  SimTime until;                   // how far it got (the current one: now)
  bool current = false;
  // Its debrief figures, to compare the paths tried (GET /branches).
  std::optional<SimTime> mitigated_at, resolved_at;
  double requests_failed = 0, users_affected = 0;
  std::string fixes;  // "restart_service web-2, rollback web-1"
  bool best = false;  // mitigated soonest (then fewest failed requests)
};

// What became of a command the dashboard sent.
struct CommandReply {
  RequestId id = 0;
  std::string what;  // "restart_service web-2", "ack HighErrorRate/lb"
  bool ok = false;
  std::string message;
  SimTime t;
};

// A runbook the trainee can read (GET /api/v1/runbooks): an alert's link and the scenario's page.
struct RunbookInfo {
  std::string alert;
  std::string url;    // "" when the rule has no link
  std::string title;  // "" when the scenario has no page
  std::string text;   // Markdown
};

// The debrief so far, as the API's /debrief and /postmortem give it (HTTP clients only).
struct DebriefInfo {
  SimTime as_of;  // the drill's clock when it was fetched
  std::vector<std::pair<std::string, std::string>> figures;  // "time_to_detect_s", "150"
  std::string postmortem;                                    // the draft, Markdown
  int words = 0;
  bool lint_clean = false;
  std::vector<std::string> lint;  // "line 3: section-missing: ..."
};

// What judge_host_health reads besides the host itself.
struct HealthSignals {
  bool process_running = true;
  double db_up = 1;                // a database host's "up" metric
  double lb_healthy_backends = 1;  // the load balancer's, for the lb host
  double lb_error_ratio = 0;
};

// The map's verdict on a host, the same whichever client built it: down when its service is not
// running, the load balancer's check fails it, a database is not up or the LB has no healthy
// backend; degraded when drained, the LB serves over 5% errors, a resource is at 90% or more or
// an alert fires on it. Sets health and health_reason (the first reason of the worst level).
// REQUIRES: h.health starts ok.
void judge_host_health(HostInfo& h, const HealthSignals& signals,
                       const std::vector<AlertInfo>& alerts);

struct Snapshot {
  uint64_t version = 0;  // increases with every new snapshot; 0: nothing received yet
  SessionInfo session;
  ConnectionInfo connection;
  std::vector<HostInfo> hosts;  // stable order: lb, web servers, databases, cache
  std::vector<AlertInfo> alerts;
  std::vector<ActionSpec> actions;
  std::vector<std::string> teams;  // escalation targets
  MetricWindow metrics;
  std::shared_ptr<const std::vector<LogFile>> log_files;
  ChunkedView<LogLineInfo> logs;
  uint64_t log_lines_dropped = 0;  // lines the server dropped before they were received
  ChunkedView<ConsoleEntry> console;
  ChunkedView<TimelineEntry> timeline;
  std::vector<CommandReply> replies;           // the most recent ones, oldest first
  std::shared_ptr<const DebriefInfo> debrief;  // null: not fetched (or no API behind the client)
  // null: not fetched (no API behind the client); panels fall back to the alerts' links.
  std::shared_ptr<const std::vector<RunbookInfo>> runbooks;
  // null: not fetched (no API behind the client): the timeline panel lists `timeline` as is.
  std::shared_ptr<const std::vector<ReportedEntry>> reported_timeline;
  // null: the server has no branches (no API, or one from before rewinding).
  std::shared_ptr<const std::vector<BranchInfo>> branches;

  const HostInfo* host(std::string_view name) const;
  const CommandReply* reply(RequestId id) const;
  const LogFile& log_file(uint32_t index) const;
};

}  // namespace firedrill::dash
