// Alertmanager-compatible webhook notifications for `firedrill serve --alert-webhook URL`.
// AlertPayloadBuilder turns the drill's alert transitions into Alertmanager's webhook payload
// (version "4"): an alert that starts firing gives a "firing" notification, one that stops
// firing gives a "resolved" one with the same fingerprint and startsAt; pending alerts are not
// sent. Times are RFC 3339 in UTC from the scenario clock. It is pure (no sockets, no threads).
// AlertWebhook sends those payloads from its own thread: enqueue() (the engine thread's
// alert listener) never blocks on the network — it builds the JSON and appends it to a
// bounded queue, dropping (and logging) when the queue is full. The sender POSTs each payload
// with connect/read/write timeouts and retries with exponential backoff; a failure is logged,
// never fatal. Only plain http:// URLs. Thread-safe: enqueue from one thread, stop from any.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "sim/observe/alert_engine.h"

namespace firedrill::api {

// "2024-02-16T14:04:00.250Z" (milliseconds kept only when not whole seconds).
std::string rfc3339_utc(int64_t unix_us);
// Prometheus's label-set fingerprint: FNV-1a 64 over the sorted name, 0xff, value, 0xff
// bytes, as 16 lowercase hex digits (what Alertmanager puts in `fingerprint`).
std::string label_fingerprint(const std::map<std::string, std::string>& labels);

struct AlertPayloadOptions {
  std::string receiver = "firedrill";
  std::string external_url;   // the server's base URL, e.g. "http://127.0.0.1:8470"
  int64_t start_unix_us = 0;  // the scenario clock: the Unix time of simulated t = 0
};

class AlertPayloadBuilder {
 public:
  explicit AlertPayloadBuilder(AlertPayloadOptions options) : options_(std::move(options)) {}
  // The payload to send for this transition, or nullopt when it is not a notification
  // (anything but starting or stopping to fire).
  std::optional<nlohmann::json> on_transition(const AlertTransition& t);

 private:
  AlertPayloadOptions options_;
  std::map<std::string, SimTime> firing_since_;  // by fingerprint
};

struct AlertWebhookOptions {
  std::string url;  // http://HOST[:PORT][/PATH]
  AlertPayloadOptions payload;
  size_t queue_capacity = 256;
  std::chrono::milliseconds timeout{5000};  // connect, read and write, each
  int max_attempts = 4;
  std::chrono::milliseconds backoff{500};       // before the 2nd attempt; doubled each time after
  std::function<void(const std::string&)> log;  // failures; default: a line on stderr
};

struct ParsedUrl {
  std::string host;
  int port = 80;
  std::string path = "/";
};
// Null when not http://HOST[:PORT][/PATH] (https is refused: this build sends plain HTTP).
std::optional<ParsedUrl> parse_webhook_url(const std::string& url, std::string* error);

class AlertWebhook {
 public:
  // REQUIRES: options.url parses (check with parse_webhook_url first). Starts the sender.
  explicit AlertWebhook(AlertWebhookOptions options);
  ~AlertWebhook();  // stop()s
  AlertWebhook(const AlertWebhook&) = delete;
  AlertWebhook& operator=(const AlertWebhook&) = delete;

  // Builds the payload for a transition and queues it. Never waits on the network. Returns
  // false when the transition was dropped because the queue is full.
  bool enqueue(const AlertTransition& t);
  // Ends the sender: the attempt in progress finishes (its backoff is cut short), what is
  // still queued is dropped and logged. Idempotent.
  void stop();

  struct Counts {
    uint64_t sent = 0, failed = 0, dropped = 0;
  };
  Counts counts() const;

 private:
  void run();
  bool post(const std::string& body);
  void log(const std::string& line) const;

  AlertWebhookOptions options_;
  ParsedUrl url_;
  AlertPayloadBuilder builder_;  // engine thread only
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  Counts counts_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace firedrill::api
