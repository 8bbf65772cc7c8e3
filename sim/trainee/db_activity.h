// DbActivity: the database's sessions as pg_stat_activity (or SHOW PROCESSLIST, or ps) would
// list them, derived from the live Database and the web servers' pools: one client backend
// per open connection, from the web server that holds it; `active` for the queries running in
// a slot, `active` and waiting for those queued behind the slots, `idle in transaction` for a
// connection checked out between two queries or leaked by the app, `idle` for the rest; and
// the background processes. Query ages follow the live mean query time (slow queries show as
// long-running ones). Deterministic: attributes a session keeps (pid, port, start) depend on
// its slot only; transient ones (current query, age) on the slot and the instant.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/trainee/host_view.h"

namespace firedrill {

struct DbSession {
  uint32_t pid = 0;
  std::string backend_type = "client backend";
  std::string user;                         // empty: NULL
  std::string database;                     // empty: NULL
  std::string application;                  // application_name
  std::string client_addr;                  // empty: NULL (a local socket or a background process)
  int client_port = -1;                     // -1: local socket; 0: NULL
  std::string state;                        // "active", "idle", "idle in transaction"; empty: NULL
  std::string wait_event_type, wait_event;  // empty: NULL
  std::string query;
  SimTime backend_start;
  SimTime xact_start = SimTime::never();  // never(): NULL
  SimTime query_start = SimTime::never();
  SimTime state_change = SimTime::never();
  bool waiting = false;  // queued behind the query slots (ps shows "waiting")
  bool leaked = false;   // checked out by the app and never returned
};

// REQUIRES: v.db is set (the console runs on a database host). Background processes first,
// then client backends ordered by pid. `own_query`, when not empty, adds the caller's own
// session (psql's) running that query.
std::vector<DbSession> db_sessions(const HostView& v, const std::string& own_query = {});

// ps' title of a client backend: "postgres: 15/main: shop shop 10.0.1.11(52344) SELECT".
std::string postgres_process_title(const DbSession& s);

}  // namespace firedrill
