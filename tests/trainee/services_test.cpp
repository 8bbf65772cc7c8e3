// systemctl and journalctl: the service's live state as systemd 252 shows it, restarts
// requested rather than performed, the journal read back from the host's logs.
#include <regex>

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "console_test_util.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("console: systemctl status shows a healthy nginx running since boot", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(10));
  const CommandResult r = f.run("web-1", "systemctl status nginx");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  const std::vector<std::string> lines = lines_of(r.output);
  REQUIRE(lines.size() > 8);
  CHECK(lines[0] == "● nginx.service - A high performance web server and a reverse proxy server");
  CHECK(lines[1] ==
        "     Loaded: loaded (/lib/systemd/system/nginx.service; enabled; preset: enabled)");
  CHECK(std::regex_match(
      lines[2],
      std::regex(
          R"(     Active: active \(running\) since \w{3} 2024-\d\d-\d\d \d\d:\d\d:\d\d EST; (\d+ weeks? \d+ days?|\d+ days|\d+ months? \d+ days?) ago)")));
  CHECK(contains(r.output, fmt::format("   Main PID: {} (nginx)", f.stack.web(0).host().pid())));
  CHECK(contains(r.output, "     CGroup: /system.slice/nginx.service"));
  CHECK(contains(r.output, "\"nginx: worker process\""));
  CHECK(r.touched.service == "nginx");
  CHECK(r.touched.topic == "service");
}

TEST_CASE("console: systemctl status shows an OOM-killed nginx waiting for its automatic restart",
          "[console]") {
  ConsoleFixture f;
  f.stack.web(1).host().set_memory_leak(600);
  f.run_for(SimTime::seconds(302));  // killed at 300 s; systemd restarts it 5 s later
  const CommandResult r = f.run("web-2", "systemctl status nginx");
  INFO(r.output);
  CHECK(r.exit_code == 3);
  CHECK(contains(r.output,
                 "     Active: activating (auto-restart) (Result: oom-kill) since Fri "
                 "2024-02-16 13:45:00 EST; 2s ago"));
  CHECK(contains(r.output, "(code=killed, signal=KILL)"));
  CHECK(contains(r.output,
                 "nginx.service: A process of this unit has been killed by the OOM killer."));
  CHECK(f.run("web-2", "systemctl is-active nginx").output == "activating\n");
}

TEST_CASE("console: systemctl status shows an OOM-killed nginx as restarted by systemd",
          "[console]") {
  ConsoleFixture f;
  f.stack.web(1).host().set_memory_leak(600);
  f.run_for(SimTime::seconds(330));
  const CommandResult r = f.run("web-2", "systemctl status nginx");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  // Restarted 5 s after the kill and up 3 s later: running since 13:45:08.
  CHECK(contains(r.output,
                 "     Active: active (running) since Fri 2024-02-16 13:45:08 EST; 22s ago"));
  CHECK(contains(r.output, fmt::format("   Main PID: {} (nginx)", f.stack.web(1).host().pid())));
  CHECK(contains(r.output,
                 "web-2 systemd[1]: nginx.service: A process of this unit has been killed "
                 "by the OOM killer."));
  CHECK(contains(r.output, "nginx.service: Failed with result 'oom-kill'."));
  CHECK(contains(r.output, "nginx.service: Scheduled restart job, restart counter is at 1."));
  CHECK(contains(r.output, "Feb 16 13:45:08 web-2 systemd[1]: Started nginx.service"));
}

TEST_CASE("console: an OOM-killed nginx whose restart was cancelled is failed (Result: oom-kill)",
          "[console]") {
  ConsoleFixture f;
  f.stack.web(1).host().set_memory_leak(600);
  f.run_for(SimTime::seconds(302));
  f.stack.web(1).host().stop();  // cancels systemd's pending restart
  f.run_for(SimTime::seconds(60));
  const CommandResult r = f.run("web-2", "systemctl status nginx");
  INFO(r.output);
  CHECK(lines_of(r.output)[0].starts_with("× nginx.service"));
  CHECK(contains(r.output,
                 "     Active: failed (Result: oom-kill) since Fri 2024-02-16 13:45:00 "
                 "EST; 1min 2s ago"));
  CHECK(r.exit_code == 3);
  CHECK(f.run("web-2", "systemctl is-failed nginx").output == "failed\n");
  CHECK(contains(f.out("web-2", "systemctl --failed"), "● nginx.service"));
  CHECK(f.run("web-2", "curl -sI localhost/health").exit_code == 7);
}

TEST_CASE("console: journalctl -u nginx and tail kern.log show the OOM kill", "[console]") {
  ConsoleFixture f;
  f.stack.web(0).host().set_memory_leak(600);
  f.run_for(SimTime::seconds(320));
  const std::string journal = f.out("web-1", "journalctl -u nginx --no-pager");
  CHECK(contains(journal,
                 "Feb 16 13:45:00 web-1 systemd[1]: nginx.service: A process of this unit "
                 "has been killed by the OOM killer."));
  CHECK_FALSE(contains(journal, "logrotate"));  // other units' lines are not nginx's
  CHECK(lines_of(f.out("web-1", "journalctl -u nginx -n 2")).size() == 2);
  const std::string kern = f.out("web-1", "tail /var/log/kern.log");
  CHECK(contains(kern, "Out of memory: Killed process"));
  CHECK(contains(kern, "(nginx)"));
  const std::string kernel_journal = f.out("web-1", "journalctl -k");
  CHECK(contains(kernel_journal, "web-1 kernel: Out of memory: Killed process"));
  CHECK(contains(f.out("web-1", "dmesg -T"), "] Out of memory: Killed process"));
  CHECK(f.out("web-2", "journalctl -k") == "-- No entries --\n");
}

TEST_CASE("console: journalctl --since keeps the recent entries only", "[console]") {
  ConsoleFixture f;
  f.stack.web(0).host().set_memory_leak(600);
  f.run_for(SimTime::minutes(20));
  const std::string all = f.out("web-1", "journalctl -u nginx");
  const std::string recent = f.out("web-1", "journalctl -u nginx --since '3 min ago'");
  CHECK(lines_of(recent).size() < lines_of(all).size());
  CHECK(f.out("web-1", "journalctl -u nginx --since 13:59") ==
        f.out("web-1", "journalctl -u nginx --since '2024-02-16 13:59:00'"));
  CHECK(f.run("web-1", "journalctl --since tomorrowish").exit_code == 1);
}

TEST_CASE("console: systemctl restart prints nothing and asks the engine for the restart",
          "[console]") {
  ConsoleFixture f;
  const uint32_t pid = f.stack.web(0).host().pid();
  const CommandResult r = f.run("web-1", "sudo systemctl restart nginx.service");
  CHECK(r.output.empty());
  CHECK(r.exit_code == 0);
  REQUIRE(r.action);
  CHECK(r.action->action == "restart_service");
  CHECK(r.action->host == "web-1");
  CHECK(r.action->service == "nginx");
  CHECK(f.stack.web(0).host().pid() == pid);  // the console changed nothing
  CHECK(f.stack.web(0).host().state() == ProcessState::kRunning);

  const CommandResult stop = f.run("db", "systemctl stop postgresql");
  REQUIRE(stop.action);
  CHECK(stop.action->action == "stop_service");
  CHECK(stop.action->service == "postgresql");
  CHECK_FALSE(f.run("web-1", "systemctl start nginx").action);  // already running
}

TEST_CASE("console: systemctl on a unit the host does not have answers as systemd does",
          "[console]") {
  ConsoleFixture f;
  const CommandResult status = f.run("web-1", "systemctl status mysql");
  CHECK(status.output == "Unit mysql.service could not be found.\n");
  CHECK(status.exit_code == 4);
  const CommandResult restart = f.run("web-1", "systemctl restart postgresql");
  CHECK(restart.output ==
        "Failed to restart postgresql.service: Unit postgresql.service not found.\n");
  CHECK(restart.exit_code == 5);
  CHECK_FALSE(restart.action);
}

TEST_CASE("console: a stopped service is inactive (dead) and listed as such", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(60));
  f.stack.web(0).host().stop();
  f.run_for(SimTime::seconds(30));
  const CommandResult r = f.run("web-1", "systemctl status nginx");
  INFO(r.output);
  CHECK(lines_of(r.output)[0].starts_with("○ nginx.service"));
  CHECK(contains(r.output,
                 "     Active: inactive (dead) since Fri 2024-02-16 13:41:00 EST; 30s ago"));
  CHECK(contains(r.output, "Stopped nginx.service - A high performance web server"));
  CHECK(r.exit_code == 3);
  CHECK(f.run("web-1", "systemctl is-active nginx").exit_code == 3);
  const std::string units = f.out("web-1", "systemctl list-units --type=service");
  CHECK(contains(line_with(units, "nginx.service"), "inactive dead"));
  CHECK(contains(f.out("web-1", "systemctl --failed"), "0 loaded units listed."));
}

TEST_CASE("console: the database's unit answers to its usual names", "[console]") {
  ConsoleFixture f;
  for (const char* name : {"postgresql", "postgresql@15-main", "postgresql@15-main.service"}) {
    const std::string out = f.out("db", std::string("systemctl status ") + name);
    CHECK(lines_of(out)[0] == "● postgresql@15-main.service - PostgreSQL Cluster 15-main");
  }
  CHECK(contains(f.out("db", "systemctl status ssh"), "OpenBSD Secure Shell server"));
}

TEST_CASE("console: kill of the service's main process and reboot ask the engine", "[console]") {
  ConsoleFixture f;
  const std::string pid = std::to_string(f.stack.web(0).host().pid());
  const CommandResult k = f.run("web-1", "kill -9 " + pid);
  CHECK(k.output.empty());
  REQUIRE(k.action);
  CHECK(k.action->action == "restart_service");
  CHECK(k.action->params.at("signal") == "KILL");
  CHECK(f.run("web-1", "kill 99999").output == "bash: kill: (99999) - No such process\n");
  CHECK_FALSE(f.run("web-1", "kill -HUP " + pid).action);  // nginx reloads; nothing to do
  const CommandResult r = f.run("db", "reboot");
  REQUIRE(r.action);
  CHECK(r.action->action == "reboot_host");
  CHECK(r.action->host == "db");
  CHECK(f.stack.db().host().state() == ProcessState::kRunning);
}
