// Private to the psql emulation: pg_stat_activity's columns and the evaluation of parsed
// expressions and conditions over its rows (pg_sql.h parses them). Not part of the API.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trainee/db_activity.h"
#include "sim/trainee/pg_sql.h"

namespace firedrill::pg_sql {

// Every column of pg_stat_activity (PostgreSQL 15), in order: what `*` selects.
inline constexpr std::array<std::string_view, 22> kActivityColumns = {"datid",
                                                                      "datname",
                                                                      "pid",
                                                                      "leader_pid",
                                                                      "usesysid",
                                                                      "usename",
                                                                      "application_name",
                                                                      "client_addr",
                                                                      "client_hostname",
                                                                      "client_port",
                                                                      "backend_start",
                                                                      "xact_start",
                                                                      "query_start",
                                                                      "state_change",
                                                                      "wait_event_type",
                                                                      "wait_event",
                                                                      "state",
                                                                      "backend_xid",
                                                                      "backend_xmin",
                                                                      "query_id",
                                                                      "query",
                                                                      "backend_type"};

// A column of one session, or nothing when there is no such column.
std::optional<Value> activity_column(const DbSession& s, std::string_view name);

// Evaluates over one row (null: a SELECT without FROM). Errors go to the parser's `error`,
// with the caret at the offending token. pg_terminate_backend/pg_cancel_backend record the pid
// in `terminate` (the first one) instead of ending anything.
struct Eval {
  const HostView& v;
  Parser& p;
  const std::vector<DbSession>& sessions;
  uint32_t own_pid = 0;
  std::string terminate;

  bool failed() const { return !p.error.empty(); }
  Value fail(std::string message, size_t pos);
  Value value(const Expr& e, const DbSession* row);
  Value call(const Expr& e, const DbSession* row);
  bool test(const Cond& c, const DbSession* row);
};

// SQL LIKE: % any run, _ one character.
bool sql_like(std::string_view s, std::string_view pattern);

}  // namespace firedrill::pg_sql
