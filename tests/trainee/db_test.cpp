// psql over the simulated pg_stat_activity, and mysql's answer on a PostgreSQL host.
#include <regex>

#include <catch2/catch.hpp>

#include "console_test_util.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("console: pg_stat_activity lists one client backend per pooled connection", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(30));
  const uint32_t connections = f.stack.db().open_connections();
  REQUIRE(connections > 0);
  const std::string count =
      f.out("db", "psql -At -c \"select count(*) from pg_stat_activity where usename = 'shop'\"");
  CHECK(count == std::to_string(connections) + "\n");
  const std::string table = f.out("db",
                                  "sudo -u postgres psql -c \"SELECT pid, usename, state "
                                  "FROM pg_stat_activity WHERE backend_type = 'client "
                                  "backend' ORDER BY pid LIMIT 3\"");
  INFO(table);
  const std::vector<std::string> lines = lines_of(table);
  REQUIRE(lines.size() >= 4);
  CHECK(std::regex_match(lines[0], std::regex(R"( +pid +\| usename +\| +state +)")));
  CHECK(std::regex_match(lines[1], std::regex(R"(-+\+-+\+-+)")));
  CHECK(contains(table, "(3 rows)"));
}

TEST_CASE("console: slow queries show as long-running active sessions", "[console]") {
  StackConfig c = console_stack();
  c.web.workers = 32;  // more requests in flight than the database has query slots
  c.web.db_pool_size = 32;
  ConsoleFixture f(c);
  f.run_for(SimTime::seconds(10));
  f.stack.db().set_query_time_factor(2000);  // 2 ms queries now take about 4 s
  f.run_for(SimTime::seconds(20));
  REQUIRE(f.stack.db().active_queries() > 0);
  REQUIRE(f.stack.db().queued_queries() > 0);
  const std::string sql =
      "psql -c \"select pid, now() - query_start as duration, state, wait_event_type, "
      "left(query, 40) from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() "
      "order by duration desc\"";
  const std::string out = f.out("db", sql);
  INFO(out);
  const std::vector<std::string> lines = lines_of(out);
  REQUIRE(lines.size() > 3);
  std::smatch m;
  REQUIRE(std::regex_search(lines[2], m, std::regex(R"(\| (\d\d):(\d\d):(\d\d)\.\d+ \| active)")));
  CHECK(std::stoi(m[3].str()) + 60 * std::stoi(m[2].str()) >= 2);  // seconds, not milliseconds
  CHECK(contains(out, "| Lock "));                                 // queued queries wait on locks
}

TEST_CASE("console: leaked pool connections sit idle in transaction", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(5));
  f.stack.web(0).leak_pool_connections(5);
  f.run_for(SimTime::seconds(60));
  const std::string out =
      f.out("db",
            "psql -c \"select state, count(*) from pg_stat_activity where backend_type = 'client "
            "backend' group by state order by 2 desc\"");
  INFO(out);
  const std::string idle_tx = line_with(out, "idle in transaction");
  REQUIRE_FALSE(idle_tx.empty());
  CHECK(std::stoi(idle_tx.substr(idle_tx.find('|') + 1)) >= 5);
}

TEST_CASE("console: pg_terminate_backend asks the engine to kill the query", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(10));
  const std::string pid = f.out("db",
                                "psql -At -c \"select pid from pg_stat_activity where "
                                "usename = 'shop' order by pid limit 1\"");
  REQUIRE(pid.size() > 1);
  const std::string p = pid.substr(0, pid.size() - 1);
  const CommandResult r = f.run("db", "psql -c \"select pg_terminate_backend(" + p + ")\"");
  INFO(r.output);
  CHECK(r.output == " pg_terminate_backend \n----------------------\n t\n(1 row)\n\n");
  REQUIRE(r.action);
  CHECK(r.action->action == "kill_queries");
  CHECK(r.action->params.at("pid") == p);
  CHECK(r.touched.topic == "database");
}

TEST_CASE("console: psql reports SQL errors with PostgreSQL's words", "[console]") {
  ConsoleFixture f;
  const CommandResult col = f.run("db", "psql -c \"select bogus from pg_stat_activity\"");
  CHECK(col.exit_code == 1);
  CHECK(col.output ==
        "ERROR:  column \"bogus\" does not exist\nLINE 1: select bogus from pg_stat_activity\n"
        "               ^\n");
  CHECK(contains(f.run("db", "psql -c \"selec 1\"").output,
                 "ERROR:  syntax error at or near \"selec\""));
  CHECK(f.out("db", "psql -c 'show max_connections'") ==
        " max_connections \n-----------------\n 150\n(1 row)\n\n");
  CHECK(f.out("db", "psql -At -c 'SHOW log_min_duration_statement'") == "1s\n");
}

TEST_CASE("console: psql cannot connect while PostgreSQL is down, and is absent elsewhere",
          "[console]") {
  ConsoleFixture f;
  f.stack.db().host().stop();
  const CommandResult r = f.run("db", "psql -c 'select 1'");
  CHECK(r.exit_code == 2);
  CHECK(r.output.starts_with(
      "psql: error: connection to server on socket "
      "\"/var/run/postgresql/.s.PGSQL.5432\" failed: No such file or directory"));
  CHECK(f.run("web-1", "psql -c 'select 1'").exit_code == 127);
}

TEST_CASE("console: mysql on a PostgreSQL host cannot reach a MySQL server", "[console]") {
  ConsoleFixture f;
  const CommandResult r = f.run("db", "mysql -e \"SHOW PROCESSLIST\"");
  CHECK(r.exit_code == 1);
  CHECK(r.output ==
        "ERROR 2002 (HY000): Can't connect to local MySQL server through socket "
        "'/run/mysqld/mysqld.sock' (2)\n");
}

TEST_CASE("console: SHOW PROCESSLIST lists the sessions of a MySQL database", "[console]") {
  StackConfig c = console_stack();
  c.db_host.service = "mysql";
  ConsoleFixture f(c);
  f.run_for(SimTime::seconds(10));
  const std::string out = f.out("db", "mysql -e 'SHOW PROCESSLIST'");
  INFO(out);
  const std::vector<std::string> lines = lines_of(out);
  REQUIRE(lines.size() > 4);
  CHECK(std::regex_match(lines[0], std::regex(R"(\+-+\+-+\+-+\+-+\+-+\+-+\+-+\+-+\+)")));
  CHECK(std::regex_match(
      lines[1],
      std::regex(R"(\| Id +\| User +\| Host +\| db +\| Command \| Time \| State +\| Info +\|)")));
  CHECK(contains(out, "| shop "));
  CHECK(contains(out, "| SHOW PROCESSLIST "));
  CHECK(lines_of(out).size() == f.stack.db().open_connections() + 5);
}

TEST_CASE("console: GROUP BY counts sessions per state", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(10));
  const std::string out =
      f.out("db",
            "psql -At -c \"select state, count(*) from pg_stat_activity where state is not null "
            "group by 1 order by 1\"");
  INFO(out);
  int total = 0;
  for (const std::string& line : lines_of(out)) total += std::stoi(line.substr(line.find('|') + 1));
  CHECK(total == static_cast<int>(f.stack.db().open_connections()) + 1);  // and psql's own
}
