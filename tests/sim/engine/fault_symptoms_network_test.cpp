// Network faults end to end (network_partition, packet_loss, dns_failure): a cut or lossy
// link between two components shows as connect timeouts at whichever side connects; a DNS
// failure happens before the site, so the servers look healthy — that is its symptom.
#include "fault_symptoms_test_util.h"

using namespace firedrill;
using symptoms::SymptomDrill;

namespace {
constexpr std::string_view kConnectTimedOut =
    "upstream timed out (110: Connection timed out) while connecting to upstream";
}  // namespace

TEST_CASE(
    "fault symptoms: a partition between the LB and a web server gives 504 connect timeouts, "
    "marks the backend down and pages BackendDown",
    "[faults][symptoms][network]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.count("lb", log_path::kNginxError, kConnectTimedOut) == 0);
  auto fault = s.inject("network_partition", {"lb", "web-1"});
  s.run_to(180);
  CHECK(s.sum("lb", "status_504", 60, 180) > 0);
  const std::string line = s.first("lb", log_path::kNginxError, kConnectTimedOut);
  CHECK(line.find("[error] ") != std::string::npos);
  CHECK(line.find("upstream: \"http://10.0.1.11:80/") != std::string::npos);
  CHECK(s.count("lb", log_path::kNginxError, "peer is unhealthy") == 1);
  CHECK(s.last("web-1", "healthy") == 0);
  CHECK(s.last("web-2", "healthy") == 1);
  CHECK(s.mean("web-1", "requests", 120, 180) == 0);  // nothing gets through
  CHECK(s.fired("BackendDown", "web-1"));
  CHECK_FALSE(s.fired("BackendDown", "web-2"));
  fault->clear(s.stack());
  s.run_to(300);
  CHECK(s.last("web-1", "healthy") == 1);
  CHECK(s.sum("lb", "status_504", 200, 300) == 0);
  CHECK(s.resolved("BackendDown", "web-1"));
}

TEST_CASE(
    "fault symptoms: a partition between a web server and the database fails its queries "
    "after the 3 s connect timeout, logged by the app",
    "[faults][symptoms][network]") {
  SymptomDrill s;
  s.run_to(60);
  auto fault = s.inject("network_partition", {"web-2", "db"});
  s.run_to(180);
  CHECK(s.sum("lb", "status_500", 60, 180) > 100);
  CHECK(s.first("web-2", log_path::kApp,
                "(psycopg2.OperationalError) connection to server at \"10.0.2.10\", port 5432 "
                "failed: Connection timed out")
            .find("[ERROR] sqlalchemy.exc.OperationalError") != std::string::npos);
  CHECK(s.count("web-1", log_path::kApp, "Connection timed out") == 0);
  CHECK(s.mean("lb", "p99_ms", 120, 180) >= 3000);  // every failure waits the timeout out
  CHECK(s.mean("web-2", "worker_utilization", 120, 180) >
        4 * s.mean("web-1", "worker_utilization", 120, 180));  // workers held meanwhile
  fault->clear(s.stack());
  s.run_to(300);
  CHECK(s.sum("lb", "status_500", 200, 300) == 0);
  CHECK(s.count("web-2", log_path::kApp, "Connection timed out", 200) == 0);
}

TEST_CASE(
    "fault symptoms: packet loss moves p99 to whole seconds while p50 stays, with connect "
    "timeouts and health-check flaps",
    "[faults][symptoms][network]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.mean("lb", "p99_ms", 10, 60) < 200);
  const double p50_before = s.mean("lb", "p50_ms", 10, 60);
  auto fault = s.inject("packet_loss", {"lb", "web-*"}, {{"loss", 0.3}});
  s.run_to(600);
  CHECK(s.mean("lb", "p99_ms", 70, 600) >= 1000);
  CHECK(s.mean("lb", "p50_ms", 70, 600) < p50_before + 100);
  CHECK(s.sum("lb", "status_504", 60, 600) > 0);
  CHECK(s.count("lb", log_path::kNginxError, kConnectTimedOut) > 0);
  CHECK(s.count("lb", log_path::kNginxError, "peer is unhealthy") >= 1);
  CHECK(s.count("lb", log_path::kNginxError, "peer is healthy") >= 1);  // it flaps
  fault->clear(s.stack());
  s.run_to(720);
  CHECK(s.mean("lb", "p99_ms", 680, 720) < 200);
  CHECK(s.sum("lb", "status_504", 680, 720) == 0);
}

TEST_CASE(
    "fault symptoms: a DNS failure fails users' requests while the LB sees less traffic, no "
    "errors and no error log lines, and no server-side alert fires",
    "[faults][symptoms][network]") {
  SymptomDrill s;
  s.run_to(60);
  const double lb_rps = s.mean("lb", "requests", 10, 60);
  CHECK(s.mean("users", "error_ratio", 10, 60) == 0);
  const size_t lb_errors_before = s.count("lb", log_path::kNginxError, "[error]");
  auto fault = s.inject("dns_failure", {"users"}, {{"rate", 0.5}});
  s.run_to(300);
  CHECK(s.mean("users", "error_ratio", 70, 300) > 0.2);
  CHECK(s.sum("users", "failed", 60, 300) > 1000);
  CHECK(s.mean("lb", "requests", 70, 300) < 0.8 * lb_rps);
  CHECK(s.sum("lb", "status_5xx", 60, 300) == 0);
  CHECK(s.mean("lb", "error_ratio", 70, 300) == 0);
  // Every server-side signal stays clean: that is how a DNS outage looks from inside.
  CHECK(s.count("lb", log_path::kNginxError, "[error]") == lb_errors_before);
  CHECK_FALSE(s.fired("HighErrorRate"));
  fault->clear(s.stack());
  s.run_to(400);
  CHECK(s.mean("users", "error_ratio", 350, 400) == 0);
  CHECK(s.mean("lb", "requests", 350, 400) > 0.9 * lb_rps);
}
