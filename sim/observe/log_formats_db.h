// Data-store log formats: PostgreSQL 15's server log (Debian's log_line_prefix '%m [%p] %q%u@%d ')
// with its exact messages for the failures the stack models, slow statements
// (log_min_duration_statement), lifecycle and autovacuum/checkpoint noise; and the Redis
// server log for the cache host. Pure functions: HostLogs owns pids and random streams.
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

// One message of the Postgres log. session: "shop@shop" for a client backend, empty for a
// background process (checkpointer, autovacuum, postmaster), which %q leaves bare.
struct PgMessage {
  // "LOG", "ERROR", "FATAL", "HINT", "STATEMENT"; empty for a continuation line of a
  // multi-line message, which Postgres writes bare ("\tpages: 0 removed, ...").
  std::string_view level;
  std::string message;
};

// "2024-02-16 14:03:07.123 EST [2143] shop@shop FATAL:  sorry, too many clients already"
std::string postgres_line(const ScenarioClock& clock, SimTime at, uint32_t pid,
                          std::string_view session, const PgMessage& m);

// A statement of the shop's schema, numbers drawn from the stream.
std::string draw_sql_statement(RandomStream& rng, bool is_write);
// "duration: 2345.678 ms  statement: SELECT ..." (two spaces, as Postgres writes them).
PgMessage slow_query_message(SimTime duration, std::string statement);

// What a client backend logs for a failure the database itself saw (empty: nothing, e.g.
// a process that is down). `temp_pid` names temporary files.
std::vector<PgMessage> postgres_failure_messages(FailureReason reason, RandomStream& rng,
                                                 uint32_t temp_pid);
// What the postmaster logs when the service starts serving (kRunning; after_crash adds
// the recovery line) or stops (kStopped). Other changes log nothing here.
std::vector<PgMessage> postgres_lifecycle_messages(ProcessChange change, bool after_crash);

struct PgNoiseState {
  bool checkpoint_running = false;  // "checkpoint starting" was logged, "complete" is next
  SimTime checkpoint_started;
  SimTime next_checkpoint;  // checkpoint_timeout (5 min) after the last start
};
// A healthy database's background line(s) at `at`: a timed checkpoint every 5 minutes that
// completes after 90% of that (checkpoint_completion_target), else autovacuum/autoanalyze.
std::vector<PgMessage> draw_postgres_noise(RandomStream& rng, PgNoiseState& state, SimTime at);

// Redis: "1234:M 16 Feb 2024 14:03:07.123 * MESSAGE"; role 'M' (main) or 'C' (a fork),
// level '*' notice or '#' warning.
std::string redis_line(const ScenarioClock& clock, SimTime at, uint32_t pid, char role, char level,
                       std::string_view message);

}  // namespace firedrill
