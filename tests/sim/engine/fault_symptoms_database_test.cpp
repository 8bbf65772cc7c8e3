// Database faults end to end (slow_queries, lock_contention, replication_lag, pool_exhaustion,
// db_failover_split_brain, error_rate on the database) and how a database problem travels up
// the stack: slow queries exhaust the web servers' pools and workers until the LB marks them
// down; a dead primary shows as connection errors in every web server's app log.
#include "fault_symptoms_test_util.h"

using namespace firedrill;
using symptoms::SymptomDrill;

namespace {
constexpr std::string_view kPoolFull = "QueuePool limit of size 16 overflow 0 reached";
constexpr std::string_view kDbRefused =
    "(psycopg2.OperationalError) connection to server at \"10.0.2.10\", port 5432 failed: "
    "Connection refused";

// gunicorn with more threads than the QueuePool has connections: only then do requests wait
// for the pool (with workers == pool size every worker holds its own connection).
DrillSpec db_spec() {
  DrillSpec spec = symptoms::symptom_spec();
  spec.stack.web.workers = 64;
  return spec;
}

DrillSpec with_replica() {
  DrillSpec spec = db_spec();
  spec.stack.db.replica = true;
  return spec;
}
}  // namespace

TEST_CASE(
    "fault symptoms: slow queries raise query times, write slow statements to the Postgres "
    "log and time out the app's pool waits",
    "[faults][symptoms][database]") {
  SymptomDrill s(db_spec());
  s.run_to(60);
  CHECK(s.count("db", log_path::kPostgres, "LOG:  duration: ") == 0);
  CHECK(s.mean("db", "query_mean_ms", 10, 60) < 5);
  auto fault = s.inject("slow_queries", {"db"}, {{"factor", 200.0}});
  s.run_to(300);
  CHECK(s.mean("db", "query_mean_ms", 70, 300) > 200);
  CHECK(s.mean("db", "utilization", 70, 300) > 0.95);
  CHECK(s.peak("db", "queued_queries", 70, 300) == 16);  // every pooled connection waits
  const std::string slow = s.first("db", log_path::kPostgres, "LOG:  duration: ");
  CHECK(slow.find(" EST [") != std::string::npos);  // Debian's prefix, New York time
  CHECK(slow.find("shop@shop LOG:  duration: ") != std::string::npos);
  CHECK(slow.find(" ms  statement: ") != std::string::npos);
  CHECK(s.sum("web-1", "db_pool_timeouts", 60, 300) > 0);
  CHECK(s.count("web-1", log_path::kApp, kPoolFull) > 0);
  CHECK(s.count("web-2", log_path::kApp, kPoolFull) > 0);
  CHECK(s.sum("lb", "status_500", 60, 300) > 0);
  CHECK(s.fired("HighErrorRate"));
  CHECK(s.fired("HighLatency"));
  fault->clear(s.stack());
  s.run_to(600);
  CHECK(s.mean("db", "query_mean_ms", 500, 600) < 5);
  CHECK(s.sum("lb", "status_5xx", 500, 600) == 0);
  CHECK(s.count("db", log_path::kPostgres, "LOG:  duration: ", 500) == 0);
  CHECK(s.resolved("HighErrorRate"));
}

TEST_CASE(
    "fault symptoms: a slow database exhausts the web servers' pools and workers, the LB "
    "marks them down and clients get 502/503/504",
    "[faults][symptoms][database][propagation]") {
  DrillSpec spec = db_spec();
  spec.stack.web.pool_wait_timeout = SimTime::seconds(30);  // workers wait on the pool
  spec.stack.lb.proxy_timeout = SimTime::seconds(20);
  SymptomDrill s(spec);
  s.run_to(60);
  CHECK(s.mean("web-1", "worker_utilization", 10, 60) < 0.5);
  CHECK(s.last("lb", "healthy_backends") == 2);
  auto fault = s.inject("slow_queries", {"db"}, {{"factor", 1000.0}});
  s.run_to(240);
  for (const char* web : {"web-1", "web-2"}) {
    INFO(web);
    CHECK(s.peak(web, "db_pool_in_use", 70, 240) == 16);
    CHECK(s.peak(web, "db_pool_waiting", 70, 240) > 0);
    CHECK(s.mean(web, "worker_utilization", 120, 240) > 0.95);
    CHECK(s.peak(web, "backlog", 70, 240) > 0);
    CHECK(s.lowest(web, "healthy", 70, 240) == 0);
    CHECK(s.fired("BackendDown", web));
  }
  CHECK(s.lowest("lb", "healthy_backends", 70, 240) == 0);
  const double gateway = s.sum("lb", "status_502", 60, 240) + s.sum("lb", "status_503", 60, 240) +
                         s.sum("lb", "status_504", 60, 240);
  CHECK(gateway > 100);
  CHECK(s.sum("lb", "status_503", 60, 240) > 0);  // every backend out at once
  CHECK(s.count("lb", log_path::kNginxError, "peer is unhealthy") >= 2);
  CHECK(s.count("lb", log_path::kNginxError, "no live upstreams while connecting to upstream") > 0);
  CHECK(s.fired("HighErrorRate"));
  fault->clear(s.stack());
  s.run_to(600);
  CHECK(s.last("lb", "healthy_backends") == 2);
  CHECK(s.sum("lb", "status_5xx", 500, 600) == 0);
}

TEST_CASE(
    "fault symptoms: a dead database primary shows as connection errors in the app log on "
    "every web server and 500s at the LB",
    "[faults][symptoms][database][propagation]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.count("web-1", log_path::kApp, kDbRefused) == 0);
  auto fault = s.inject("crash", {"db"}, {{"restart", false}});
  s.run_to(260);
  CHECK(s.last("db", "up") == 0);
  CHECK(s.sum("lb", "status_500", 60, 120) > 1000);
  for (const char* web : {"web-1", "web-2"}) {
    INFO(web);
    const std::string line = s.first(web, log_path::kApp, kDbRefused);
    CHECK(line.find("-0500] [") != std::string::npos);
    CHECK(line.find("[ERROR] sqlalchemy.exc.OperationalError: ") != std::string::npos);
    CHECK(s.last(web, "healthy") == 1);  // the web servers themselves are fine
  }
  CHECK(s.count("db", log_path::kSyslog, "postgresql@15-main.service: Main process exited") == 1);
  CHECK(s.fired("HighErrorRate"));
  fault->clear(s.stack());
  s.drill().stack().db().host().start();  // the trainee's start_service
  s.run_to(320);
  CHECK(s.count("db", log_path::kPostgres, "database system is ready to accept connections") == 1);
  CHECK(s.sum("lb", "status_500", 270, 320) == 0);
  CHECK(s.count("web-1", log_path::kApp, kDbRefused, 270) == 0);
}

TEST_CASE(
    "fault symptoms: lock contention queues queries behind one slot until the app's pool "
    "waits time out",
    "[faults][symptoms][database]") {
  SymptomDrill s(db_spec());
  s.run_to(60);
  CHECK(s.peak("db", "queued_queries", 10, 60) < 5);
  auto fault = s.inject("lock_contention", {"db"}, {{"factor", 10.0}, {"slots", 1.0}});
  s.run_to(240);
  CHECK(s.peak("db", "active_queries", 70, 240) <= 1);
  CHECK(s.mean("db", "queued_queries", 120, 240) > 10);
  CHECK(s.mean("db", "query_mean_ms", 70, 240) > 15);
  CHECK(s.sum("web-1", "db_pool_timeouts", 60, 240) > 0);
  CHECK(s.count("web-1", log_path::kApp, kPoolFull) > 0);
  CHECK(s.sum("lb", "status_500", 60, 240) > 0);
  fault->clear(s.stack());
  s.run_to(400);
  CHECK(s.mean("db", "queued_queries", 350, 400) < 5);
  CHECK(s.sum("lb", "status_500", 350, 400) == 0);
}

TEST_CASE(
    "fault symptoms: a lagging replica stops taking reads past max_replica_lag and the "
    "primary takes them all",
    "[faults][symptoms][database]") {
  SymptomDrill s(with_replica());
  s.run_to(60);
  const double replica_before = s.mean("db-replica", "queries", 10, 60);
  const double primary_before = s.mean("db", "queries", 10, 60);
  CHECK(replica_before > primary_before);  // 80% of queries are reads
  CHECK(s.last("db-replica", "replication_lag_seconds") == 0);
  auto fault = s.inject("replication_lag", {"db-replica"});
  s.run_to(80);
  CHECK(s.last("db-replica", "replication_lag_seconds") == Approx(20).margin(1.5));
  CHECK(s.mean("db-replica", "queries", 70, 80) > 0);  // under 30 s: still serving
  s.run_to(180);
  CHECK(s.last("db-replica", "replication_lag_seconds") > 100);
  CHECK(s.mean("db-replica", "queries", 100, 180) == 0);
  CHECK(s.mean("db", "queries", 100, 180) > 3 * primary_before);
  CHECK(s.mean("db", "utilization", 100, 180) > s.mean("db", "utilization", 10, 60));
  fault->clear(s.stack());
  s.run_to(240);
  CHECK(s.last("db-replica", "replication_lag_seconds") == 0);
  CHECK(s.mean("db-replica", "queries", 200, 240) > 0.8 * replica_before);
}

TEST_CASE(
    "fault symptoms: a leaked connection pool leaves the database idle while the app times "
    "out waiting for a connection",
    "[faults][symptoms][database]") {
  SymptomDrill s(db_spec());
  s.run_to(60);
  CHECK(s.count("web-1", log_path::kApp, kPoolFull) == 0);
  auto fault = s.inject("pool_exhaustion", {"web-1"});
  s.run_to(250);
  CHECK(s.last("web-1", "db_pool_in_use") == 16);
  CHECK(s.sum("web-1", "db_pool_timeouts", 60, 250) > 100);
  CHECK(s.sum("web-2", "db_pool_timeouts", 60, 250) == 0);
  CHECK(s.mean("web-1", "db_pool_waiting", 70, 250) > 0);
  CHECK(s.mean("db", "utilization", 70, 250) < 0.3);  // the database is not the problem
  CHECK(s.first("web-1", log_path::kApp, kPoolFull).find("timeout 3.00") != std::string::npos);
  CHECK(s.count("web-2", log_path::kApp, kPoolFull) == 0);
  CHECK(s.sum("lb", "status_500", 60, 250) > 100);
  CHECK(s.fired("HighErrorRate"));
  fault->clear(s.stack());
  s.drill().stack().host("web-1")->restart();  // restart_service returns the pool
  s.run_to(360);
  CHECK(s.last("web-1", "db_pool_in_use") < 16);
  CHECK(s.sum("lb", "status_500", 300, 360) == 0);
}

TEST_CASE(
    "fault symptoms: a database error rate fails queries: the app logs the driver's error, "
    "Postgres logs the statement, the LB answers 500",
    "[faults][symptoms][database]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.count("db", log_path::kPostgres, "ERROR:  could not serialize access") == 0);
  auto fault = s.inject("error_rate", {"db"}, {{"rate", 0.2}});
  s.run_to(240);
  const double requests = s.sum("lb", "requests", 60, 240);
  const double errors = s.sum("lb", "status_500", 60, 240);
  CHECK(errors / requests == Approx(0.36).margin(0.06));  // two queries: 1 - 0.8^2
  CHECK(s.count("db", log_path::kPostgres, "ERROR:  could not serialize access") > 0);
  CHECK(s.count("web-1", log_path::kApp, "(psycopg2.errors.SerializationFailure)") > 0);
  CHECK(s.fired("HighErrorRate"));
  fault->clear(s.stack());
  s.run_to(300);
  CHECK(s.sum("lb", "status_500", 250, 300) == 0);
}

TEST_CASE(
    "fault symptoms: a split brain fails writes while the primary is down, then both sides "
    "take writes and conflict until the fault is cleared",
    "[faults][symptoms][database]") {
  SymptomDrill s(with_replica());
  s.run_to(60);
  auto fault = s.inject("db_failover_split_brain", {"db"},
                        {{"promote_after", std::string("30s")},
                         {"return_after", std::string("1m")},
                         {"conflict_rate", 0.3}});
  s.run_to(85);  // the primary is dead, the replica not yet promoted
  CHECK(s.last("db", "up") == 0);
  CHECK(s.sum("lb", "status_500", 60, 85) > 0);
  CHECK(s.count("web-1", log_path::kApp, kDbRefused) > 0);
  s.run_to(118);  // promoted: the replica takes every query, errors stop
  CHECK(s.sum("lb", "status_500", 95, 118) == 0);
  s.run_to(240);  // the old primary is back and some servers write to it
  CHECK(s.last("db", "up") == 1);
  CHECK(s.sum("lb", "status_500", 130, 240) > 0);
  CHECK(s.count("db", log_path::kPostgres, "could not serialize access", 125) > 0);
  CHECK(s.count("db-replica", log_path::kPostgres, "could not serialize access", 125) > 0);
  fault->clear(s.stack());  // fail back
  s.run_to(360);
  CHECK(s.sum("lb", "status_500", 300, 360) == 0);
}
