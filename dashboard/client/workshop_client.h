// HttpWorkshopClient: the WorkshopClient of a `firedrill serve --workshop` (docs/api.md,
// "Workshops"). A worker thread asks GET /workshop for the caller's role every `poll_every`;
// then, for an instructor, /workshop/progress, /workshop/reviews once the round is open and
// /workshop/root-cause once revealed; for a trainee, once the round is open, /workshop/review
// (the peer's draft to review) and /workshop/feedback. It sends the queued commands between
// rounds (an export is a GET whose body the worker writes to the given path) and publishes a
// WorkshopSnapshot after each round, so latest() never waits on the network and nothing it
// does throws into the UI. Connection state as HttpClient's: live, slow, lost (with backoff),
// the token refused. A server that is no workshop (404) gives the role `none`.
// Thread rules: latest() and send() from one UI thread; the destructor stops the worker.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "dashboard/client/workshop_snapshot.h"

namespace firedrill::dash {

struct WorkshopClientOptions {
  std::string url;    // "http://127.0.0.1:8470" (a trailing "/api/v1" is accepted)
  std::string token;  // the instructor's or a trainee's
  // The progress table runs the reporter over every trainee's journal: once a second is plenty.
  std::chrono::milliseconds poll_every{1000};
  std::chrono::milliseconds slow_after{1500};
  std::chrono::milliseconds timeout{5000};  // connect and read, per request
  std::chrono::milliseconds backoff_min{500};
  std::chrono::milliseconds backoff_max{8000};
  // The role already learnt (probe_workshop_role): the first snapshots show it before the
  // first answer, so an instructor's window never flashes a drill layout.
  WorkshopRole role = WorkshopRole::unknown;
};

class HttpWorkshopClient final : public WorkshopClient {
 public:
  explicit HttpWorkshopClient(WorkshopClientOptions options);  // starts polling at once
  ~HttpWorkshopClient() override;
  HttpWorkshopClient(const HttpWorkshopClient&) = delete;
  HttpWorkshopClient& operator=(const HttpWorkshopClient&) = delete;

  const WorkshopSnapshot& latest() override;
  RequestId send(WorkshopCommand command) override;

  // Waits (tests and tools; the UI never does) until a published snapshot satisfies `pred`,
  // at most `timeout`. latest() then shows it.
  bool wait_for(const std::function<bool(const WorkshopSnapshot&)>& pred,
                std::chrono::milliseconds timeout);

 private:
  struct Worker;
  std::unique_ptr<Worker> worker_;
  std::shared_ptr<const WorkshopSnapshot> current_;
  RequestId next_id_ = 1;
};

// One synchronous GET /api/v1/workshop with `token` (at start-up, before any window): the
// caller's role — `none` when the server is no workshop (404), `unknown` with `error` when it
// did not answer or refused the token.
WorkshopRole probe_workshop_role(const std::string& url, const std::string& token,
                                 std::chrono::milliseconds timeout, std::string* error);

}  // namespace firedrill::dash
