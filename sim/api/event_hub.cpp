#include "sim/api/event_hub.h"

#include <fmt/format.h>

#include <cassert>

namespace firedrill::api {

EventHub::EventHub(size_t capacity, size_t max_subscribers)
    : capacity_(capacity), max_subscribers_(max_subscribers) {
  assert(capacity > 0 && "EventHub needs room for at least one event");
}

void EventHub::publish(std::string type, std::string data) {
  assert(data.find('\n') == std::string::npos && "SSE data must be one line");
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (ring_.size() == capacity_) ring_.pop_front();
    ring_.push_back({next_id_++, std::move(type), std::move(data)});
  }
  cv_.notify_all();
}

EventHub::Batch EventHub::wait_after(uint64_t cursor, std::chrono::milliseconds timeout,
                                     size_t max) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return closed_ || next_id_ - 1 > cursor; });
  Batch batch;
  batch.closed = closed_;
  if (ring_.empty() || ring_.back().id <= cursor) return batch;
  const uint64_t oldest = ring_.front().id;
  batch.gap = oldest > cursor + 1;
  const size_t start = oldest > cursor ? 0 : static_cast<size_t>(cursor + 1 - oldest);
  for (size_t i = start; i < ring_.size() && batch.events.size() < max; ++i)
    batch.events.push_back(ring_[i]);
  return batch;
}

void EventHub::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
}

bool EventHub::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

uint64_t EventHub::last_id() const {
  std::lock_guard lock(mutex_);
  return next_id_ - 1;
}

std::unique_ptr<EventHub::Subscription> EventHub::subscribe() {
  std::lock_guard lock(mutex_);
  if (closed_ || subscribers_ >= max_subscribers_) return nullptr;
  ++subscribers_;
  return std::make_unique<Subscription>(this);
}

EventHub::Subscription::~Subscription() {
  std::lock_guard lock(hub_->mutex_);
  --hub_->subscribers_;
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscribers_;
}

// --- EventStream -----------------------------------------------------------------------

EventStream::EventStream(EventHub& hub, std::unique_ptr<EventHub::Subscription> subscription,
                         uint64_t cursor, EventStreamOptions options)
    : hub_(hub),
      subscription_(std::move(subscription)),
      cursor_(cursor),
      options_(options),
      started_(std::chrono::steady_clock::now()) {}

std::string format_sse_event(const HubEvent& event) {
  return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", event.id, event.type, event.data);
}

std::optional<std::string> EventStream::next_chunk() {
  if (ended_) return std::nullopt;
  if (!sent_preamble_) {
    sent_preamble_ = true;
    // A comment first, so the client sees the stream open before the first event.
    return fmt::format(": firedrill events\nretry: {}\n\n", options_.retry.count());
  }
  const auto age = std::chrono::steady_clock::now() - started_;
  if (age >= options_.max_duration) {
    ended_ = true;
    return fmt::format("id: {}\nevent: bye\ndata: {{\"reason\":\"max_duration\"}}\n\n", cursor_);
  }
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.max_duration - age);
  EventHub::Batch batch = hub_.wait_after(cursor_, std::min(options_.heartbeat, left));
  if (batch.closed) {
    ended_ = true;
    return std::nullopt;
  }
  if (batch.events.empty()) return std::string(": ping\n\n");
  std::string out;
  if (batch.gap) {
    out += fmt::format("event: gap\ndata: {{\"after\":{},\"resumes_at\":{}}}\n\n", cursor_,
                       batch.events.front().id);
  }
  for (const HubEvent& e : batch.events) out += format_sse_event(e);
  cursor_ = batch.events.back().id;
  return out;
}

}  // namespace firedrill::api
