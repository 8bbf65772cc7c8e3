// Responder actions: checked first, then done to the stack as a real tool would.
#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/drill.h"

using namespace firedrill;

namespace {
std::unique_ptr<Drill> small_drill(JournalSink* sink = nullptr) {
  DrillSpec spec;
  spec.stack.traffic.base_rps = 200;
  spec.stack.web.count = 2;
  std::string error;
  auto drill = Drill::create(spec, sink, &error);
  REQUIRE(drill);
  return drill;
}

double total(Drill& d, const char* component, const char* metric) {
  const MetricsRegistry& m = d.stack().metrics();
  const SeriesId id = *m.find(component, metric);
  double sum = 0;
  for (int64_t s = m.first_second(); s < m.end_second(); ++s) sum += m.value(id, s);
  return sum;
}
}  // namespace

TEST_CASE("actions: an unknown action, host or missing parameter says what is valid", "[actions]") {
  auto d = small_drill();
  ActionResult r = d->perform({"restart", "web-1", {}});
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("valid actions: restart_service, stop_service") != std::string::npos);
  r = d->perform({"drain", "web-9", {}});
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("valid: web-1, web-2") != std::string::npos);
  r = d->perform({"drain", "db", {}});
  CHECK_FALSE(r.ok);
  r = d->perform({"set_config", "web-1", {{"key", "workers"}}});
  CHECK_FALSE(r.ok);
  CHECK(r.message == "set_config: missing parameter 'value'");
}

TEST_CASE("actions: every action is journalled with its outcome", "[actions]") {
  MemoryJournalSink sink;
  auto d = small_drill(&sink);
  d->run_until(SimTime::seconds(5));
  d->perform({"set_config", "web-1", {{"key", "workers"}, {"value", "lots"}}});
  d->perform({"drain", "web-2", {}});
  std::vector<const JournalRecord*> actions;
  for (const JournalRecord& r : sink.records())
    if (r.kind == "trainee.action") actions.push_back(&r);
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]->t == SimTime::seconds(5));
  CHECK(actions[0]->fields["ok"] == false);
  CHECK(actions[0]->fields["params"]["key"] == "workers");
  CHECK(actions[1]->fields["ok"] == true);
  CHECK(actions[1]->fields["action"] == "drain");
}

TEST_CASE("actions: a drained backend gets no traffic until it is undrained", "[actions]") {
  auto d = small_drill();
  REQUIRE(d->perform({"drain", "web-2", {}}).ok);
  d->run_until(SimTime::seconds(20) + SimTime::millis(1));
  CHECK(total(*d, "web-2", "requests") == 0);
  CHECK(total(*d, "lb", "status_2xx") > 0);
  REQUIRE(d->perform({"undrain", "web-2", {}}).ok);
  d->run_until(SimTime::seconds(40) + SimTime::millis(1));
  CHECK(total(*d, "web-2", "requests") > 0);
}

TEST_CASE("actions: a restart clears a leak's memory for a while but not the leak", "[actions]") {
  auto d = small_drill();
  Host& h = *d->stack().host("web-1");
  h.set_memory_leak(200);
  d->run_until(SimTime::minutes(10));
  const double leaked = h.memory_used_mb();
  REQUIRE(d->perform({"restart_service", "web-1", {}}).ok);
  d->run_until(SimTime::minutes(10) + SimTime::seconds(10));
  CHECK(h.memory_used_mb() < leaked - 1500);
  d->run_until(SimTime::minutes(15));
  CHECK(h.memory_used_mb() > h.spec().base_memory_mb + 500);  // growing again
}

TEST_CASE("actions: freeing disk on a full disk stops the 500s", "[actions]") {
  auto d = small_drill();
  Host& h = *d->stack().host("web-1");
  h.add_disk_usage(h.disk_total_gb());  // full now
  d->run_until(SimTime::seconds(10) + SimTime::millis(1));
  REQUIRE(h.disk_full());
  const double errors = total(*d, "lb", "status_500");
  CHECK(errors > 0);
  const ActionResult r = d->perform({"free_disk", "web-1", {{"gb", "8"}}});
  REQUIRE(r.ok);
  CHECK(r.message.find("freed 8.0 GB") != std::string::npos);
  d->run_until(SimTime::seconds(20) + SimTime::millis(1));
  CHECK(total(*d, "lb", "status_500") == errors);
}

TEST_CASE("actions: a deploy can be rolled back; with nothing before it, rollback refuses",
          "[actions]") {
  auto d = small_drill();
  CHECK_FALSE(d->perform({"rollback", "web-1", {}}).ok);
  REQUIRE(d->perform({"deploy", "web-1", {{"version", "v1.1.0"}}}).ok);
  CHECK(d->stack().host("web-1")->app_version() == "v1.1.0");
  const ActionResult r = d->perform({"rollback", "web-1", {}});
  REQUIRE(r.ok);
  CHECK(r.message == "web-1: rolled back v1.1.0 -> v1.0.0");
}

TEST_CASE("actions: a rebooted host is down for the boot, then serves", "[actions]") {
  auto d = small_drill();
  d->run_until(SimTime::seconds(10));
  REQUIRE(d->perform({"reboot_host", "web-1", {}}).ok);
  d->run_until(SimTime::seconds(40));
  CHECK(d->stack().host("web-1")->state() == ProcessState::kStopped);
  d->run_until(SimTime::seconds(70));
  CHECK(d->stack().host("web-1")->state() == ProcessState::kRunning);
}

TEST_CASE("actions: killing the running queries fails them at once and frees the slots",
          "[actions][db]") {
  auto d = small_drill();
  d->stack().db().set_query_time_factor(5000);  // 10-second queries pile up
  d->run_until(SimTime::seconds(5));
  REQUIRE(d->stack().db().active_queries() > 0);
  REQUIRE(d->stack().db().queued_queries() > 0);
  d->stack().db().set_query_time_factor(1);  // the lock is gone; the blocked ones remain
  const ActionResult r = d->perform({"kill_queries", "db", {}});
  REQUIRE(r.ok);
  CHECK(r.message == "db: terminated 16 queries");
  d->run_until(SimTime::seconds(6));
  CHECK(d->stack().db().queued_queries() == 0);
}
