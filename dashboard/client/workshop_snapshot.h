// The workshop as the dashboard sees it, and what it may ask of it. WorkshopSnapshot is what
// a WorkshopClient last received from the workshop routes (docs/api.md, "Workshops"): the
// caller's role, the trainees' progress rows and the reviews for an instructor, the draft to
// review and the feedback for a trainee, the connection, and the replies to commands. Plain
// values, immutable once published. WorkshopClient is the narrow interface the instructor and
// review panels use: latest() never blocks, send() queues and returns an id whose
// WorkshopReply shows up in a later snapshot. Thread rules: both from the UI thread only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dashboard/client/snapshot.h"

namespace firedrill::dash {

enum class WorkshopRole : uint8_t {
  unknown,     // not asked yet, or the server did not answer
  instructor,  // the workshop's instructor token
  trainee,     // a trainee's token
  none,        // the server is no workshop (solo `firedrill serve`)
};
const char* workshop_role_name(WorkshopRole r);  // "unknown", "instructor", "trainee", "none"

// One row of GET /workshop/progress.
struct TraineeProgress {
  std::string name;
  SimTime t;  // the drill's clock
  bool paused = false;
  double speed = 1.0;
  bool finished = false;
  bool detected = false, acknowledged = false, escalated = false, mitigated = false,
       resolved = false;
  std::optional<double> error_rate_now;  // share of failed requests in the latest sample
  double requests_total = 0, requests_failed = 0, users_affected = 0;
  std::optional<double> users_affected_share;
  int misleading_paths = 0;
  std::vector<std::string> misleading_targets;
  int escalations = 0;
  std::optional<int64_t> time_to_detect_s, time_to_acknowledge_s, time_to_mitigate_s,
      time_to_resolve_s;
};

// One rubric item of a review: a linter rule, whether the reviewer finds it met, and what
// the linter said.
struct RubricEntry {
  std::string rule;
  std::string requirement;
  bool met = false;
  bool linter_met = false;
  std::string finding;  // the linter's first finding, "" when it found none
};

// A peer review (GET /workshop/review, /feedback, /reviews).
struct PeerReviewInfo {
  std::string author;
  std::string reviewer;
  std::string draft;  // "" where the answer leaves it out
  bool draft_submitted = false;
  std::vector<RubricEntry> rubric;
  int met = 0;
  int items = 0;
  std::string comments;
  bool submitted = false;  // the reviewer has saved it
};

struct WorkshopReply {
  RequestId id = 0;
  std::string what;  // "inject nofile-64 into alice", "pause all trainees"
  bool ok = false;
  std::string message;
};

struct WorkshopSnapshot {
  WorkshopRole role = WorkshopRole::unknown;
  std::string name;  // the trainee's own name
  std::string scenario_id;
  std::string scenario_title;
  bool revealed = false;
  bool review_open = false;
  // Instructor only.
  std::vector<std::string> trainees;  // in join order
  int max_trainees = 0;
  std::vector<std::string> scenario_faults;
  std::vector<TraineeProgress> progress;
  std::vector<PeerReviewInfo> reviews;  // once the round is open
  std::string root_cause;               // once revealed
  std::string resolution;
  // Trainee only, once the round is open.
  std::optional<PeerReviewInfo> my_review;  // the peer's draft I review, with my verdicts
  std::optional<PeerReviewInfo> feedback;   // the review of my own draft
  std::string review_problem;               // why there is no review to show ("joined late")

  ConnectionState connection = ConnectionState::connecting;
  std::string connection_detail;
  std::vector<WorkshopReply> replies;  // the most recent ones, oldest first
  uint64_t version = 0;                // grows with every published snapshot

  const WorkshopReply* reply(RequestId id) const;
  const TraineeProgress* trainee(const std::string& name) const;
};

// Commands. `trainee` "" means every trainee.
struct InjectCommand {
  std::string trainee;
  std::string fault;  // a scenario fault id, or
  std::string kind;   // a fault library kind, with
  std::vector<std::string> targets;
  std::map<std::string, std::string> params;  // text; numbers and booleans are sent as such
};
struct WorkshopClockCommand {
  enum class Op : uint8_t { pause, resume, set_speed };
  std::string trainee;
  Op op = Op::pause;
  double speed = 1.0;
};
struct RevealCommand {};
struct ReviewRoundCommand {};
struct ExportCommand {
  std::string path;  // where the .tar.gz is written (by the client's thread)
};
struct SaveReviewCommand {
  std::map<std::string, bool> rubric;  // rule id -> met
  std::string comments;
};

using WorkshopCommand = std::variant<InjectCommand, WorkshopClockCommand, RevealCommand,
                                     ReviewRoundCommand, ExportCommand, SaveReviewCommand>;

// "ms=250 factor=3" as typed in the instructor's params box -> {ms: "250", factor: "3"}.
// Returns "" or what is wrong ("params: \"ms\" is not NAME=VALUE"); `out` is then untouched.
std::string parse_params_text(const std::string& text, std::map<std::string, std::string>* out);

// One line for reply lists: "inject nofile-64 into alice", "speed 10x for all trainees".
std::string describe(const WorkshopCommand& c);

class WorkshopClient {
 public:
  virtual ~WorkshopClient() = default;
  // The newest snapshot; valid until the next latest() call. Never blocks on the network.
  virtual const WorkshopSnapshot& latest() = 0;
  // Queues a command and returns its id (never 0); the reply comes in a later snapshot.
  virtual RequestId send(WorkshopCommand command) = 0;
};

}  // namespace firedrill::dash
