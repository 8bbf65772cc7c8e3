// PgQuery: the SQL a responder types into psql during an incident, over the simulated
// pg_stat_activity — `SELECT cols|*|count(*) FROM pg_stat_activity [WHERE ...] [GROUP BY ...]
// [ORDER BY ...] [LIMIT n]` with now() - query_start, left(query, n), IS [NOT] NULL, AND,
// interval literals; SHOW setting; SELECT version()/now(); pg_cancel_backend and
// pg_terminate_backend (which only ask for the change). Errors as PostgreSQL words them,
// with the LINE/caret context. Anything else about the shop's schema is not simulated.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trainee/host_view.h"

namespace firedrill {

struct SqlResult {
  std::vector<std::string> columns;
  std::vector<bool> right_aligned;                            // numeric columns
  std::vector<std::vector<std::optional<std::string>>> rows;  // nullopt: NULL
  std::string error;        // "ERROR:  ...\nLINE 1: ...\n   ^" when the statement failed
  std::string terminate;    // pid a pg_terminate_backend/pg_cancel_backend asked to end
  std::string command_tag;  // "SELECT 3" when rows are returned
};

// REQUIRES: v.db is set and its service is running.
SqlResult run_pg_query(const HostView& v, std::string_view sql);

// psql's aligned output (or expanded with -x, or bare rows with -t, or unaligned with -A).
struct PsqlFormat {
  bool expanded = false, tuples_only = false, unaligned = false;
};
std::string format_psql(const SqlResult& r, const PsqlFormat& f);

}  // namespace firedrill
