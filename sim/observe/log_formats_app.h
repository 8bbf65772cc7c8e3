// The application's log (/var/log/app/app.log on a web host): a Python shop under gunicorn
// with SQLAlchemy 1.4 + psycopg2 (Debian 12), whose QueuePool is exactly the model's per-
// server DB pool (size, overflow 0, wait timeout). gunicorn's error-log format:
// "[2024-02-16 14:03:07 -0500] [2143] [ERROR] MESSAGE". Pure functions: HostLogs owns pids
// and random streams.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/sim_time.h"
#include "sim/observe/scenario_clock.h"
#include "sim/stack/stack_observer.h"

namespace firedrill {

struct AppMessage {
  std::string_view level;  // "INFO", "WARNING", "ERROR", "CRITICAL"; empty: a bare
                           // continuation line (a traceback's body)
  std::string message;
  uint32_t pid = 0;  // 0: the worker pid the caller passes to app_line
};

// "[2024-02-16 14:03:07 -0500] [2143] [ERROR] MESSAGE", or the bare message for a
// continuation line.
std::string app_line(const ScenarioClock& clock, SimTime at, uint32_t pid, const AppMessage& m);

struct AppContext {
  std::string_view db_ip = "10.0.2.10";  // where psycopg2 connects
  uint32_t pool_size = 16;               // SQLAlchemy QueuePool size (overflow 0)
  SimTime pool_timeout = SimTime::seconds(3);
  uint32_t master_pid = 0;       // gunicorn's arbiter
  uint32_t worker_pid = 0;       // the worker that failed
  uint32_t next_worker_pid = 0;  // a replacement worker (WORKER TIMEOUT)
};

// What the app logs for a failure it saw (empty: nothing, e.g. its own process is down).
std::vector<AppMessage> app_failure_messages(FailureReason reason, const AppContext& ctx,
                                             RandomStream& rng);
// gunicorn's start-up lines once the service serves: master pid and its workers.
std::vector<AppMessage> app_boot_messages(uint32_t master_pid,
                                          const std::vector<uint32_t>& worker_pids);
// A healthy app's background line (scheduled tasks, a harmless warning now and then).
AppMessage draw_app_noise(RandomStream& rng);

}  // namespace firedrill
