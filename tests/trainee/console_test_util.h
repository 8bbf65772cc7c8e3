// Helpers for console tests: a small live stack with host logs, a console on it, and ways to
// look at what a command printed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/observe/host_logs.h"
#include "sim/stack/web_stack.h"
#include "sim/trainee/console.h"

namespace firedrill::testing {

// The scenario clock of these tests: SimTime 0 is 13:40:00 EST on Friday 16 Feb 2024.
inline ScenarioClock console_clock() {
  ScenarioClockResult r = ScenarioClock::create("America/New_York", "2024-02-16 13:40:00");
  REQUIRE(r.ok());
  return *r.clock;
}

// Two web servers, a database and a load balancer at 100 req/s; web hosts have 4 GB, so a
// 600 MB/min leak ends in an OOM kill after 5 minutes.
inline StackConfig console_stack() {
  StackConfig c;
  c.traffic.base_rps = 100;
  c.traffic.users = 1000;
  c.web.count = 2;
  c.web.workers = 8;
  c.web.cpu_ms = 5;
  c.web.queries = 1;
  c.db.query_ms = 2;
  c.web_host.memory_mb = 4000;
  c.web_host.base_memory_mb = 1000;
  return c;
}

struct ConsoleFixture {
  explicit ConsoleFixture(StackConfig cfg = console_stack(), uint64_t seed = 7)
      : sim(seed),
        stack(sim, cfg),
        logs(sim, console_clock(), logs_config(cfg)),
        console(stack, logs) {
    stack.set_observer(&logs);
    logs.start();
    stack.start();
  }

  static HostLogsConfig logs_config(const StackConfig& cfg) {
    HostLogsConfig c;
    c.hosts = stack_log_hosts(cfg.web.count, cfg.db.replica, cfg.cache.enabled);
    for (LogHost& h : c.hosts) {  // the OOM killer's figures follow the machine's RAM
      if (h.role == HostRole::kWeb) h.memory_mb = cfg.web_host.memory_mb;
    }
    return c;
  }

  void run_for(SimTime d) { sim.run_until(sim.now() + d); }
  CommandResult run(std::string_view host, std::string_view line) {
    return console.run(host, line);
  }
  // The output of a command that must succeed.
  std::string out(std::string_view host, std::string_view line) {
    const CommandResult r = console.run(host, line);
    INFO(host << "$ " << line << "\n" << r.output);
    CHECK(r.exit_code == 0);
    return r.output;
  }

  Simulation sim;
  WebStack stack;
  HostLogs logs;
  Console console;
};

inline bool contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

inline std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    out.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// The line of `text` containing `needle` (empty when none).
inline std::string line_with(std::string_view text, std::string_view needle) {
  for (const std::string& l : lines_of(text)) {
    if (contains(l, needle)) return l;
  }
  return {};
}

}  // namespace firedrill::testing
