#include "sim/engine/live_engine.h"

#include <algorithm>

namespace firedrill {

namespace {
constexpr auto kTick = std::chrono::milliseconds(20);
// At maximum speed, one slice of simulated time between looks at the inbox.
const SimTime kMaxSpeedSlice = SimTime::seconds(1);
}  // namespace

LiveEngine::LiveEngine(std::unique_ptr<Drill> drill, double speed)
    : drill_(std::move(drill)),
      work_(boost::asio::make_work_guard(io_)),
      timer_(io_),
      speed_(std::max(0.0, speed)) {
  status_.now = drill_->now();
  status_.speed = speed_;
}

LiveEngine::~LiveEngine() {
  stop();
}

void LiveEngine::start() {
  rebase();
  schedule_tick();
  thread_ = std::thread([this] { io_.run(); });
}

void LiveEngine::stop() {
  if (!thread_.joinable()) return;
  io_.stop();
  thread_.join();
}

void LiveEngine::rebase() {
  wall_anchor_ = std::chrono::steady_clock::now();
  sim_anchor_ = drill_->now();
}

void LiveEngine::schedule_tick() {
  timer_.expires_after(speed_ == 0.0 && !paused_ ? std::chrono::milliseconds(0) : kTick);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: the engine is stopping
    tick();
    schedule_tick();
  });
}

void LiveEngine::tick() {
  const SimTime end = drill_->spec().length;
  if (!paused_ && drill_->now() < end) {
    SimTime target;
    if (speed_ == 0.0) {
      target = drill_->now() + kMaxSpeedSlice;
    } else {
      const double wall_s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_anchor_).count();
      target = sim_anchor_ + SimTime::from_seconds(wall_s * speed_);
    }
    target = std::min(target, end);
    if (target > drill_->now()) drill_->run_until(target);
  }
  {
    std::lock_guard lock(status_mutex_);
    status_.now = drill_->now();
    status_.speed = speed_;
    status_.paused = paused_;
    status_.finished = drill_->now() >= end;
  }
  if (publisher_) publisher_(*drill_);
}

void LiveEngine::set_speed(double speed) {
  boost::asio::post(io_, [this, speed] {
    rebase();
    speed_ = std::max(0.0, speed);
  });
}

void LiveEngine::pause() {
  boost::asio::post(io_, [this] { paused_ = true; });
}

void LiveEngine::resume() {
  boost::asio::post(io_, [this] {
    paused_ = false;
    rebase();
  });
}

void LiveEngine::step(SimTime by) {
  boost::asio::post(io_, [this, by] {
    if (!paused_) return;
    drill_->run_until(std::min(drill_->now() + by, drill_->spec().length));
    rebase();
  });
}

std::unique_ptr<Drill> LiveEngine::replace_drill(std::unique_ptr<Drill> drill) {
  std::swap(drill_, drill);
  paused_ = true;
  rebase();
  std::lock_guard lock(status_mutex_);
  status_.now = drill_->now();
  status_.paused = true;
  status_.finished = drill_->now() >= drill_->spec().length;
  return drill;
}

LiveEngine::Status LiveEngine::status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

}  // namespace firedrill
