// Workshop: `firedrill serve --workshop` — one scenario, many trainees, an instructor. Each
// trainee joins with a name and gets a drill of their own (a Session: own engine, own journal
// file under OUT/trainees/NAME/) and a bearer token from the system's CSPRNG; the instructor's
// token is made at start. It looks tokens up (in constant time per token), keeps the
// "root cause revealed" switch that decides what trainees see of their journals
// (workshop_redact.h), the drafts trainees submit and the peer-review round. The HTTP side is
// WorkshopRoutes. Thread-safe; trainees are never removed while it lives, so a Trainee* stays
// valid until shutdown().
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/api/session.h"
#include "sim/api/workshop_review.h"
#include "sim/faults/fault_params.h"

namespace firedrill {
class Fault;
class JournalFileWriter;
}  // namespace firedrill

namespace firedrill::api {

// What the server's owner makes for each trainee who joins: a fresh drill of the scenario.
struct TraineeDrill {
  DrillSpec spec;
  SessionConfig config;  // its attach wires the scenario on; the workshop sets redact
  // Injects the scenario's fault `id` on the engine thread into the drill whose attachment
  // (what config.attach returned) is `scenario`: "" when done, else why not (`changed` is
  // false when it was active already). Null: the drill has no scenario faults.
  std::function<std::string(void* scenario, const std::string& id, bool& changed)>
      inject_scenario_fault;
  std::shared_ptr<void> keep_alive;  // outlives the session (the loaded scenario)
};
using TraineeDrillFactory = std::function<std::optional<TraineeDrill>(std::string* error)>;

struct WorkshopOptions {
  TraineeDrillFactory make_drill;
  std::filesystem::path out_dir;  // journals under OUT/trainees/NAME/; empty: in memory only
  size_t max_trainees = 16;
  std::string scenario_id, title;
  std::string root_cause, resolution;        // the scenario's ground truth, revealed on demand
  std::vector<std::string> scenario_faults;  // the fault ids an instructor may inject
  std::string instructor_token;              // empty: a new one
};

// A JSON object of fault parameters as the fault library takes them (numbers, strings,
// booleans). nullopt, with `field` ("params.KEY") and `error` set, for any other value.
std::optional<FaultParams> fault_params_of(const nlohmann::json& params, std::string* field,
                                           std::string* error);

class Workshop {
 public:
  // Faults the instructor injected from the fault library; they live as long as the drill's
  // attachment (destroyed before the drill).
  struct InjectedFaults;

  struct Trainee {
    std::string name;
    std::string token;
    std::shared_ptr<void> keep_alive;           // destroyed last: the loaded scenario
    std::unique_ptr<JournalFileWriter> writer;  // null without an out dir
    std::unique_ptr<Session> session;
    // TraineeDrill::inject_scenario_fault; use Workshop::inject_scenario_fault.
    std::function<std::string(void*, const std::string&, bool&)> inject_scenario_fault;
    ~Trainee();
  };

  enum class Role { none, instructor, trainee };
  struct Caller {
    Role role = Role::none;
    Trainee* trainee = nullptr;  // Role::trainee only
  };

  struct JoinResult {
    Trainee* trainee = nullptr;  // null on error
    int status = 201;            // 400 (bad name), 409 (taken, full), 500
    std::string error;
  };

  explicit Workshop(WorkshopOptions options);
  ~Workshop();  // shutdown()s
  Workshop(const Workshop&) = delete;
  Workshop& operator=(const Workshop&) = delete;

  const WorkshopOptions& options() const { return options_; }
  const std::string& instructor_token() const { return instructor_token_; }
  Caller identify(std::string_view token) const;

  // Names: 1-32 characters of A-Z a-z 0-9 . _ - (they appear in URLs and file names),
  // unique ignoring case. Builds and starts the trainee's drill.
  JoinResult join(const std::string& name);
  std::vector<Trainee*> trainees() const;  // in join order
  Trainee* find(std::string_view name) const;

  bool revealed() const { return revealed_->load(); }
  // From now on trainees see the root cause: each drill's cached trainee debrief goes too.
  void reveal();

  // Injects a fault of the library (kind, target patterns, parameters) into one drill, on its
  // engine thread, and journals it as fault.injected (source "instructor"). "" when done,
  // else why not; nullopt when the engine did not answer. `field` names the culprit.
  std::optional<std::string> inject_library_fault(Trainee& t, const std::string& kind,
                                                  const std::vector<std::string>& targets,
                                                  const FaultParams& params, std::string* field);

  // Injects the scenario's fault `id` into one drill and journals the request first
  // (instructor.inject, so a rewind re-performs it). "" when done, else why not; nullopt when
  // the engine did not answer. `changed` is false when the fault was active already.
  std::optional<std::string> inject_scenario_fault(Trainee& t, const std::string& id,
                                                   bool* changed);

  // The trainee's draft: the text they submitted, else the reporter's draft from their
  // journal as they may see it. nullopt when the engine did not answer.
  std::optional<std::string> draft_of(Trainee& t, bool* submitted = nullptr);
  // Keeps a draft the trainee wrote; false once the review round is open.
  bool submit_draft(Trainee& t, std::string markdown);

  // Opens the review round: pauses every drill, freezes each draft and hands it to its
  // reviewer (review_derangement). Errors: fewer than two trainees, already open, an engine
  // that did not answer; returns {status, message} then.
  std::optional<std::pair<int, std::string>> open_review_round();
  bool review_open() const;
  std::vector<PeerReview> reviews() const;  // by author, in join order
  // The review `reviewer` writes / the review of `author`'s draft.
  std::optional<PeerReview> review_by(const std::string& reviewer) const;
  std::optional<PeerReview> review_of(const std::string& author) const;
  // Saves the reviewer's verdicts (rule id -> met) and comments. Error: {field, message}.
  std::optional<std::pair<std::string, std::string>> save_review(const std::string& reviewer,
                                                                 const nlohmann::json* rubric,
                                                                 const std::string* comments);

  // Ends every event stream (HttpServerOptions::close_streams).
  void close_streams();
  // Journals run.end in every drill, stops the engines and closes the journals. Idempotent;
  // returns the problems met (journal errors), one sentence each.
  std::vector<std::string> shutdown();

 private:
  static std::pair<std::string, std::string> inject_instructor_fault(
      Drill& d, InjectedFaults& faults, const std::string& kind,
      const std::vector<std::string>& targets, const FaultParams& given);
  // SessionConfig::replay for a trainee's drill: the instructor's injections.
  static bool replay_instructor_record(
      Drill& d, InjectedFaults& faults,
      const std::function<std::string(void*, const std::string&, bool&)>& inject_scenario,
      const JournalRecord& r);

  WorkshopOptions options_;
  std::string instructor_token_;
  std::shared_ptr<std::atomic<bool>> revealed_;

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Trainee>> trainees_;
  std::vector<std::string> joining_;              // names whose drills are being built
  std::map<std::string, std::string> submitted_;  // trainee name -> the draft they wrote
  bool review_open_ = false;
  std::vector<PeerReview> reviews_;
  bool shut_down_ = false;
};

}  // namespace firedrill::api
