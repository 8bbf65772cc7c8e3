// The trainee's scripted world: escalation teams and their replies, stakeholders, the coach's
// hints, scenario commands and files on the console, and the autopilot's moves.
#include <catch2/catch.hpp>

#include "scenario_test_util.h"

using namespace firedrill;
using namespace firedrill::script;
using firedrill::script::testing::base_scenario;
using firedrill::script::testing::base_scenario_with;
using firedrill::script::testing::ScenarioDrill;

namespace {

void escalate(ScenarioDrill& d, const std::string& team, const std::string& message) {
  d.drill->journal().write("trainee", "trainee.escalate", {{"team", team}, {"message", message}});
}

}  // namespace

TEST_CASE("scenario world: a team replies after its delay", "[scenario][world]") {
  ScenarioDrill d(
      base_scenario_with("team { id = 'dba', name = 'DBA on call', delay = '4m', "
                         "reply = 'It is the nightly job.' }\n"));
  d.run_to(SimTime::minutes(2));
  escalate(d, "dba", "is the db ok?");
  d.run_to(SimTime::minutes(10));
  const auto replies = d.records("team.reply");
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].t == SimTime::minutes(6));
  CHECK(replies[0].fields["team"] == "dba");
  CHECK(replies[0].fields["name"] == "DBA on call");
  CHECK(replies[0].fields["text"] == "It is the nightly job.");
  CHECK(d.runtime->escalated_to("dba"));
}

TEST_CASE("scenario world: a team's reply function sees the message and may set the delay",
          "[scenario][world]") {
  ScenarioDrill d(base_scenario_with(R"(team { id = "net", name = "Network", delay = "10m",
  reply = function(message)
    if message:find("urgent") then return "on it", 30 end
    return "we'll look after lunch"
  end }
)"));
  escalate(d, "net", "urgent: packet loss");
  escalate(d, "net", "when you have time");
  escalate(d, "nobody", "hello?");  // an unknown team does not answer
  d.run_to(SimTime::minutes(15));
  const auto replies = d.records("team.reply");
  REQUIRE(replies.size() == 2);
  CHECK(replies[0].t == SimTime::seconds(30));
  CHECK(replies[0].fields["text"] == "on it");
  CHECK(replies[1].t == SimTime::minutes(10));
}

TEST_CASE("scenario world: a hint is given when its condition holds, not before its time",
          "[scenario][world]") {
  ScenarioDrill d(
      base_scenario_with(R"(hint { id = "db", after = "2m", text = "look at the database",
  when = function() return commands("db") == 0 and actions("db") == 0 end }
hint { id = "web", after = "1m", text = "look at the web servers",
  when = function() return escalated("dba") end }
hint { id = "plain", after = "3m", text = "read the runbook" }
)"));
  d.run_to(SimTime::minutes(5));
  const auto hints = d.records("hint.given");
  REQUIRE(hints.size() == 2);
  CHECK(hints[0].fields["id"] == "db");
  CHECK(hints[0].t == SimTime::minutes(2));
  CHECK(hints[1].fields["id"] == "plain");
  CHECK(hints[1].t == SimTime::minutes(3));
}

TEST_CASE("scenario world: a hint's condition sees the responder's activity", "[scenario][world]") {
  ScenarioDrill d(
      base_scenario_with(R"(hint { id = "db", after = "2m", text = "look at the database",
  when = function() return commands("db") == 0 end }
)"));
  d.run_to(SimTime::minutes(1));
  d.drill->journal().write("trainee", "trainee.command", {{"host", "db"}, {"command", "top"}});
  d.run_to(SimTime::minutes(5));
  CHECK(d.records("hint.given").empty());
  CHECK(d.runtime->commands_on("db") == 1);
  CHECK(d.runtime->commands_on("web-*") == 0);
}

TEST_CASE("scenario world: asking for a hint gives the next one that is due", "[scenario][world]") {
  ScenarioDrill d(base_scenario_with(
      R"(hint { id = "first", after = "1m", text = "one", when = function() return false end }
hint { id = "second", after = "1m", text = "two", when = function() return false end }
hint { id = "later", after = "10m", text = "three" }
)"));
  d.run_to(SimTime::minutes(2));
  d.drill->journal().write("trainee", "trainee.hint", {{"topic", "stuck"}});
  d.drill->journal().write("trainee", "trainee.hint", {{"topic", "still stuck"}});
  d.drill->journal().write("trainee", "trainee.hint", {{"topic", "more"}});
  const auto hints = d.records("hint.given");
  REQUIRE(hints.size() == 2);
  CHECK(hints[0].fields["id"] == "first");
  CHECK(hints[1].fields["id"] == "second");
}

TEST_CASE("scenario world: stakeholders write at their time or when their condition holds",
          "[scenario][world]") {
  ScenarioDrill d(base_scenario_with(
      R"(stakeholder { from = "support", name = "Lena", channel = "slack", at = "2m", text = "tickets!" }
stakeholder { from = "customer", name = "@bob", channel = "twitter", at = "1m", text = "down?" }
stakeholder { from = "manager", name = "Tom", at = "1m",
  when = function() return now() >= 200 end,
  text = function() return string.format("ETA? it is %s", clock()) end }
)"));
  d.run_to(SimTime::minutes(5));
  const auto messages = d.records("stakeholder.message");
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].t == SimTime::minutes(2));
  CHECK(messages[0].fields["from"] == "Lena");
  CHECK(messages[0].fields["role"] == "support");
  CHECK(messages[1].t == SimTime::seconds(200));
  CHECK(messages[1].fields["text"] == "ETA? it is 14:03:20");
  const auto reports = d.records("customer.report");
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].fields["from"] == "@bob");
  CHECK(reports[0].fields["channel"] == "twitter");
}

TEST_CASE("scenario world: scenario commands answer on their hosts and fall back on nil",
          "[scenario][world]") {
  ScenarioDrill d(
      base_scenario_with(R"(command { host = "web-*", name = "nginx", output = function(host, flag)
  if flag ~= "-t" then return nil end
  return "nginx: configuration file /etc/nginx/nginx.conf test is successful on " .. host
end }
command { host = "web-2", name = "nginx", output = "web-2 is special", exit = 1 }
file { host = "web-*", path = "/etc/limits.conf", content = function(host)
  return "LimitNOFILE=" .. host(host).config.nofile
end }
)"));
  d.run_to(SimTime::minutes(1));
  const auto t = d.runtime->run_command("web-1", {"nginx", "-t"});
  REQUIRE(t);
  CHECK(t->output ==
        "nginx: configuration file /etc/nginx/nginx.conf test is successful on web-1\n");
  CHECK(t->exit_code == 0);
  CHECK_FALSE(d.runtime->run_command("web-1", {"nginx", "-V"}));  // nil: the built-in answers
  CHECK_FALSE(d.runtime->run_command("db", {"nginx", "-t"}));     // not declared there
  const auto special = d.runtime->run_command("web-2", {"nginx", "-t"});
  REQUIRE(special);
  CHECK(special->output == "web-2 is special\n");
  CHECK(special->exit_code == 1);
  // `host` the argument shadows host() the function: the error is reported, the file falls back
  CHECK_FALSE(d.runtime->read_file("web-1", "/etc/limits.conf"));
  REQUIRE(d.errors.size() == 1);
  CHECK_THAT(d.errors[0].message, Catch::Contains("attempt to call a string value"));
}

TEST_CASE(
    "scenario world: scenario commands and files are on the trainee's console, ahead of "
    "the built-ins",
    "[scenario][world]") {
  ScenarioDrill d(base_scenario_with(
                      R"lua(command { host = "web-*", name = "ulimit", output = function(host, flag)
  if flag == "-n" then return "4096 (scenario)" end
end }
file { host = "web-1", path = "/etc/motd", content = "Welcome to web-1" }
autopilot { { at = "1m", inspect = "ulimit -n", host = "web-2" } }
)lua"),
                  /*autopilot=*/true, "test.lua", /*with_console=*/true);
  d.run_to(SimTime::minutes(2));
  CHECK(d.console->run("web-1", "ulimit -n").output == "4096 (scenario)\n");
  CHECK(d.console->run("web-1", "ulimit -a").output.find("open files") != std::string::npos);
  CHECK(d.console->run("db", "ulimit -n").output == "65536\n");  // the built-in
  CHECK(d.console->run("web-1", "cat /etc/motd").output == "Welcome to web-1\n");
  const auto commands = d.records("trainee.command");
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].fields["host"] == "web-2");
  CHECK(commands[0].fields["touched"]["component"] == "web-2");
}

TEST_CASE("scenario world: a scenario file follows live state", "[scenario][world]") {
  ScenarioDrill d(base_scenario_with(
      R"(file { host = "web-*", path = "/etc/limits.conf", content = function(name)
  return "LimitNOFILE=" .. host(name).config.nofile
end }
)"));
  d.run_to(SimTime::minutes(1));
  CHECK(d.runtime->read_file("web-1", "/etc/limits.conf") == "LimitNOFILE=65536\n");
  REQUIRE(d.drill->perform({"set_config", "web-1", {{"key", "nofile"}, {"value", "2048"}}}).ok);
  CHECK(d.runtime->read_file("web-1", "/etc/limits.conf") == "LimitNOFILE=2048\n");
  CHECK_FALSE(d.runtime->read_file("web-1", "/etc/other.conf"));
}

TEST_CASE("scenario world: the autopilot's moves are journalled as a responder's, marked autopilot",
          "[scenario][world]") {
  ScenarioDrill d(
      base_scenario_with(R"(team { id = "dba", name = "DBA", delay = "1m", reply = "ok" }
command { host = "db", name = "top", output = "postgres 300%" }
autopilot {
  { at = "1m", inspect = "top -b -n 1", host = "db" },
  { after = "10s", hypothesis = "the db is busy", misleading = true },
  { after = "10s", action = "restart_service", target = "web-*", why = "try a restart" },
  { after = "10s", escalate = "dba", message = "help" },
  { after = "10s", status = "investigating", audience = "support" },
  { after = "10s", declare = "mitigated" },
}
)"),
      /*autopilot=*/true);
  d.run_to(SimTime::minutes(5));
  const auto commands = d.records("trainee.command");
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].source == "trainee");
  CHECK(commands[0].fields["autopilot"] == true);
  CHECK(commands[0].fields["host"] == "db");
  CHECK(commands[0].fields["touched"]["component"] == "db");
  const auto notes = d.records("trainee.note");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].fields["hypothesis"] == true);
  CHECK(notes[0].fields["misleading"] == true);
  const auto actions = d.records("trainee.action");
  REQUIRE(actions.size() == 2);  // one per web server
  CHECK(actions[0].fields["target"] == "web-1");
  CHECK(actions[1].fields["target"] == "web-2");
  CHECK(actions[1].fields["autopilot"] == true);
  CHECK(actions[1].fields["why"] == "try a restart");
  CHECK(d.records("trainee.escalate").size() == 1);
  CHECK(d.records("team.reply").size() == 1);  // the autopilot's escalation is answered too
  CHECK(d.records("trainee.status").size() == 1);
  CHECK(d.records("trainee.declare").at(0).fields["state"] == "mitigated");
  CHECK(d.runtime->autopilot_steps_done() == 6);
}

TEST_CASE("scenario world: without the autopilot option its moves are not played",
          "[scenario][world]") {
  ScenarioDrill d(base_scenario_with("autopilot { { at = '1m', note = 'hello' } }\n"));
  d.run_to(SimTime::minutes(2));
  CHECK(d.records("trainee.note").empty());
}

TEST_CASE("scenario world: scenario.meta tells the reporter the ground truth",
          "[scenario][world]") {
  ScenarioDrill d(base_scenario_with(R"(fault { id = "slow", kind = "slow_queries", at = "1m" }
fix { action = "kill_queries", targets = "db", repairs = "slow" }
measure { text = "add an index" }
)"));
  const auto meta = d.records("scenario.meta");
  REQUIRE(meta.size() == 1);
  CHECK(meta[0].t == SimTime());
  CHECK(meta[0].fields["id"] == "test-scenario");
  CHECK(meta[0].fields["root_cause"] == "r");
  CHECK(meta[0].fields["root_cause_components"] == nlohmann::json::array({"db"}));
  CHECK(meta[0].fields["fix_actions"] ==
        nlohmann::json::array({{{"action", "kill_queries"}, {"target", "db"}}}));
  CHECK(meta[0].fields["corrective_measures"] == nlohmann::json::array({"add an index"}));
  CHECK(meta[0].fields["stack"]["web_servers"] == 2);
}
