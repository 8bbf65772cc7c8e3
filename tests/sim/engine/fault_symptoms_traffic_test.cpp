// Traffic and cache faults end to end (traffic_spike, retry_storm, cache_flush): more load
// than the stack was sized for, from more users, from clients that retry every failure, or
// from a cold cache that sends every lookup to the database.
#include "fault_symptoms_test_util.h"

using namespace firedrill;
using symptoms::SymptomDrill;

TEST_CASE(
    "fault symptoms: a traffic spike multiplies the requests at every tier and the access "
    "log's volume",
    "[faults][symptoms][traffic]") {
  SymptomDrill s;
  s.run_to(120);
  const double lb_rps = s.mean("lb", "requests", 60, 120);
  const double db_qps = s.mean("db", "queries", 60, 120);
  const double util = s.mean("web-1", "worker_utilization", 60, 120);
  const size_t access_before = s.count("lb", log_path::kNginxAccess, "", 60);
  auto fault = s.inject("traffic_spike", {"users"}, {{"multiplier", 3.0}});
  s.run_to(180);
  CHECK(s.mean("lb", "requests", 130, 180) == Approx(3 * lb_rps).epsilon(0.1));
  CHECK(s.mean("users", "offered_rate", 130, 180) > 2.5 * s.mean("users", "offered_rate", 60, 120));
  CHECK(s.mean("db", "queries", 130, 180) == Approx(3 * db_qps).epsilon(0.1));
  CHECK(s.mean("web-1", "worker_utilization", 130, 180) > 2 * util);
  // Sampled 1 in 40, the access log still grows with the traffic.
  CHECK(s.count("lb", log_path::kNginxAccess, "", 120) > 2 * access_before);
  fault->clear(s.stack());
  s.run_to(260);
  CHECK(s.mean("lb", "requests", 200, 260) == Approx(lb_rps).epsilon(0.1));
}

TEST_CASE(
    "fault symptoms: a retry storm turns a small error rate into many more attempts than "
    "requests and more load at the LB",
    "[faults][symptoms][traffic]") {
  SymptomDrill s;
  auto errors = s.inject("error_rate", {"web-*"}, {{"rate", 0.5}});  // the trigger
  s.run_to(120);
  const double lb_before = s.mean("lb", "requests", 60, 120);
  const double retries_before = s.mean("users", "retries", 60, 120);
  auto storm = s.inject("retry_storm", {"users"}, {{"retries", 5.0}});
  s.run_to(240);
  const double attempts = s.sum("users", "attempts", 130, 240);
  const double requests = s.sum("users", "requests", 130, 240);
  CHECK(attempts > 1.8 * requests);  // 1 + 1/2 + 1/4 + ... attempts per request
  CHECK(s.mean("users", "retries", 130, 240) > 1.7 * retries_before);
  CHECK(s.mean("lb", "requests", 130, 240) > 1.2 * lb_before);
  // The same clients come back: 500s in the access log far outnumber the users who failed.
  CHECK(s.count("lb", log_path::kNginxAccess, "\" 500 265 ", 130) > 0);
  storm->clear(s.stack());
  s.run_to(360);
  CHECK(s.mean("users", "retries", 300, 360) == Approx(retries_before).epsilon(0.25));
  errors->clear(s.stack());
}

TEST_CASE(
    "fault symptoms: a cache flush drops the hit ratio to 0, stampedes the database and "
    "warms back",
    "[faults][symptoms][traffic]") {
  DrillSpec spec = symptoms::symptom_spec();
  spec.stack.cache.enabled = true;
  SymptomDrill s(spec);
  s.run_to(60);
  CHECK(s.mean("cache", "hit_ratio", 10, 60) == Approx(0.9).margin(0.03));
  const double db_qps = s.mean("db", "queries", 10, 60);
  const double query_ms = s.mean("db", "query_mean_ms", 10, 60);
  auto fault = s.inject("cache_flush", {"cache"}, {{"warm_time", std::string("2m")}});
  s.run_to(75);
  CHECK(s.lowest("cache", "hit_ratio", 60, 75) < 0.15);
  CHECK(s.mean("db", "queries", 61, 75) > 4 * db_qps);  // the misses go to the database
  CHECK(s.mean("db", "utilization", 61, 75) > s.mean("db", "utilization", 10, 60));
  s.run_to(600);  // ~4 warm times
  CHECK(s.mean("cache", "hit_ratio", 560, 600) > 0.85);
  CHECK(s.mean("db", "queries", 560, 600) < 1.5 * db_qps);
  CHECK(s.mean("db", "query_mean_ms", 560, 600) < 2 * query_ms + 1);
  fault->clear(s.stack());
}
