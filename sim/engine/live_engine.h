// LiveEngine: runs one Drill on a thread of its own, paced to the wall clock at a chosen
// speed (1x, 2x, 10x, 60x, or 0 for as fast as the CPU allows), with pause, resume and
// stepping. Other threads never touch the drill: they post work that runs on the engine
// thread between simulation slices (post() returns a future), and read what a publisher
// callback copies out after each slice. Only this class reads the wall clock. The drill
// stops advancing at its length and the engine pauses there.
#pragma once

#include <utility>  // Boost 1.74's Asio uses std::exchange without including it

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "sim/engine/drill.h"

namespace firedrill {

class LiveEngine {
 public:
  struct Status {
    SimTime now;
    double speed = 1.0;  // 0: as fast as possible
    bool paused = false;
    bool finished = false;  // reached the drill's length
  };

  // Takes the drill; nothing runs until start().
  LiveEngine(std::unique_ptr<Drill> drill, double speed);
  ~LiveEngine();  // stop()s and joins
  LiveEngine(const LiveEngine&) = delete;
  LiveEngine& operator=(const LiveEngine&) = delete;

  void start();
  // Stops the thread after the slice in progress; posted work not yet run is dropped.
  void stop();

  // Thread-safe controls; they take effect on the engine thread.
  void set_speed(double speed);
  void pause();
  void resume();
  // While paused: advance exactly `by` of simulated time.
  void step(SimTime by);

  // Runs f(drill) on the engine thread between slices. The future carries f's result (or
  // its exception). After stop() the future is broken (std::future_error on get()).
  template <class F>
  auto post(F f) -> std::future<decltype(f(std::declval<Drill&>()))> {
    using R = decltype(f(std::declval<Drill&>()));
    auto task = std::make_shared<std::packaged_task<R()>>(
        [this, f = std::move(f)]() mutable { return f(*drill_); });
    std::future<R> result = task->get_future();
    boost::asio::post(io_, [task] { (*task)(); });
    return result;
  }

  // Called on the engine thread after every slice (and after posted work), e.g. to copy a
  // snapshot for readers. Set before start().
  void on_slice(std::function<void(Drill&)> publisher) { publisher_ = std::move(publisher); }

  Status status() const;

  // Engine thread only (inside post()): puts `drill` in place of the running one, paused,
  // and hands the old one back (a rewind: the caller destroys it once nothing refers to it).
  std::unique_ptr<Drill> replace_drill(std::unique_ptr<Drill> drill);

 private:
  void schedule_tick();
  void tick();
  void rebase();  // the wall anchor is now; simulated anchor is the drill's now

  std::unique_ptr<Drill> drill_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer timer_;
  std::thread thread_;
  std::function<void(Drill&)> publisher_;

  // Engine-thread state.
  std::chrono::steady_clock::time_point wall_anchor_;
  SimTime sim_anchor_;
  double speed_;
  bool paused_ = false;

  mutable std::mutex status_mutex_;
  Status status_;
};

}  // namespace firedrill
