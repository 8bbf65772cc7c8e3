// Database clients on the database host: psql -c "..." (pg_query.h) and mysql -e "SHOW
// [FULL] PROCESSLIST" over the same sessions (db_activity.h). Each answers only when its
// server is the host's service; otherwise it fails to connect as the real client would.
// A pg_terminate_backend()/pg_cancel_backend() asks the engine to kill that query.
#include <algorithm>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/db_activity.h"
#include "sim/trainee/pg_query.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

constexpr std::string_view kPgSocket = "/var/run/postgresql/.s.PGSQL.5432";

bool is_postgres(const HostView& v) {
  return v.unit().comm == "postgres";
}
bool is_mysql(const HostView& v) {
  const std::string& s = v.host.spec().service;
  return s == "mysql" || s == "mariadb" || s == "mysqld";
}

void touch_db(Output& out, const HostView& v) {
  out.touched.component = v.name();
  out.touched.service = v.host.spec().service;
  out.touched.topic = "database";
}

// Splits a -c string into statements at semicolons outside quotes.
std::vector<std::string> statements(std::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ';') {
      current += c;
      out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  if (current.find_first_not_of(" \t\n") != std::string::npos) out.push_back(current);
  return out;
}

Output psql(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  if (v.db == nullptr) return out.fail(127, "bash: psql: command not found");
  touch_db(out, v);
  std::vector<std::string> commands;
  PsqlFormat format;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    const bool takes_value = a == "-c" || a == "--command" || a == "-U" || a == "-d" || a == "-h" ||
                             a == "-p" || a == "--username" || a == "--dbname";
    if (takes_value) {
      if (i + 1 >= argv.size()) {
        return out.fail(1, fmt::format("psql: error: option requires an argument -- '{}'\npsql: "
                                       "hint: Try \"psql --help\" for more information.",
                                       a.substr(a.find_first_not_of('-'), 1)));
      }
      if (a == "-c" || a == "--command") commands.push_back(argv[i + 1]);
      ++i;
    } else if (a.starts_with("-c") && a.size() > 2) {
      commands.push_back(a.substr(2));
    } else if (a.starts_with("-") && a.size() > 1 && !a.starts_with("--")) {
      for (char c : a.substr(1)) {
        if (c == 'x')
          format.expanded = true;
        else if (c == 't')
          format.tuples_only = true;
        else if (c == 'A')
          format.unaligned = true;
        else if (c != 'X' && c != 'q' && c != 'w') {
          return out.fail(1, fmt::format("psql: error: invalid option -- '{}'\npsql: hint: Try "
                                         "\"psql --help\" for more information.",
                                         c));
        }
      }
    }
  }
  // Connecting over the local socket.
  if (!is_postgres(v)) {
    return out.fail(2, fmt::format("psql: error: connection to server on socket \"{}\" failed: No "
                                   "such file or directory\n\tIs the server running locally and "
                                   "accepting connections on that socket?",
                                   kPgSocket));
  }
  switch (v.host.state()) {
    case ProcessState::kStopped:
      return out.fail(2, fmt::format("psql: error: connection to server on socket \"{}\" failed: "
                                     "No such file or directory\n\tIs the server running locally "
                                     "and accepting connections on that socket?",
                                     kPgSocket));
    case ProcessState::kStarting:
      return out.fail(2, fmt::format("psql: error: connection to server on socket \"{}\" failed: "
                                     "FATAL:  the database system is starting up",
                                     kPgSocket));
    case ProcessState::kHung:
      return out.fail(2, fmt::format("psql: error: connection to server on socket \"{}\" failed: "
                                     "timeout expired",
                                     kPgSocket));
    case ProcessState::kRunning:
      break;
  }
  if (commands.empty()) {
    return out.fail(1,
                    "psql (15.6 (Debian 15.6-0+deb12u1))\nType \"help\" for help.\n\n"
                    "firedrill: this console runs one command at a time; use psql -c \"...\"");
  }
  for (const std::string& command : commands) {
    if (command.starts_with("\\")) {
      return out.fail(1, fmt::format("invalid command {}\nTry \\? for help.",
                                     command.substr(0, command.find(' '))));
    }
    for (const std::string& sql : statements(command)) {
      const SqlResult r = run_pg_query(v, sql);
      if (!r.error.empty()) return out.fail(1, r.error);
      out.out += format_psql(r, format);
      if (!r.terminate.empty() && !out.action) {
        out.action = RequestedAction{
            "kill_queries", v.name(), v.host.spec().service, {{"pid", r.terminate}}};
      }
    }
  }
  return out;
}

// --- mysql ---------------------------------------------------------------------------------------

std::string mysql_table(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::vector<bool>& right) {
  std::vector<size_t> w(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    w[i] = header[i].size();
    for (const auto& r : rows) w[i] = std::max(w[i], r[i].size());
  }
  std::string rule = "+";
  for (size_t x : w) rule += std::string(x + 2, '-') + "+";
  const auto line = [&](const std::vector<std::string>& cells, bool head) {
    std::string l = "|";
    for (size_t i = 0; i < cells.size(); ++i) {
      l += " " +
           (right[i] && !head ? fmt::format("{:>{}}", cells[i], w[i])
                              : fmt::format("{:<{}}", cells[i], w[i])) +
           " |";
    }
    return l + "\n";
  };
  std::string out = rule + "\n" + line(header, true) + rule + "\n";
  for (const auto& r : rows) out += line(r, false);
  return out + rule + "\n";
}

Output mysql(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  if (v.db == nullptr) return out.fail(127, "bash: mysql: command not found");
  touch_db(out, v);
  std::string sql;
  for (size_t i = 1; i < argv.size(); ++i) {
    if ((argv[i] == "-e" || argv[i] == "--execute") && i + 1 < argv.size())
      sql = argv[++i];
    else if (argv[i].starts_with("-e") && argv[i].size() > 2)
      sql = argv[i].substr(2);
  }
  if (!is_mysql(v) || !v.service_alive()) {
    return out.fail(1,
                    "ERROR 2002 (HY000): Can't connect to local MySQL server through socket "
                    "'/run/mysqld/mysqld.sock' (2)");
  }
  if (sql.empty()) {
    return out.fail(1, "firedrill: this console runs one command at a time; use mysql -e \"...\"");
  }
  std::string upper = sql;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  while (!upper.empty() && (upper.back() == ';' || upper.back() == ' ')) upper.pop_back();
  const bool full = upper == "SHOW FULL PROCESSLIST";
  if (!full && upper != "SHOW PROCESSLIST") {
    return out.fail(1, fmt::format("ERROR 1064 (42000) at line 1: firedrill: only SHOW [FULL] "
                                   "PROCESSLIST is simulated near '{}'",
                                   sql.substr(0, 40)));
  }
  std::vector<std::vector<std::string>> rows;
  uint32_t id = 5;
  for (const DbSession& s : db_sessions(v)) {
    if (s.backend_type != "client backend") continue;
    const SimTime since = s.state == "idle" ? s.state_change : s.query_start;
    const int64_t secs = since == SimTime::never() ? 0 : (v.now - since).us() / 1'000'000;
    const bool running = s.state == "active";
    std::string info = running ? s.query : "NULL";
    if (!full && info.size() > 100) info.resize(100);
    rows.push_back({std::to_string(id++), s.user,
                    fmt::format("{}:{}", s.client_addr, s.client_port), s.database,
                    running ? "Query" : "Sleep", std::to_string(secs),
                    running ? (s.waiting ? "Waiting for row lock" : "executing") : "", info});
  }
  rows.push_back({std::to_string(id), "root", "localhost", "NULL", "Query", "0", "init",
                  full ? "SHOW FULL PROCESSLIST" : "SHOW PROCESSLIST"});
  out.out = mysql_table({"Id", "User", "Host", "db", "Command", "Time", "State", "Info"}, rows,
                        {true, false, false, false, false, true, false, false});
  return out;
}

constexpr Builtin kDbCommands[] = {
    {"psql", psql, "PostgreSQL: psql -c \"select pid, state, query from pg_stat_activity\""},
    {"mysql", mysql, "MySQL client: mysql -e \"SHOW PROCESSLIST\""},
};

}  // namespace

std::span<const Builtin> db_commands() {
  return kDbCommands;
}

}  // namespace firedrill::console_detail
