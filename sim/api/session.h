// Session: one drill as the API serves it — the Drill inside a LiveEngine, the journal tee
// that shows every record to the event hub, the hub itself (clock ticks, alert transitions,
// journal records), a copy of the journal for the reporter, and the drill's fixed facts.
// HTTP threads never touch the drill: they call() work onto the engine thread and wait for
// it with a timeout, so an engine that does not answer gives "unavailable" instead of a hung
// request. The session is the only thing that paces its engine, so it mirrors the requested
// speed and pause state and answers them at once. A workshop will hold one Session per
// trainee and look it up by token; the routes only ever see a Session. Thread-safe unless
// noted.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/api/event_hub.h"
#include "sim/api/journal_tee.h"
#include "sim/engine/live_engine.h"

namespace firedrill {
class Console;
}
namespace firedrill::api {
class DebriefCache;
}

namespace firedrill::api {

// A scenario's runbook page for one alert rule (its `runbook {...}` declaration).
struct RunbookPage {
  std::string alert;  // the alert rule's name
  std::string title;
  std::string text;  // Markdown
};

// What GET /api/v1/runbooks lists: one entry per alert rule with a runbook link or page.
struct AlertRunbook {
  std::string alert;
  std::string url;    // the rule's runbook link ("" when it has none)
  std::string title;  // the scenario's page ("" when it has none)
  std::string text;
};

struct SessionConfig {
  double speed = 1.0;  // 0: as fast as possible
  bool start_paused = false;
  std::optional<std::string> briefing;  // the scenario's briefing for the trainee, if any
  std::vector<std::string> teams;       // who the trainee can escalate to
  std::vector<RunbookPage> runbooks;    // the scenario's runbook pages, if any
  // Called with each new drill and its console (null in a build without one): the place to
  // attach more to the drill (a scenario's runtime). Once on the creating thread before the
  // engine exists, and again on the engine thread for the fresh drill of every rewind, so it
  // must give each drill an attachment of its own. What it returns is kept as long as its
  // drill runs and destroyed before the drill. It may throw std::exception (a rewind then
  // fails saying why).
  std::function<std::shared_ptr<void>(Drill&, Console*)> attach;
  // How long an HTTP thread waits for the engine before answering 503.
  std::chrono::milliseconds engine_timeout{2000};
  size_t event_capacity = 4096;  // events the hub keeps for clients that fall behind
  size_t max_event_clients = 8;  // concurrent event streams (each holds a server thread)
  // At most one clock event per this much wall time (0: after every slice that changed it).
  std::chrono::milliseconds clock_event_every{250};
  EventStreamOptions stream;
  // Workshop mode: what a trainee may see of a journal record. Edits the copy it is given
  // (drops instructor-only fields) and returns false to hide the record altogether. Applied
  // to the event stream and to trainee_records(); called on the engine thread. Null: the
  // trainee sees everything (single-drill mode).
  std::function<bool(JournalRecord&)> redact;
  // Called with each drill once it runs live (after a rewind's re-simulation, not before):
  // the place for watchers that must not see the re-simulated past again (an alert webhook).
  std::function<void(Drill&)> watch;
  // Rewinding: re-performs an input record that attach's owner wrote itself (an instructor's
  // injection) into the re-simulated drill, given that drill's attachment (what attach
  // returned for it). Returns false for records it does not know. See drill_replay.h.
  std::function<bool(Drill&, void* attachment, const JournalRecord&)> replay;
};

// One line of the drill's history (reporter/journal/journal_branches.h).
struct BranchSummary {
  int id = 1;
  std::optional<int> parent;
  SimTime at;     // where it left its parent
  SimTime until;  // the last simulated time it reached
  std::optional<std::string> by;
};

struct RewindOutcome {
  bool ok = false;
  int status = 200;   // else 400 (a time the drill cannot go back to) or 500
  std::string field;  // "to_us" for a 400
  std::string error;
  int branch = 0, parent = 0;  // the new branch and the one it left
  SimTime at;
  size_t inputs = 0;   // records re-performed to get there
  double wall_ms = 0;  // how long the re-simulation took
};

// The drill's facts that never change; readable from any thread.
struct SessionInfo {
  std::string scenario_id;
  std::string title;
  std::optional<std::string> briefing;
  std::vector<std::string> teams;
  uint64_t seed = 0;
  SimTime length;
  std::string time_zone;
  std::string start_local;
  // The alert rules' runbook links joined with the scenario's pages, in rule order (pages for
  // alerts without a rule follow). Never the root cause: only what a trainee may read.
  std::vector<AlertRunbook> runbooks;
  // Names this session among every session any server ever ran (64 random bits in hex): a
  // client that sees it change knows the server restarted and its drill is a new one.
  // Not journalled, so it leaves the journal's determinism alone.
  std::string instance;
};

struct PacingState {
  double speed = 1.0;
  bool paused = false;
};

class Session {
 public:
  // Builds the drill (its journal goes to `journal`, which may be null; not owned, must
  // outlive the session) and its engine, not yet started. On error returns null and says why.
  static std::unique_ptr<Session> create(const DrillSpec& spec, JournalSink* journal,
                                         SessionConfig config, std::string* error);
  ~Session();  // stop()s
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  // Closes the event hub (streams end) and stops the engine. Idempotent. Afterwards call()
  // answers nullopt at once.
  void stop();

  // Runs f(drill) on the engine thread and returns its result, or nullopt when the engine
  // did not answer within engine_timeout (stopped, or stuck). f's exceptions are rethrown.
  // REQUIRES: f returns a value (not void) and captures by value: it may run after a
  // timed-out caller has gone.
  template <class F>
  auto call(F f) -> std::optional<decltype(f(std::declval<Drill&>()))> {
    return call(std::move(f), config_.engine_timeout);
  }
  // The same with its own timeout, for work known to take longer (a long step).
  template <class F>
  auto call(F f, std::chrono::milliseconds timeout)
      -> std::optional<decltype(f(std::declval<Drill&>()))> {
    using R = decltype(f(std::declval<Drill&>()));
    if (stopped_.load()) return std::nullopt;
    std::future<R> result = engine_->post(std::move(f));
    if (result.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    try {
      return result.get();
    } catch (const std::future_error&) {
      return std::nullopt;  // the engine stopped with the work still queued
    }
  }

  // Pacing. The mirrored state is what was last asked for; the engine applies it in order.
  void set_speed(double speed);
  void pause();
  void resume();
  // While paused: advances exactly `by` of simulated time (clamped at the drill's end).
  // Returns false, doing nothing, when not paused.
  bool step(SimTime by);
  PacingState pacing() const;

  // Goes back to simulated time `to` (not after now) and carries on from there as a new
  // branch, paused: builds a fresh drill from the spec, re-performs the current branch's
  // inputs before `to` (sim/engine/drill_replay.h) and checks that it wrote exactly the
  // records the branch holds before `to`; only then does the fresh drill replace the running
  // one. Clients get a "branch" event; the journal gets a drill.branch record and keeps every
  // branch. `by` is "trainee" or "instructor". nullopt when the engine did not answer.
  std::optional<RewindOutcome> rewind(SimTime to, std::string by);
  // The branch the drill is on now (1 until the first rewind).
  int branch() const { return branch_.load(); }
  // Every branch so far, from all_records(). Engine thread only.
  std::vector<BranchSummary> branches() const;

  const SessionInfo& info() const { return info_; }
  const ScenarioClock& clock() const { return clock_; }
  EventHub& events() { return hub_; }
  const SessionConfig& config() const { return config_; }
  // The host console, or null when this build has none. Engine thread only (inside call()).
  Console* console() { return console_.get(); }
  bool has_console() const { return console_ != nullptr; }
  // Every journal record so far, in seq order (the reporter rebuilds the timeline, debrief
  // and draft from them). Engine thread only (inside call()); copy what you take out.
  const std::vector<JournalRecord>& records() const { return records_; }
  // The same as the trainee may see them (config.redact applied). Engine thread only.
  std::vector<JournalRecord> trainee_records() const;
  std::vector<JournalRecord> redacted(std::span<const JournalRecord> records) const;
  // Every record of every branch, in journal order (records() is the current branch's view).
  // Engine thread only.
  const std::vector<JournalRecord>& all_records() const { return all_records_; }
  // The reporter's last Debrief of this session's journal (see debrief_cache.h).
  DebriefCache& debrief_cache() { return *debrief_cache_; }
  // What config.attach returned for the running drill. Engine thread only.
  void* attachment() const { return attachment_.get(); }

 private:
  Session(SessionConfig config, SessionInfo info, ScenarioClock clock, JournalSink* journal);
  void publish_clock(Drill& drill);  // engine thread, after every slice
  void wire(Drill& drill);           // engine-thread hooks every drill of the session gets
  RewindOutcome rewind_on_engine(Drill& running, SimTime to, const std::string& by);

  SessionConfig config_;
  SessionInfo info_;
  ScenarioClock clock_;
  EventHub hub_;
  JournalTee tee_;                      // the drill writes through it: outlives the engine
  std::unique_ptr<LiveEngine> engine_;  // owns the drill
  // Read the drill: destroyed before the engine. shared_ptr so builds without the console
  // need not know the type.
  std::shared_ptr<Console> console_;
  std::shared_ptr<void> attachment_;  // what config.attach returned
  std::shared_ptr<DebriefCache> debrief_cache_;
  DrillSpec spec_;                          // to build the drill again when rewinding
  std::vector<JournalRecord> records_;      // engine thread only: the current branch's view
  std::vector<JournalRecord> all_records_;  // engine thread only: every branch
  uint64_t next_journal_seq_ = 0;           // engine thread only
  int branch_count_ = 1;                    // engine thread only
  std::atomic<int> branch_{1};
  std::atomic<bool> stopped_{false};
  bool started_ = false;

  mutable std::mutex pacing_mutex_;
  PacingState pacing_;

  // Engine thread only: the last clock event published.
  struct Published {
    bool any = false;
    SimTime now;
    PacingState pacing;
    bool finished = false;
    std::chrono::steady_clock::time_point wall;
  } published_;
};

}  // namespace firedrill::api
