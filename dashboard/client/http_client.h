// HttpClient: the DashboardClient of a drill behind the HTTP API (docs/api.md) — a workshop's
// `firedrill serve`, or the solo window's in-process server (dashboard/server/local_server.h).
// A worker thread polls /session, /alerts, /topology and, with cursors, /metrics and /logs
// (every `poll_every`), and sends the queued commands as POSTs; a second thread follows the
// SSE stream (/events) for the journal records of the live timeline, resuming with `since`
// after a break. Both fill one SnapshotBuilder (owned by the worker) and the worker publishes
// a snapshot after each round, so latest() never waits on the network. Every 2 s (and at once
// after a timeline edit) it fetches the reporter's timeline (/timeline), every 5 s the branch
// list (/branches); a server without them (404) just leaves them out.
// Branches: /session, each SSE clock event and the SSE branch event name the drill's branch.
// When it changes (a rewind, from this client or another) the drill's past changed from the
// branch point on: the metrics, logs, alerts and the reporter's timeline are dropped and
// fetched again from cursor 0, and the journal timeline keeps only its records from before
// that point; the stream's records sent before its branch event (the old branch's) are skipped.
// Connection state: `connecting` until the first answer, `live`, `slow` when an answer took
// longer than `slow_after`, `lost` when a request failed (no answer, or the token refused:
// 401/403) — the detail says why and how long ago the last answer came; it retries with
// exponential backoff (up to `backoff_max`). Commands sent while lost are answered at once
// with ok = false. The bearer token, if any, goes with every request.
// Base path: every request and the event stream go under `api_base` — "/api/v1" is the
// token's own drill; an instructor watches a workshop trainee's drill through the same routes
// under "/api/v1/trainees/NAME" (docs/api.md, Workshops). A base path that is not one (no
// leading '/', a query, spaces) leaves the client lost, saying why, without asking anything.
// Thread rules: latest() and send() from one UI thread; the destructor stops both threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/snapshot_builder.h"

namespace firedrill::dash {

struct HttpClientOptions {
  std::string url;                   // "http://127.0.0.1:8470" (a trailing "/api/v1" is accepted)
  std::string token;                 // "" for none
  std::string api_base = "/api/v1";  // or "/api/v1/trainees/alice"; a trailing '/' is dropped
  std::chrono::milliseconds poll_every{250};
  std::chrono::milliseconds slow_after{1000};
  std::chrono::milliseconds timeout{3000};  // connect and read, per request
  std::chrono::milliseconds backoff_min{250};
  std::chrono::milliseconds backoff_max{4000};
  bool follow_events = true;  // the SSE stream for the timeline
  SnapshotLimits limits;
};

class HttpClient final : public DashboardClient {
 public:
  explicit HttpClient(HttpClientOptions options);  // starts following at once
  ~HttpClient() override;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  const Snapshot& latest() override;
  RequestId send(Command command) override;

  // Waits (tests and tools; the UI never does) until a published snapshot satisfies `pred`,
  // at most `timeout`. Returns whether one did; latest() then shows it.
  bool wait_for(const std::function<bool(const Snapshot&)>& pred,
                std::chrono::milliseconds timeout);

 private:
  struct Worker;
  HttpClientOptions options_;
  std::unique_ptr<Worker> worker_;
  std::shared_ptr<const Snapshot> current_;
  RequestId next_id_ = 1;
};

// "http://127.0.0.1:8470/api/v1/" -> "http://127.0.0.1:8470"; "" when it is not http://.
std::string http_base_url(const std::string& url);

// Why `api_base` cannot be a base path ("" when it can): it must start with '/' and hold
// no '?', '#', spaces or control characters. Trailing '/'s are allowed (dropped).
std::string api_base_error(const std::string& api_base);

// An API route as api_json.h and docs/api.md name it, under `api_base` (no trailing '/'):
// ("/api/v1/trainees/alice", "/api/v1/metrics?since=3") ->
// "/api/v1/trainees/alice/metrics?since=3". A path not under "/api/v1" is returned as it is.
std::string rebase_api_path(const std::string& api_base, const std::string& v1_path);

}  // namespace firedrill::dash
