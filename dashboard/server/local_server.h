// LocalServer: `firedrill serve` inside the dashboard's process — a scenario (or the built-in
// drill) on a Session behind the HTTP API on 127.0.0.1 at a port the system picks — so that
// the solo window reaches its drill through the same HttpClient as a workshop does. The
// scenario is wired through sim/script/scenario_drill.h (attach_scenario_runtime), as serve
// wires it. Owns scenario, session, routes and server, torn down in that order reversed.
// Thread rules: create and destroy on one thread; the server has threads of its own.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sim/engine/drill.h"

namespace firedrill::dash {

struct LocalServerOptions {
  std::string scenario_path;  // "": `spec` (the built-in drill)
  DrillSpec spec;             // used without a scenario
  std::optional<uint64_t> seed;
  double speed = 1.0;  // 0: as fast as possible
  bool start_paused = false;
  std::string journal_path;  // "": no journal file
  int port = 0;              // 0: any free port
};

class LocalServer {
 public:
  // Loads the scenario, builds the drill, binds and starts it. Null on failure with `*error`:
  // a scenario's load error is `FILE:LINE: message`.
  static std::unique_ptr<LocalServer> start(const LocalServerOptions& options, std::string* error);
  ~LocalServer();  // stops the server, journals run.end, stops the engine, closes the journal
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  std::string url() const;  // "http://127.0.0.1:PORT"
  int port() const;
  // Stops serving (the drill keeps running) and starts again on the same port: what a lost
  // and regained server looks like to a client (tests). restart() returns "" or why not.
  void stop_serving();
  std::string restart_serving();
  // The drill's title, for messages.
  std::string title() const;

 private:
  struct Impl;
  explicit LocalServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace firedrill::dash
