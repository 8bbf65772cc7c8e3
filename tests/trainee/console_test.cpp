// The shell itself: splitting a line like bash, pipelines, sudo, cd, unknown commands and
// hosts, scenario-defined commands and files, help.
#include <catch2/catch.hpp>

#include "console_test_util.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("console: a line splits into words as bash splits it", "[console]") {
  const ParsedLine p = parse_command_line(R"(grep -i "Too many"  '/var/log/x y' a\ b "q\"t")");
  REQUIRE(p.error.empty());
  REQUIRE(p.stages.size() == 1);
  CHECK(p.stages[0].argv ==
        std::vector<std::string>{"grep", "-i", "Too many", "/var/log/x y", "a b", "q\"t"});
}

TEST_CASE("console: an unquoted bar starts a pipeline stage, a quoted one does not", "[console]") {
  const ParsedLine p = parse_command_line(R"(grep -E "500|502" log | wc -l 2>/dev/null)");
  REQUIRE(p.stages.size() == 2);
  CHECK(p.stages[0].argv == std::vector<std::string>{"grep", "-E", "500|502", "log"});
  CHECK(p.stages[1].argv == std::vector<std::string>{"wc", "-l"});
  CHECK(p.stages[1].drop_stderr);
}

TEST_CASE("console: an unterminated quote and a dangling bar are bash syntax errors", "[console]") {
  CHECK(parse_command_line("echo \"oops").error ==
        "bash: unexpected EOF while looking for matching `\"'");
  CHECK(parse_command_line("ls |").error == "bash: syntax error near unexpected token `|'");
  CHECK(parse_command_line("| ls").error == "bash: syntax error near unexpected token `|'");
  CHECK(parse_command_line("echo 'x").error_exit_code == 2);
}

TEST_CASE("console: two commands on one line are refused, so output never predates an action",
          "[console]") {
  ConsoleFixture f;
  const CommandResult r = f.run("web-1", "systemctl restart nginx && systemctl status nginx");
  CHECK(r.exit_code == 2);
  CHECK(contains(r.output, "one command per line"));
  CHECK_FALSE(r.action);
}

TEST_CASE("console: an unknown command answers like bash with exit code 127", "[console]") {
  ConsoleFixture f;
  const CommandResult r = f.run("web-1", "foo --bar");
  CHECK(r.output == "bash: foo: command not found\n");
  CHECK(r.exit_code == 127);
  CHECK(r.touched.host == "web-1");
  CHECK(f.run("web-1", "./deploy.sh").output == "bash: ./deploy.sh: No such file or directory\n");
  CHECK(f.run("web-1", "").exit_code == 0);
}

TEST_CASE("console: an unknown host answers as ssh would", "[console]") {
  ConsoleFixture f;
  const CommandResult r = f.run("web-9", "uptime");
  CHECK(r.exit_code == 255);
  CHECK(r.output == "ssh: Could not resolve hostname web-9: Name or service not known\n");
}

TEST_CASE("console: sudo is accepted in front of any command", "[console]") {
  ConsoleFixture f;
  CHECK(f.out("db", "sudo -u postgres whoami") == "root\n");
  CHECK(f.run("db", "sudo").exit_code == 1);
}

TEST_CASE("console: cd changes the working directory that relative paths use", "[console]") {
  ConsoleFixture f;
  CHECK(f.console.prompt("web-1") == "root@web-1:~# ");
  CHECK(f.out("web-1", "cd /var/log/nginx").empty());
  CHECK(f.out("web-1", "pwd") == "/var/log/nginx\n");
  CHECK(f.console.prompt("web-1") == "root@web-1:/var/log/nginx# ");
  CHECK(f.run("web-1", "tail -n 1 error.log").exit_code == 0);
  CHECK(f.out("web-2", "pwd") == "/root\n");  // every host has its own shell
  const CommandResult r = f.run("web-1", "cd /nope");
  CHECK(r.output == "bash: cd: /nope: No such file or directory\n");
  CHECK(r.exit_code == 1);
  f.out("web-1", "cd ..");
  CHECK(f.out("web-1", "pwd") == "/var/log\n");
}

TEST_CASE("console: a pipeline feeds each stage's output to the next, errors go to the screen",
          "[console]") {
  ConsoleFixture f;
  CHECK(f.out("web-1", "echo one two | wc -w") == "2\n");
  const CommandResult r = f.run("web-1", "cat /nope | wc -l");
  CHECK(r.output == "cat: /nope: No such file or directory\n0\n");
  CHECK(r.exit_code == 0);  // the last stage's status, as in bash
  CHECK(f.out("web-1", "cat /nope 2>&1 | wc -l") == "1\n");
  CHECK(f.run("web-1", "echo hi > /tmp/x").output == "bash: /tmp/x: Read-only file system\n");
}

TEST_CASE("console: a scenario command for one host wins over one for every host and the built-in",
          "[console]") {
  ConsoleFixture f;
  f.console.set_command(Console::kAllHosts, "uptime", [](const std::vector<std::string>&) {
    return CommandResult{"everywhere\n", 0, {}, {}, true};
  });
  f.console.set_command("web-1", "uptime", [](const std::vector<std::string>& argv) {
    return CommandResult{"web-1 only " + std::to_string(argv.size()) + "\n", 0, {}, {}, true};
  });
  CHECK(f.out("web-1", "uptime -p") == "web-1 only 2\n");
  CHECK(f.out("web-2", "uptime") == "everywhere\n");
  f.console.remove_command(Console::kAllHosts, "uptime");
  CHECK(contains(f.out("web-2", "uptime"), "load average"));
}

TEST_CASE("console: a scenario command may pass a call on to the built-in", "[console]") {
  ConsoleFixture f;
  f.console.set_command("lb", "curl", [](const std::vector<std::string>& argv) {
    if (argv.back() != "http://vendor.example/status") return CommandResult::not_handled();
    return CommandResult{"{\"status\":\"degraded\"}\n", 0, {}, {}, true};
  });
  CHECK(f.out("lb", "curl -s http://vendor.example/status") == "{\"status\":\"degraded\"}\n");
  f.run_for(SimTime::seconds(5));
  CHECK(f.out("lb", "curl -s -o /dev/null -w '%{http_code}' localhost/") == "200");
}

TEST_CASE("console: scenario commands extend the shell and show in help", "[console]") {
  StackConfig c = console_stack();
  c.cache.enabled = true;
  ConsoleFixture f(c);
  f.console.set_command("cache", "redis-cli", [](const std::vector<std::string>& argv) {
    return CommandResult{argv.size() > 1 && argv[1] == "ping" ? "PONG\n" : "\n", 0, {}, {}, true};
  });
  CHECK(f.out("cache", "redis-cli ping") == "PONG\n");
  CHECK(f.run("web-1", "redis-cli ping").exit_code == 127);
  CHECK(contains(f.out("cache", "help"), "Also on this host: redis-cli"));
  CHECK(f.out("cache", "redis-cli ping | wc -l") == "1\n");
}

TEST_CASE("console: a scenario file replaces a built-in one and new files can be read",
          "[console]") {
  ConsoleFixture f;
  int reads = 0;
  f.console.set_file("web-2", "/etc/app/app.env", [&] {
    ++reads;
    return std::string("DB_POOL_SIZE=2\n");
  });
  f.console.set_file(Console::kAllHosts, "/var/log/deploy.log",
                     [] { return std::string("deploy v1.4.2 started\ndeploy v1.4.2 done\n"); });
  CHECK(f.out("web-2", "cat /etc/app/app.env") == "DB_POOL_SIZE=2\n");
  CHECK(reads == 1);
  CHECK(contains(f.out("web-1", "cat /etc/app/app.env"), "DB_POOL_SIZE=16"));
  CHECK(f.out("db", "grep -c done /var/log/deploy.log") == "1\n");
  CHECK(contains(f.out("db", "ls /var/log"), "deploy.log"));
  const CommandResult r = f.run("lb", "tail -n 1 /var/log/deploy.log");
  CHECK(r.output == "deploy v1.4.2 done\n");
  CHECK(r.touched.files == std::vector<std::string>{"/var/log/deploy.log"});
  CHECK(r.touched.topic == "logs");
}

TEST_CASE("console: help lists the built-in commands", "[console]") {
  ConsoleFixture f;
  const std::string help = f.out("web-1", "help");
  for (const char* name : {"top", "free", "df", "systemctl", "journalctl", "tail", "grep", "curl",
                           "ss", "psql", "ulimit"}) {
    CHECK(contains(help, std::string("  ") + name + " "));
  }
  const std::vector<std::string> names = Console::builtin_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
}

TEST_CASE("console: running commands leaves the simulation exactly as it would have been",
          "[console]") {
  ConsoleFixture watched;
  ConsoleFixture alone;
  for (ConsoleFixture* f : {&watched, &alone}) f->stack.web(0).host().set_memory_leak(600);
  const char* battery[] = {"top -b",
                           "ps aux",
                           "free -m",
                           "df -h",
                           "uptime",
                           "ss -s",
                           "ss -tanp",
                           "systemctl status nginx",
                           "journalctl -u nginx",
                           "tail -n 50 /var/log/syslog",
                           "grep -c error /var/log/nginx/error.log",
                           "curl -sI localhost/health",
                           "curl -s http://web-2/",
                           "cat /etc/nginx/sites-enabled/default",
                           "ls -l /var/log",
                           "systemctl restart nginx"};
  for (int minute = 1; minute <= 8; ++minute) {
    for (ConsoleFixture* f : {&watched, &alone}) f->run_for(SimTime::minutes(1));
    for (const char* host : {"web-1", "lb"}) {
      for (const char* line : battery) watched.run(host, line);
    }
    watched.run("db", "psql -c \"select * from pg_stat_activity\"");
  }
  CHECK(watched.sim.digest() == alone.sim.digest());
  CHECK(watched.sim.events_processed() == alone.sim.events_processed());
  CHECK(watched.logs.store().last_seq() == alone.logs.store().last_seq());
  CHECK(watched.stack.web(0).host().restarts() == alone.stack.web(0).host().restarts());
}
