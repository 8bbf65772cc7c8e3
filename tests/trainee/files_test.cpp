// cat of config files rendered from the live config map, and the text tools on the logs.
#include <catch2/catch.hpp>

#include "console_test_util.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE(
    "console: cat sites-enabled/default on the lb shows the health check path after a "
    "config change",
    "[console]") {
  ConsoleFixture f;
  const std::string before = f.out("lb", "cat /etc/nginx/sites-enabled/default");
  CHECK(contains(before, "health_check uri=/health interval=2s fails=3 passes=2;"));
  CHECK(contains(before, "upstream backend {"));
  CHECK(contains(before, "    server 10.0.1.11:80 max_fails=0;  # web-1"));
  CHECK(contains(before, "    server 10.0.1.12:80 max_fails=0;  # web-2"));
  REQUIRE_FALSE(f.stack.host("lb")->set_config("health_path", "/healthz"));
  REQUIRE_FALSE(f.stack.host("lb")->set_config("upstream_port", "8080"));
  const CommandResult r = f.run("lb", "cat /etc/nginx/sites-enabled/default");
  CHECK(contains(r.output, "health_check uri=/healthz "));
  CHECK(contains(r.output, "    server 10.0.1.11:8080 max_fails=0;"));
  CHECK(r.touched.files == std::vector<std::string>{"/etc/nginx/sites-enabled/default"});
  CHECK(r.touched.topic == "config");
  CHECK(r.touched.service == "nginx");
}

TEST_CASE("console: a drained backend shows as down in the upstream block", "[console]") {
  ConsoleFixture f;
  f.stack.lb().set_in_rotation(1, false);
  CHECK(contains(f.out("lb", "cat /etc/nginx/sites-enabled/default"),
                 "    server 10.0.1.12:80 max_fails=0 down;  # web-2"));
}

TEST_CASE("console: nginx.conf carries worker_connections and worker_rlimit_nofile", "[console]") {
  ConsoleFixture f;
  REQUIRE_FALSE(f.stack.host("web-1")->set_config("nofile", "1024"));
  const std::string web = f.out("web-1", "cat /etc/nginx/nginx.conf");
  CHECK(contains(web, "worker_rlimit_nofile 1024;\n"));
  CHECK(contains(web, "\tworker_connections 768;\n"));
  CHECK(contains(f.out("lb", "cat /etc/nginx/nginx.conf"), "\tworker_connections 4096;\n"));
  CHECK(contains(f.out("web-1", "cat /etc/security/limits.conf"),
                 "www-data        soft    nofile          1024\n"));
  CHECK(contains(
      f.out("web-1", "cat /proc/" + std::to_string(f.stack.web(0).host().pid()) + "/limits"),
      "Max open files            1024                 1024                 files"));
}

TEST_CASE("console: the web server's site and app.env follow its config", "[console]") {
  ConsoleFixture f;
  REQUIRE_FALSE(f.stack.host("web-2")->set_config("listen_port", "8080"));
  REQUIRE_FALSE(f.stack.host("web-2")->set_config("db_pool_size", "4"));
  REQUIRE_FALSE(f.stack.host("web-2")->set_config("db_pool_timeout_ms", "2500"));
  CHECK(contains(f.out("web-2", "cat /etc/nginx/sites-enabled/default"),
                 "    listen 8080 default_server;"));
  const std::string env = f.out("web-2", "cat /etc/app/app.env");
  CHECK(contains(env, "LISTEN_PORT=8080\n"));
  CHECK(contains(env, "DB_POOL_SIZE=4\n"));
  CHECK(contains(env, "DB_POOL_TIMEOUT=2.5\n"));
  CHECK(contains(env, "DATABASE_URL=postgresql://shop@10.0.2.10:5432/shop\n"));
  CHECK(f.run("db", "cat /etc/app/app.env").exit_code == 1);  // not on the database host
}

TEST_CASE("console: postgresql.conf shows max_connections and log_min_duration_statement",
          "[console]") {
  ConsoleFixture f;
  REQUIRE_FALSE(f.stack.host("db")->set_config("max_connections", "40"));
  REQUIRE_FALSE(f.stack.host("db")->set_config("log_min_duration_statement_ms", "250"));
  const std::string conf = f.out("db", "cat /etc/postgresql/15/main/postgresql.conf");
  CHECK(contains(conf, "\nmax_connections = 40\t"));
  CHECK(contains(conf, "\nlog_min_duration_statement = 250\t"));
  CHECK(contains(conf, "log_timezone = 'America/New_York'"));
  CHECK(f.out("db", "grep -c ^max_connections /etc/postgresql/15/main/postgresql.conf") == "1\n");
}

TEST_CASE("console: cat of a missing file or a directory fails as cat does", "[console]") {
  ConsoleFixture f;
  const CommandResult missing = f.run("web-1", "cat /etc/nginx/conf.d/upstream.conf");
  CHECK(missing.output == "cat: /etc/nginx/conf.d/upstream.conf: No such file or directory\n");
  CHECK(missing.exit_code == 1);
  CHECK(f.run("web-1", "cat /etc/nginx").output == "cat: /etc/nginx: Is a directory\n");
}

TEST_CASE("console: tail of a missing log fails as tail does", "[console]") {
  ConsoleFixture f;
  const CommandResult r = f.run("web-1", "tail /var/log/nope");
  CHECK(r.output == "tail: cannot open '/var/log/nope' for reading: No such file or directory\n");
  CHECK(r.exit_code == 1);
  CHECK(f.run("web-1", "tail -n x /var/log/syslog").output ==
        "tail: invalid number of lines: 'x'\n");
}

TEST_CASE("console: grep with a quoted pattern finds the fd exhaustion in nginx's error log",
          "[console]") {
  ConsoleFixture f;
  REQUIRE_FALSE(f.stack.host("web-1")->set_config("nofile", "65"));  // 64 base fds + 1
  f.run_for(SimTime::seconds(30));
  const CommandResult r = f.run("web-1", "grep \"Too many\" /var/log/nginx/error.log");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.output, "accept4() failed (24: Too many open files)"));
  CHECK(r.touched.files == std::vector<std::string>{"/var/log/nginx/error.log"});
  CHECK(r.touched.topic == "logs");
  CHECK(f.run("web-2", "grep 'Too many' /var/log/nginx/error.log").exit_code == 1);
  const std::string count = f.out("web-1", "grep -ci 'too MANY' /var/log/nginx/error.log");
  CHECK(std::stoi(count) > 0);
  CHECK(f.out("web-1", "grep 'Too many' /var/log/nginx/error.log | wc -l") == count);
}

TEST_CASE("console: grep understands basic and extended regular expressions", "[console]") {
  ConsoleFixture f;
  f.console.set_file("web-1", "/tmp/t.log", [] {
    return std::string("GET / 200\nGET /x 502\nGET /y 504\nPOST /z 500\n");
  });
  CHECK(f.out("web-1", "grep -E '50[24]' /tmp/t.log") == "GET /x 502\nGET /y 504\n");
  CHECK(f.out("web-1", "grep '502\\|500' /tmp/t.log") == "GET /x 502\nPOST /z 500\n");
  CHECK(f.out("web-1", "grep -v GET /tmp/t.log") == "POST /z 500\n");
  CHECK(f.out("web-1", "grep -n -w 504 /tmp/t.log") == "3:GET /y 504\n");
  CHECK(f.out("web-1", "grep -o '5[0-9][0-9]' /tmp/t.log | sort | uniq -c") ==
        "      1 500\n      1 502\n      1 504\n");
  const CommandResult bad = f.run("web-1", "grep -E '(' /tmp/t.log");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output == "grep: Unmatched ( or \\(\n");
}

TEST_CASE("console: the access log one-liner counts statuses", "[console]") {
  ConsoleFixture f;
  f.stack.web(0).host().stop();
  f.run_for(SimTime::seconds(20));
  const std::string out =
      f.out("lb", "awk '{print $9}' /var/log/nginx/access.log | sort | uniq -c | sort -rn");
  INFO(out);
  CHECK(contains(out, " 502\n"));
  CHECK(contains(out, " 200\n"));
  const std::string errors =
      f.out("lb", "awk '$9 >= 500 {print $9}' /var/log/nginx/access.log | sort -u");
  CHECK_FALSE(contains(errors, "200"));
  CHECK(contains(f.out("lb", "cut -d' ' -f9 /var/log/nginx/access.log | sort -u"), "502"));
}

TEST_CASE("console: head, tail and wc count lines of a log", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::minutes(5));
  const int total = std::stoi(f.out("web-1", "wc -l < /var/log/syslog"));
  CHECK(total > 3);
  CHECK(lines_of(f.out("web-1", "tail -n 3 /var/log/syslog")).size() == 3);
  CHECK(lines_of(f.out("web-1", "head -2 /var/log/syslog")).size() == 2);
  CHECK(lines_of(f.out("web-1", "tail -n +2 /var/log/syslog")).size() ==
        static_cast<size_t>(total - 1));
  const std::string both = f.out("web-1", "tail -n 1 /var/log/syslog /var/log/kern.log");
  CHECK(both.starts_with("==> /var/log/syslog <==\n"));
  CHECK(contains(both, "\n\n==> /var/log/kern.log <==\n"));
}

TEST_CASE("console: ls lists the host's log directory", "[console]") {
  ConsoleFixture f;
  const std::string logs = f.out("web-1", "ls -1 /var/log");
  CHECK(contains(logs, "nginx\n"));
  CHECK(contains(logs, "syslog\n"));
  CHECK(contains(f.out("web-1", "ls -l /var/log/nginx"), " www-data adm "));
  CHECK(f.run("web-1", "ls /nope").output ==
        "ls: cannot access '/nope': No such file or directory\n");
  const uint32_t pid = f.stack.web(0).host().pid();
  const std::string fds = f.out("web-1", "ls /proc/" + std::to_string(pid) + "/fd | wc -l");
  CHECK(std::stoul(fds) == f.stack.web(0).host().fds_in_use());
}
