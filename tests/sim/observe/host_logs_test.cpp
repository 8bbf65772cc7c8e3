#include "sim/observe/host_logs.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace firedrill {
namespace {

using namespace log_path;

// The scenario clock of these tests: SimTime 0 is 13:40:00 EST on 16 Feb 2024.
ScenarioClock test_clock(std::string_view zone = "America/New_York") {
  ScenarioClockResult result = ScenarioClock::create(zone, "2024-02-16 13:40:00");
  INFO(result.error);
  REQUIRE(result.ok());
  return *result.clock;
}

// 14:03:07 local when the clock starts at 13:40:00.
const SimTime kAt = SimTime::seconds(23 * 60 + 7);

HostLogsConfig quiet_config() {
  HostLogsConfig cfg;
  cfg.hosts = stack_log_hosts(4);
  return cfg;
}

RequestRecord request(SimTime finished, Outcome outcome,
                      FailureReason reason = FailureReason::kNone, int backend = 0,
                      uint32_t user = 42) {
  RequestRecord r;
  r.started = finished - SimTime::millis(1234);
  r.finished = finished;
  r.user = user;
  r.had_backend = backend >= 0;
  r.backend = static_cast<uint16_t>(backend < 0 ? 0 : backend);
  r.outcome = outcome;
  r.reason = reason;
  return r;
}

std::vector<std::string> lines(const HostLogs& logs, std::string_view host, std::string_view path) {
  std::vector<std::string> out;
  for (const LogEntry& e : logs.store().tail(host, path, 100000)) out.push_back(e.text);
  return out;
}

size_t count_containing(const HostLogs& logs, std::string_view host, std::string_view path,
                        std::string_view needle) {
  return logs.store().grep(host, path, needle).size();
}

// Every line of every file, with its file: what "byte-identical logs" compares.
std::string dump(const HostLogs& logs) {
  std::string out;
  for (const LogBuffer* b : logs.store().buffers()) {
    for (size_t i = 0; i < b->size(); ++i) {
      out += b->host() + " " + b->path() + " " + std::to_string(b->at(i).seq) + " " +
             b->at(i).text + "\n";
    }
  }
  return out;
}

TEST_CASE("host logs: every host has its role's files from the start", "[logs]") {
  Simulation sim(1);
  HostLogs logs(sim, test_clock(), quiet_config());
  CHECK(logs.store().find("lb", kNginxAccess) != nullptr);
  CHECK(logs.store().find("lb", kNginxError) != nullptr);
  CHECK(logs.store().find("web-2", kNginxError) != nullptr);
  CHECK(logs.store().find("web-2", kApp) != nullptr);
  CHECK(logs.store().find("web-2", kNginxAccess) == nullptr);
  CHECK(logs.store().find("db", kPostgres) != nullptr);
  CHECK(logs.store().find("db", kKern) != nullptr);
  CHECK(logs.store().last_seq() == 0);
  CHECK(infer_host_role("replica") == HostRole::kDatabase);
  CHECK(infer_host_role("web-7") == HostRole::kWeb);
}

TEST_CASE(
    "host logs: fd exhaustion on web-1 logs accept4() in its nginx error log and a 502 at "
    "the LB",
    "[logs]") {
  Simulation sim(7);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.on_failure("web-1", FailureReason::kTooManyOpenFiles, kAt);
  logs.on_request(request(kAt, Outcome::kBadGateway, FailureReason::kTooManyOpenFiles, 0, 42));

  const auto web_errors = lines(logs, "web-1", kNginxError);
  REQUIRE(web_errors.size() == 1);
  CHECK_THAT(web_errors[0], Catch::StartsWith("2024/02/16 14:03:07 [crit] "));
  CHECK_THAT(web_errors[0], Catch::EndsWith(": accept4() failed (24: Too many open files)"));
  CHECK(lines(logs, "web-2", kNginxError).empty());

  const auto access = lines(logs, "lb", kNginxAccess);
  REQUIRE(access.size() == 1);
  CHECK_THAT(access[0], Catch::Contains(" [16/Feb/2024:14:03:07 -0500] \""));
  CHECK_THAT(access[0], Catch::Contains(" HTTP/1.1\" 502 157 "));
  CHECK_THAT(access[0], Catch::EndsWith(" 1.234 10.0.1.11:80"));
  // The LB's own error log names the client, the request and the upstream.
  const auto lb_errors = lines(logs, "lb", kNginxError);
  REQUIRE(lb_errors.size() == 1);
  CHECK_THAT(lb_errors[0], Catch::Contains("upstream prematurely closed connection while reading "
                                           "response header from upstream, client: "));
  CHECK_THAT(lb_errors[0], Catch::Contains(", upstream: \"http://10.0.1.11:80/"));
  CHECK_THAT(lb_errors[0], Catch::EndsWith(", host: \"shop.example.com\""));
}

TEST_CASE("host logs: each proxy failure gets nginx's own wording in the LB error log", "[logs]") {
  Simulation sim(3);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.on_request(request(kAt, Outcome::kBadGateway, FailureReason::kProcessDown, 1));
  logs.on_request(request(kAt, Outcome::kGatewayTimeout, FailureReason::kUpstreamTimeout, 2));
  logs.on_request(request(kAt, Outcome::kUnavailable, FailureReason::kNoHealthyUpstream, -1));
  logs.on_request(request(kAt, Outcome::kRefused, FailureReason::kLbConnectionLimit, -1));

  const auto errors = lines(logs, "lb", kNginxError);
  REQUIRE(errors.size() == 4);
  CHECK_THAT(errors[0], Catch::Contains("[error] "));
  CHECK_THAT(errors[0], Catch::Contains("connect() failed (111: Connection refused) while "
                                        "connecting to upstream, client: "));
  CHECK_THAT(errors[0], Catch::Contains("upstream: \"http://10.0.1.12:80/"));
  CHECK_THAT(errors[1], Catch::Contains("upstream timed out (110: Connection timed out) while "
                                        "reading response header from upstream"));
  CHECK_THAT(errors[2], Catch::Contains("no live upstreams while connecting to upstream"));
  CHECK_THAT(errors[2], Catch::Contains("upstream: \"http://backend/"));
  CHECK_THAT(errors[3], Catch::Contains("[alert] "));
  CHECK_THAT(errors[3], Catch::EndsWith(": 4096 worker_connections are not enough"));

  // The refused connection was never accepted, so it has no access line.
  const auto access = lines(logs, "lb", kNginxAccess);
  REQUIRE(access.size() == 3);
  CHECK_THAT(access[1], Catch::Contains("\" 504 167 "));
  CHECK_THAT(access[2], Catch::Contains("\" 503 197 "));
  CHECK_THAT(access[2], Catch::EndsWith(" backend"));
}

TEST_CASE("host logs: a client that gave up is logged as 499 after its wait, in seconds",
          "[logs]") {
  Simulation sim(3);
  HostLogs logs(sim, test_clock(), quiet_config());
  RequestRecord r = request(kAt, Outcome::kClientTimeout, FailureReason::kNone, 3);
  r.started = kAt - SimTime::micros(30'000'999);
  logs.on_request(r);
  const auto access = lines(logs, "lb", kNginxAccess);
  REQUIRE(access.size() == 1);
  CHECK_THAT(access[0], Catch::Contains(" HTTP/1.1\" 499 0 "));
  CHECK_THAT(access[0], Catch::EndsWith(" 30.000 10.0.1.14:80"));
  CHECK(lines(logs, "lb", kNginxError).empty());  // nginx logs that at info level only
}

TEST_CASE("host logs: an OOM kill writes the kernel's line and systemd's restart lines", "[logs]") {
  Simulation sim(11);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.on_process("web-1", "php-fpm", ProcessChange::kOomKilled, kAt);
  logs.on_process("web-1", "php-fpm", ProcessChange::kStarting, kAt + SimTime::seconds(5));
  logs.on_process("web-1", "php-fpm", ProcessChange::kRunning, kAt + SimTime::seconds(8));

  const auto kern = logs.store().grep("web-1", kKern, "Out of memory: Killed process ");
  REQUIRE(kern.size() == 1);
  CHECK_THAT(kern[0].text, Catch::StartsWith("Feb 16 14:03:07 web-1 kernel: ["));
  CHECK_THAT(kern[0].text, Catch::Contains(" (php-fpm8.2) total-vm:"));
  CHECK_THAT(kern[0].text, Catch::Contains("kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:"));
  CHECK_THAT(kern[0].text, Catch::EndsWith("kB oom_score_adj:0"));
  // rsyslog also files kernel messages in syslog.
  CHECK(count_containing(logs, "web-1", kSyslog, "Out of memory: Killed process ") == 1);

  const std::vector<std::string> expected = {
      "Feb 16 14:03:07 web-1 systemd[1]: php8.2-fpm.service: A process of this unit has been "
      "killed by the OOM killer.",
      "Feb 16 14:03:07 web-1 systemd[1]: php8.2-fpm.service: Main process exited, code=killed, "
      "status=9/KILL",
      "Feb 16 14:03:07 web-1 systemd[1]: php8.2-fpm.service: Failed with result 'oom-kill'.",
      "Feb 16 14:03:12 web-1 systemd[1]: php8.2-fpm.service: Scheduled restart job, restart "
      "counter is at 1.",
      "Feb 16 14:03:12 web-1 systemd[1]: Stopped php8.2-fpm.service - The PHP 8.2 FastCGI Process "
      "Manager.",
      "Feb 16 14:03:12 web-1 systemd[1]: Starting php8.2-fpm.service - The PHP 8.2 FastCGI "
      "Process Manager...",
      "Feb 16 14:03:15 web-1 systemd[1]: Started php8.2-fpm.service - The PHP 8.2 FastCGI Process "
      "Manager.",
  };
  std::vector<std::string> systemd;
  for (const LogEntry& e : logs.store().grep("web-1", kSyslog, " systemd[1]: ")) {
    systemd.push_back(e.text);
  }
  CHECK(systemd == expected);

  // A second kill takes the new process and counts the restart on.
  logs.on_process("web-1", "php-fpm", ProcessChange::kOomKilled, kAt + SimTime::minutes(5));
  logs.on_process("web-1", "php-fpm", ProcessChange::kStarting, kAt + SimTime::minutes(5));
  const auto kills = logs.store().grep("web-1", kKern, "Out of memory: Killed process ");
  REQUIRE(kills.size() == 2);
  CHECK(kills[0].text.substr(kills[0].text.find("Killed process")) !=
        kills[1].text.substr(kills[1].text.find("Killed process")));
  CHECK(count_containing(logs, "web-1", kSyslog, "restart counter is at 2.") == 1);
}

TEST_CASE("host logs: nginx's crash and an operator's stop read as systemd writes them", "[logs]") {
  Simulation sim(11);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.on_process("lb", "nginx", ProcessChange::kCrashed, kAt);
  logs.on_process("lb", "nginx", ProcessChange::kStopped, kAt + SimTime::seconds(1));
  logs.on_process("lb", "nginx", ProcessChange::kStarting, kAt + SimTime::seconds(30));
  CHECK(count_containing(logs, "lb", kKern, "]: segfault at 0 ip ") == 1);
  CHECK(count_containing(logs, "lb", kSyslog,
                         "nginx.service: Main process exited, code=killed, status=11/SEGV") == 1);
  CHECK(count_containing(logs, "lb", kSyslog, "nginx.service: Failed with result 'signal'.") == 1);
  CHECK(count_containing(logs, "lb", kSyslog, "nginx.service: Deactivated successfully.") == 1);
  // An explicit start after a stop is not an automatic restart.
  CHECK(count_containing(logs, "lb", kSyslog, "Scheduled restart job") == 0);
  CHECK(count_containing(logs, "lb", kSyslog,
                         "Starting nginx.service - A high performance web server and a reverse "
                         "proxy server...") == 1);
}

TEST_CASE("host logs: sampling keeps every failed request and about 1 in N successes", "[logs]") {
  Simulation sim(5);
  HostLogsConfig cfg = quiet_config();
  cfg.access_sample_every = 40;
  HostLogs logs(sim, test_clock(), cfg);
  // 20 s at 200 req/s: 4000 successes and 100 failures spread evenly (5 per second).
  int failures = 0;
  for (int i = 0; i < 4100; ++i) {
    const SimTime t = SimTime::millis(5 * i);
    const bool fail = i % 41 == 0;
    failures += fail ? 1 : 0;
    logs.on_request(request(t, fail ? Outcome::kServerError : Outcome::kOk, FailureReason::kNone,
                            i % 4, static_cast<uint32_t>(i)));
  }
  const size_t errors = count_containing(logs, "lb", kNginxAccess, "HTTP/1.1\" 500 ");
  const size_t oks = count_containing(logs, "lb", kNginxAccess, "HTTP/1.1\" 200 ");
  CHECK(errors == static_cast<size_t>(failures));
  CHECK(oks > 60);  // ~98 expected
  CHECK(oks < 140);
  CHECK(logs.stats().sampled_out == 4100 - static_cast<size_t>(failures) - oks);
  CHECK(logs.store().find("lb", kNginxAccess)->rate_limited() == 0);
}

TEST_CASE("host logs: repeated errors are capped per host and reason each second, and counted",
          "[logs]") {
  Simulation sim(5);
  HostLogsConfig cfg = quiet_config();
  cfg.error_lines_per_second = 5;
  HostLogs logs(sim, test_clock(), cfg);
  for (int i = 0; i < 100; ++i) {
    logs.on_failure("web-3", FailureReason::kPoolTimeout, kAt + SimTime::millis(10 * i));
  }
  // Another reason on the same host has its own allowance.
  logs.on_failure("web-3", FailureReason::kDbTooManyConnections, kAt);
  // The next second starts a fresh allowance.
  logs.on_failure("web-3", FailureReason::kPoolTimeout, kAt + SimTime::seconds(1));

  CHECK(count_containing(logs, "web-3", kApp,
                         "QueuePool limit of size 16 overflow 0 reached, "
                         "connection timed out, timeout 3.00") == 6);
  CHECK(count_containing(logs, "web-3", kApp, "sorry, too many clients already") == 1);
  CHECK(logs.store().find("web-3", kApp)->rate_limited() == 95);
  CHECK(logs.stats().rate_limited == 95);
}

TEST_CASE("host logs: a bounded buffer keeps the newest lines and counts the dropped", "[logs]") {
  Simulation sim(5);
  HostLogsConfig cfg = quiet_config();
  cfg.buffer_lines = 50;
  cfg.access_sample_every = 1;
  HostLogs logs(sim, test_clock(), cfg);
  for (int i = 0; i < 120; ++i) {
    logs.on_request(request(SimTime::millis(100 * i), Outcome::kOk, FailureReason::kNone, 0));
  }
  const LogBuffer* access = logs.store().find("lb", kNginxAccess);
  REQUIRE(access != nullptr);
  CHECK(access->size() == 50);
  CHECK(access->dropped() == 70);
  CHECK(access->newest().time == SimTime::millis(100 * 119));
}

TEST_CASE("host logs: a cursor read returns only the lines written after it", "[logs]") {
  Simulation sim(5);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.on_failure("db", FailureReason::kDbTooManyConnections, kAt);
  const uint64_t cursor = logs.store().last_seq();
  logs.on_failure("web-2", FailureReason::kPoolTimeout, kAt + SimTime::seconds(1));
  logs.on_slow_query("db", SimTime::micros(2'345'678), false, kAt + SimTime::seconds(2));

  const LogRead read = logs.store().since(cursor);
  REQUIRE(read.lines.size() == 2);
  CHECK(read.lines[0].host == "web-2");
  CHECK(read.lines[1].host == "db");
  CHECK(logs.store().since(read.next_cursor).lines.empty());
}

TEST_CASE("host logs: the database writes Postgres' own lines for its failures and slow queries",
          "[logs]") {
  Simulation sim(9);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.on_failure("db", FailureReason::kDbTooManyConnections, kAt);
  logs.on_slow_query("db", SimTime::micros(2'345'678), true, kAt);
  logs.on_failure("db", FailureReason::kDiskFull, kAt + SimTime::seconds(1));

  const auto pg = lines(logs, "db", kPostgres);
  REQUIRE(pg.size() >= 4);
  CHECK_THAT(pg[0], Catch::StartsWith("2024-02-16 14:03:07.000 EST ["));
  CHECK_THAT(pg[0], Catch::EndsWith("] shop@shop FATAL:  sorry, too many clients already"));
  CHECK_THAT(pg[1], Catch::Contains(" LOG:  duration: 2345.678 ms  statement: "));
  CHECK(count_containing(logs, "db", kPostgres, ": No space left on device") == 1);
}

TEST_CASE("host logs: the app logs pool timeouts and database errors as SQLAlchemy words them",
          "[logs]") {
  Simulation sim(9);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.on_failure("web-2", FailureReason::kPoolTimeout, kAt);
  logs.on_failure("web-2", FailureReason::kDbTooManyConnections, kAt);
  logs.on_process("web-2", "nginx", ProcessChange::kCrashed, kAt);
  logs.on_failure("web-2", FailureReason::kProcessDown, kAt);  // nothing to say: it is down

  const auto app = lines(logs, "web-2", kApp);
  REQUIRE(app.size() == 2);
  CHECK_THAT(app[0], Catch::StartsWith("[2024-02-16 14:03:07 -0500] ["));
  CHECK_THAT(app[0], Catch::Contains("] [ERROR] sqlalchemy.exc.TimeoutError: QueuePool limit of "
                                     "size 16 overflow 0 reached, connection timed out, timeout "
                                     "3.00"));
  CHECK_THAT(app[1], Catch::Contains("(psycopg2.OperationalError) connection to server at "
                                     "\"10.0.2.10\", port 5432 failed: FATAL:  sorry, too many "
                                     "clients already"));
}

TEST_CASE("host logs: timestamps follow the scenario's time zone", "[logs]") {
  Simulation sim(1);
  HostLogs ny(sim, test_clock("America/New_York"), quiet_config());
  ny.on_request(request(kAt, Outcome::kGatewayTimeout, FailureReason::kUpstreamTimeout, 0));
  ny.on_process("db", "postgresql", ProcessChange::kOomKilled, kAt);
  CHECK_THAT(lines(ny, "lb", kNginxAccess)[0], Catch::Contains("[16/Feb/2024:14:03:07 -0500]"));
  CHECK_THAT(lines(ny, "lb", kNginxError)[0], Catch::StartsWith("2024/02/16 14:03:07 [error] "));
  CHECK_THAT(lines(ny, "db", kKern)[0], Catch::StartsWith("Feb 16 14:03:07 db kernel: ["));

  Simulation sim_tokyo(1);
  HostLogs tokyo(sim_tokyo, test_clock("Asia/Tokyo"), quiet_config());
  tokyo.on_request(request(kAt, Outcome::kGatewayTimeout, FailureReason::kUpstreamTimeout, 0));
  CHECK_THAT(lines(tokyo, "lb", kNginxAccess)[0], Catch::Contains("[16/Feb/2024:14:03:07 +0900]"));
}

TEST_CASE("host logs: a user keeps one address from the documentation ranges", "[logs]") {
  Simulation sim(1);
  HostLogsConfig cfg = quiet_config();
  cfg.access_sample_every = 1;
  HostLogs logs(sim, test_clock(), cfg);
  for (uint32_t user = 0; user < 200; ++user) {
    logs.on_request(request(kAt, Outcome::kOk, FailureReason::kNone, 0, user));
    logs.on_request(request(kAt, Outcome::kOk, FailureReason::kNone, 1, user));
  }
  const auto access = lines(logs, "lb", kNginxAccess);
  REQUIRE(access.size() == 400);
  for (size_t i = 0; i < access.size(); i += 2) {
    const std::string ip = access[i].substr(0, access[i].find(' '));
    INFO(ip);
    CHECK((ip.rfind("203.0.113.", 0) == 0 || ip.rfind("198.51.100.", 0) == 0 ||
           ip.rfind("192.0.2.", 0) == 0));
    CHECK(access[i + 1].rfind(ip + " ", 0) == 0);
  }
}

TEST_CASE("host logs: background noise gives quiet hosts a few lines a minute", "[logs]") {
  Simulation sim(21);
  HostLogs logs(sim, test_clock(), quiet_config());
  logs.start();
  sim.run_until(SimTime::minutes(30));
  for (const LogHost* h : logs.hosts()) {
    uint64_t written = 0;
    for (std::string_view path : log_paths_for(h->role)) {
      written += logs.store().find(h->name, path)->written();
    }
    INFO(h->name);
    CHECK(written >= 15);  // at least one event a minute on average, some with several lines
    CHECK(written <= 300);
  }
  CHECK(count_containing(logs, "db", kPostgres, "checkpoint") > 0);
}

TEST_CASE("host logs: the same seed and events give byte-identical logs", "[logs]") {
  const auto run = [](uint64_t seed) {
    Simulation sim(seed);
    HostLogsConfig cfg = quiet_config();
    cfg.access_sample_every = 10;
    HostLogs logs(sim, test_clock(), cfg);
    logs.start();
    for (int i = 0; i < 3000; ++i) {
      const SimTime t = SimTime::millis(200 * i);
      sim.run_until(t);
      const Outcome o = i % 17 == 0 ? Outcome::kBadGateway : Outcome::kOk;
      logs.on_request(request(t, o,
                              i % 17 == 0 ? FailureReason::kConnectionReset : FailureReason::kNone,
                              i % 4, static_cast<uint32_t>(i * 7)));
      if (i % 250 == 0) logs.on_process("web-2", "nginx", ProcessChange::kOomKilled, t);
      if (i % 90 == 0) logs.on_slow_query("db", SimTime::millis(1500 + i), i % 2 == 0, t);
    }
    return dump(logs);
  };
  const std::string a = run(1234);
  CHECK(a.size() > 10'000);
  CHECK(a == run(1234));
  CHECK(a != run(1235));
}

}  // namespace
}  // namespace firedrill
