// Faults end to end in a drill: the symptom an on-call engineer would see in the metrics
// and in the hosts' log files, as the issue describes them.
#include <catch2/catch.hpp>

#include "sim/engine/drill.h"
#include "sim/faults/fault_catalog.h"

using namespace firedrill;

namespace {
std::unique_ptr<Drill> drill() {
  DrillSpec spec;
  spec.stack.traffic.base_rps = 300;
  spec.stack.web.count = 2;
  spec.stack.web_host.memory_mb = 4096;
  spec.time_zone = "America/New_York";
  std::string error;
  auto d = Drill::create(spec, nullptr, &error);
  REQUIRE(d);
  return d;
}

bool log_has(Drill& d, const char* host, std::string_view path, const char* text) {
  for (const auto& line : d.logs().store().tail(host, path, 2000))
    if (line.text.find(text) != std::string::npos) return true;
  return false;
}

double total(Drill& d, const char* component, const char* metric) {
  const MetricsRegistry& m = d.stack().metrics();
  const SeriesId id = *m.find(component, metric);
  double sum = 0;
  for (int64_t s = m.first_second(); s < m.end_second(); ++s) sum += m.value(id, s);
  return sum;
}
}  // namespace

TEST_CASE("fault symptoms: fd exhaustion shows as 5xx at the LB and 'Too many open files'",
          "[faults][logs]") {
  auto d = drill();
  auto fault = make_fault(d->stack(), "fd_exhaustion", {"web-1"}, {{"nofile", 70.0}});
  REQUIRE(fault.ok());
  REQUIRE_FALSE(fault.value()->inject(d->stack()));
  d->run_until(SimTime::minutes(2));
  CHECK(total(*d, "lb", "status_502") > 0);
  CHECK(log_has(*d, "web-1", log_path::kNginxError, "Too many open files"));
  CHECK(log_has(*d, "lb", log_path::kNginxError, "upstream prematurely closed connection"));
  fault.value()->clear(d->stack());
}

TEST_CASE(
    "fault symptoms: a memory leak ends in an OOM kill in the kernel log, a restart gap "
    "and a health-check flap",
    "[faults][logs]") {
  auto d = drill();
  auto fault = make_fault(d->stack(), "memory_leak", {"web-2"}, {{"mb_per_min", 400.0}});
  REQUIRE(fault.ok());
  REQUIRE_FALSE(fault.value()->inject(d->stack()));
  d->run_until(SimTime::minutes(9));
  CHECK(log_has(*d, "web-2", log_path::kKern, "Out of memory: Killed process"));
  CHECK(log_has(*d, "web-2", log_path::kSyslog, "oom-kill"));
  CHECK(d->stack().host("web-2")->restarts() >= 1);
  const MetricsRegistry& m = d->stack().metrics();
  const SeriesId healthy = *m.find("web-2", "healthy");
  bool down = false, up_again = false;
  for (int64_t s = m.first_second(); s < m.end_second(); ++s) {
    if (m.value(healthy, s) == 0) down = true;
    if (down && m.value(healthy, s) == 1) up_again = true;
  }
  CHECK(down);
  CHECK(up_again);
  fault.value()->clear(d->stack());
}
