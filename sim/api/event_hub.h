// EventHub and EventStream: what the server-sent event stream (GET /api/v1/events) carries.
// The engine thread publishes events (clock ticks, alert transitions, journal records) into
// the hub, a bounded ring with ids 1, 2, 3...; each client's EventStream reads the ring from
// its own cursor on a server thread and turns it into SSE text. A client that falls behind
// the ring gets a `gap` event and resumes at the oldest event kept. Streams are bounded:
// the hub admits at most `max_subscribers`, each stream sends a heartbeat comment when idle
// (so a vanished client is noticed by a failed write) and ends after `max_duration`
// (EventSource clients reconnect with Last-Event-ID) or as soon as the hub is closed.
// Thread-safe: any thread may publish, wait or close.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace firedrill::api {

struct HubEvent {
  uint64_t id = 0;
  std::string type;  // SSE event name: "clock", "alert", "journal"
  std::string data;  // one line of JSON
};

class EventHub {
 public:
  // REQUIRES: capacity > 0.
  explicit EventHub(size_t capacity = 4096, size_t max_subscribers = 8);
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Appends an event (dropping the oldest when full) and wakes the readers. REQUIRES: data
  // holds no newline (SSE would split it); JSON dumped compactly never does.
  void publish(std::string type, std::string data);

  struct Batch {
    std::vector<HubEvent> events;  // ids > cursor, oldest first
    bool gap = false;              // events after `cursor` were dropped before this read
    bool closed = false;
  };
  // Returns at once if there are events after `cursor` or the hub is closed; otherwise waits
  // up to `timeout` for one. At most `max` events.
  Batch wait_after(uint64_t cursor, std::chrono::milliseconds timeout, size_t max = 256);

  // Wakes every waiter; from now on waits return at once with closed set.
  void close();
  bool closed() const;
  uint64_t last_id() const;

  // A place among the subscribers, released when destroyed.
  class Subscription {
   public:
    explicit Subscription(EventHub* hub) : hub_(hub) {}
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    EventHub* hub_;
  };
  // Null when max_subscribers are already subscribed or the hub is closed.
  std::unique_ptr<Subscription> subscribe();
  size_t subscribers() const;
  size_t max_subscribers() const { return max_subscribers_; }

 private:
  const size_t capacity_;
  const size_t max_subscribers_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<HubEvent> ring_;
  uint64_t next_id_ = 1;
  size_t subscribers_ = 0;
  bool closed_ = false;
};

struct EventStreamOptions {
  std::chrono::milliseconds heartbeat{5000};       // an idle stream sends ": ping" this often
  std::chrono::milliseconds max_duration{600000};  // then it ends with a `bye` event
  std::chrono::milliseconds retry{2000};           // the SSE `retry:` advice to clients
};

// One client's stream. The hub must outlive it (the server closes the hub, then waits for
// its threads). Used by one thread.
class EventStream {
 public:
  // cursor: the last event id the client has (its Last-Event-ID), or the hub's last_id()
  // for "only what happens from now on".
  EventStream(EventHub& hub, std::unique_ptr<EventHub::Subscription> subscription, uint64_t cursor,
              EventStreamOptions options);

  // The next piece of SSE text to send; blocks up to one heartbeat. nullopt: the stream is
  // over (hub closed, or the `bye` event was the previous chunk).
  std::optional<std::string> next_chunk();
  uint64_t cursor() const { return cursor_; }

 private:
  EventHub& hub_;
  std::unique_ptr<EventHub::Subscription> subscription_;
  uint64_t cursor_;
  EventStreamOptions options_;
  std::chrono::steady_clock::time_point started_;
  bool sent_preamble_ = false;
  bool ended_ = false;
};

// One SSE event: "id: N\nevent: TYPE\ndata: DATA\n\n".
std::string format_sse_event(const HubEvent& event);

}  // namespace firedrill::api
