// The hosts behind the symptoms: the drill's logs name the stack's own hosts (db-replica, not
// "replica") with their configured memory, and a process has the same pid in the log lines
// as in the console's ps and systemctl — before and after a restart.
#include <cstdlib>
#include <set>

#include "fault_symptoms_test_util.h"
#include "sim/trainee/console.h"

using namespace firedrill;
using symptoms::SymptomDrill;

namespace {
// The pid of an nginx error-log line: "2024/02/16 14:03:07 [crit] 1139#1139: ...".
uint32_t nginx_line_pid(const std::string& line) {
  const size_t bracket = line.find("] ");
  return bracket == std::string::npos
             ? 0
             : static_cast<uint32_t>(std::strtoul(line.c_str() + bracket + 2, nullptr, 10));
}
}  // namespace

TEST_CASE("fault symptoms: the logs know the stack's hosts by their names and memory",
          "[faults][symptoms][hosts]") {
  DrillSpec spec = symptoms::symptom_spec();
  spec.stack.web.count = 3;
  spec.stack.web_host.memory_mb = 4096;
  spec.stack.db.replica = true;
  spec.stack.cache.enabled = true;
  SymptomDrill s(spec);
  std::set<std::string> log_hosts;
  for (const LogHost* h : s.drill().logs().hosts()) log_hosts.insert(h->name);
  for (const auto& host : s.stack().hosts()) {
    INFO(host->name());
    CHECK(log_hosts.count(host->name()) == 1);
    for (const LogHost* h : s.drill().logs().hosts()) {
      if (h->name == host->name()) CHECK(h->memory_mb == host->memory_total_mb());
    }
  }
  CHECK(log_hosts.size() == s.stack().hosts().size());
  CHECK(log_hosts.count("replica") == 0);
  for (const LogHost* h : s.drill().logs().hosts()) {
    if (h->name == "db-replica") CHECK(h->ip == "10.0.2.11");
  }
  // The OOM killer's figures follow the host's 4 GB, not a default 8 GB.
  auto leak = s.inject("memory_leak", {"web-3"}, {{"mb_per_min", 1000.0}});
  s.run_to(300);
  const std::string killed = s.first("web-3", log_path::kKern, "Out of memory: Killed process");
  REQUIRE_FALSE(killed.empty());
  const size_t rss = killed.find("anon-rss:");
  REQUIRE(rss != std::string::npos);
  const double anon_rss_kb = std::atof(killed.c_str() + rss + 9);
  CHECK(anon_rss_kb > 0.8 * 4096 * 1024);
  CHECK(anon_rss_kb < 4096 * 1024);
  leak->clear(s.stack());
}

TEST_CASE(
    "fault symptoms: a process has the same pid in the logs as in ps and systemctl, and a "
    "restart changes it in both",
    "[faults][symptoms][hosts]") {
  SymptomDrill s;
  Console console(s.stack(), s.drill().logs());
  s.run_to(60);
  const uint32_t first = s.stack().host("web-1")->pid();
  CHECK(console.run("web-1", "systemctl status nginx")
            .output.find("Main PID: " + std::to_string(first) + " (nginx)") != std::string::npos);
  auto crash = s.inject("crash", {"web-1"});
  CHECK(s.first("web-1", log_path::kKern, "segfault at 0")
            .find("nginx[" + std::to_string(first) + "]: segfault") != std::string::npos);
  s.run_to(120);
  crash->clear(s.stack());
  const uint32_t second = s.stack().host("web-1")->pid();
  REQUIRE(second != first);
  CHECK(console.run("web-1", "systemctl status nginx")
            .output.find("Main PID: " + std::to_string(second) + " (nginx)") != std::string::npos);

  // The new process's workers write the error log under pids that ps lists as its workers.
  auto fds = s.inject("fd_exhaustion", {"web-1"}, {{"nofile", 70.0}});
  s.run_to(150);
  const auto crit = s.lines("web-1", log_path::kNginxError, "Too many open files", 120);
  REQUIRE_FALSE(crit.empty());
  const uint32_t worker = nginx_line_pid(crit.back().text);
  CHECK(worker > second);
  CHECK(worker <= second + 4);
  const std::string ps = console.run("web-1", "ps aux").output;
  bool listed = false;
  size_t at = 0;
  while ((at = ps.find("\n", at)) != std::string::npos) {
    const size_t end = ps.find('\n', at + 1);
    const std::string row = ps.substr(at + 1, end == std::string::npos ? end : end - at - 1);
    if (row.find(" " + std::to_string(worker) + " ") != std::string::npos &&
        row.find("nginx: worker process") != std::string::npos)
      listed = true;
    at = end;
  }
  CHECK(listed);
  fds->clear(s.stack());

  // The database's postmaster announces itself under the pid the console shows.
  auto db = s.inject("crash", {"db"});
  s.run_to(200);
  const uint32_t postmaster = s.stack().host("db")->pid();
  CHECK(s.first("db", log_path::kPostgres, "database system is ready to accept connections", 150)
            .find("[" + std::to_string(postmaster) + "]") != std::string::npos);
  db->clear(s.stack());
}
