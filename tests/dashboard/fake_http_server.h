// FakeHttpServer: a cpp-httplib server on a free loopback port, for tests that fake a few
// routes of the API. Add routes to server(), then start(); the destructor stops and joins it,
// so declare it after whatever its handlers use. rewind_answer: what POST /rewind answers.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace firedrill::dash::testing {

class FakeHttpServer {
 public:
  FakeHttpServer() { server_.set_keep_alive_timeout(1); }
  ~FakeHttpServer() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  httplib::Server& server() { return server_; }
  void start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// A rewind's answer: the new branch (its parent the one before), where it starts, paused.
inline nlohmann::json rewind_answer(int branch, int64_t at_s) {
  return {{"branch", branch}, {"parent", branch - 1}, {"at_us", at_s * 1000000}, {"paused", true}};
}

}  // namespace firedrill::dash::testing
