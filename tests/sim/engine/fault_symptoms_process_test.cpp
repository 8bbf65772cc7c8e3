// Process and host faults end to end (crash, hang, cpu_hog, memory_leak, disk_fill,
// fd_exhaustion): injected through the catalog into a Drill, the symptom an on-call engineer
// sees in the LB's metrics, the hosts' log files and the standard alerts, then recovery.
// Every fault is injected at 60 s, so [0, 60) is the healthy baseline (the negative check).
#include "fault_symptoms_test_util.h"

using namespace firedrill;
using symptoms::SymptomDrill;

TEST_CASE(
    "fault symptoms: a crashed web process resets requests (502), logs a segfault and "
    "systemd's restart, and comes back with a new pid",
    "[faults][symptoms][process]") {
  SymptomDrill s;
  s.run_to(60);
  const uint32_t pid = s.stack().host("web-1")->pid();
  CHECK(s.sum("lb", "status_502", 0, 60) == 0);
  CHECK(s.count("web-1", log_path::kKern, "segfault at 0") == 0);
  auto fault = s.inject("crash", {"web-1"});
  s.run_to(120);
  CHECK(s.sum("lb", "status_502", 60, 70) > 0);
  // Requests inside are reset; new connections find nothing listening until the restart.
  CHECK(s.count("lb", log_path::kNginxError,
                "connect() failed (111: Connection refused) while connecting to upstream") > 0);
  CHECK(s.first("web-1", log_path::kKern, "segfault at 0")
            .find("nginx[" + std::to_string(pid) + "]: segfault at 0 ip ") != std::string::npos);
  CHECK(s.count("web-1", log_path::kSyslog,
                "nginx.service: Main process exited, code=killed, status=11/SEGV") == 1);
  CHECK(s.count("web-1", log_path::kSyslog, "restart counter is at 1") == 1);
  CHECK(s.lowest("web-1", "healthy", 60, 75) == 0);  // the LB marked it down...
  CHECK(s.last("web-1", "healthy") == 1);            // ...and up again after the restart
  CHECK(s.stack().host("web-1")->pid() != pid);
  // 8 s down is under BackendDown's 1 min hold: it pends, never pages.
  CHECK_FALSE(s.fired("BackendDown"));
  fault->clear(s.stack());
  CHECK(s.sum("lb", "status_502", 90, 120) == 0);
}

TEST_CASE(
    "fault symptoms: a hung web process times out its requests, the LB marks it down and "
    "BackendDown fires, with not a line from the host itself",
    "[faults][symptoms][process]") {
  DrillSpec spec = symptoms::symptom_spec();
  spec.stack.lb.proxy_timeout = SimTime::seconds(10);
  SymptomDrill s(spec);
  s.run_to(60);
  auto fault = s.inject("hang", {"web-1"});
  s.run_to(150);
  CHECK(s.sum("lb", "status_504", 60, 150) > 0);
  CHECK(s.count("lb", log_path::kNginxError, "upstream timed out (110: Connection timed out)") > 0);
  CHECK(s.count("lb", log_path::kNginxError, "peer is unhealthy while connecting to upstream") ==
        1);
  CHECK(s.last("web-1", "healthy") == 0);
  CHECK(s.last("lb", "healthy_backends") == 1);
  CHECK(s.fired("BackendDown", "web-1"));
  CHECK_FALSE(s.fired("BackendDown", "web-2"));
  // Hangs are silent: the hung host writes nothing about it.
  CHECK(s.count("web-1", log_path::kApp, "ERROR", 60) == 0);
  // ...except the kernel, once the accept queue of the stuck listener overflows.
  CHECK(s.count("web-1", log_path::kKern, "Possible SYN flooding on port 0.0.0.0:80", 60) == 1);
  CHECK(s.count("web-1", log_path::kNginxError, "[crit]", 60) == 0);
  fault->clear(s.stack());  // back to intensity 0: it makes progress again
  s.run_to(240);
  CHECK(s.last("web-1", "healthy") == 1);
  CHECK(s.resolved("BackendDown", "web-1"));
  CHECK(s.sum("lb", "status_504", 200, 240) == 0);
}

TEST_CASE(
    "fault symptoms: a CPU hog pins the host's CPU and stretches latency while the logs "
    "stay quiet",
    "[faults][symptoms][process]") {
  DrillSpec spec = symptoms::symptom_spec();
  spec.stack.web.cpu_ms = 10;  // enough CPU work that losing the cores hurts
  SymptomDrill s(spec);
  s.run_to(60);
  const double cpu_before = s.mean("web-1", "cpu_utilization", 10, 60);
  const double p99_before = s.mean("lb", "p99_ms", 10, 60);
  auto fault = s.inject("cpu_hog", {"web-1"}, {{"cores", 4.0}});
  s.run_to(180);
  CHECK(cpu_before < 0.6);
  CHECK(s.mean("web-1", "cpu_utilization", 70, 180) > 0.95);
  CHECK(s.mean("web-2", "cpu_utilization", 70, 180) < 0.6);  // only the hogged host
  // Half the requests land on the slow host: p99 rises by half (51 ms -> 85 ms here).
  CHECK(s.mean("lb", "p99_ms", 70, 180) > 1.5 * p99_before);
  CHECK(s.mean("web-1", "busy_workers", 70, 180) > 1.5 * s.mean("web-2", "busy_workers", 70, 180));
  // A hog is seen in top, not in the logs: no error lines anywhere on the host.
  CHECK(s.count("web-1", log_path::kApp, "ERROR", 60) == 0);
  CHECK(s.count("web-1", log_path::kNginxError, "[error]", 60) == 0);
  fault->clear(s.stack());
  s.run_to(240);
  CHECK(s.mean("web-1", "cpu_utilization", 200, 240) < 0.6);
}

TEST_CASE(
    "fault symptoms: a memory leak climbs to an OOM kill in the kernel log, a restart gap "
    "and a health-check flap, and starts over",
    "[faults][symptoms][process]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.count("web-2", log_path::kKern, "Out of memory") == 0);
  const double mem_before = s.last("web-2", "memory_used_ratio");
  const uint32_t pid = s.stack().host("web-2")->pid();
  auto fault = s.inject("memory_leak", {"web-2"}, {{"mb_per_min", 400.0}});
  s.run_to(120);
  CHECK(s.last("web-2", "memory_used_ratio") > mem_before + 0.08);  // 400 MB of 4 GB
  s.run_to(600);
  const std::string killed = s.first("web-2", log_path::kKern, "Out of memory: Killed process");
  CHECK(killed.find("Killed process " + std::to_string(pid) + " (nginx)") != std::string::npos);
  CHECK(s.count("web-2", log_path::kKern, "invoked oom-killer") >= 1);
  CHECK(s.count("web-2", log_path::kSyslog,
                "nginx.service: A process of this unit has been killed by the OOM killer.") >= 1);
  CHECK(s.count("web-2", log_path::kSyslog, "Failed with result 'oom-kill'.") >= 1);
  CHECK(s.stack().host("web-2")->restarts() >= 1);
  CHECK(s.sum("lb", "status_502") > 0);
  CHECK(s.count("lb", log_path::kNginxError, "peer is unhealthy") >= 1);
  CHECK(s.count("lb", log_path::kNginxError, "peer is healthy") >= 1);
  fault->clear(s.stack());
  const size_t kills = s.count("web-2", log_path::kKern, "Out of memory");
  s.run_to(1200);  // the leaked memory went with the process; no new leak, no new kill
  CHECK(s.count("web-2", log_path::kKern, "Out of memory") == kills);
  CHECK(s.last("web-2", "healthy") == 1);
}

TEST_CASE(
    "fault symptoms: a full disk on a web server answers 500 for everything, logs ENOSPC "
    "in nginx and the app, and DiskAlmostFull pages",
    "[faults][symptoms][process]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.sum("lb", "status_500", 0, 60) == 0);
  auto fault = s.inject("disk_fill", {"web-1"}, {{"gb_per_min", 20.0}});
  s.run_to(500);
  CHECK(s.last("web-1", "disk_used_ratio") == Approx(1.0));
  CHECK(s.sum("lb", "status_500", 300, 500) > 100);
  CHECK(s.first("web-1", log_path::kNginxError, "No space left on device").find("[alert]") !=
        std::string::npos);
  CHECK(s.count("web-1", log_path::kApp, "OSError: [Errno 28] No space left on device") > 0);
  CHECK(s.count("web-2", log_path::kApp, "No space left on device") == 0);
  CHECK(s.fired("DiskAlmostFull", "web-1"));
  fault->clear(s.stack());  // the writer stops and what it wrote is freed
  s.run_to(700);
  CHECK(s.last("web-1", "disk_used_ratio") < 0.5);
  CHECK(s.sum("lb", "status_500", 650, 700) == 0);
  CHECK(s.resolved("DiskAlmostFull", "web-1"));
}

TEST_CASE(
    "fault symptoms: fd exhaustion gives 502s at the LB and 'Too many open files' in the "
    "web server's nginx error log",
    "[faults][symptoms][process]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.count("web-1", log_path::kNginxError, "Too many open files") == 0);
  auto fault = s.inject("fd_exhaustion", {"web-1"}, {{"nofile", 70.0}});
  s.run_to(180);
  CHECK(s.sum("lb", "status_502", 60, 180) > 50);
  CHECK(s.last("web-1", "open_fds") >= 64);
  CHECK(s.first("web-1", log_path::kNginxError, "Too many open files").find("[crit] ") !=
        std::string::npos);
  CHECK(s.count("web-1", log_path::kNginxError, "accept4() failed (24: Too many open files)") > 0);
  CHECK(s.count("lb", log_path::kNginxError, "upstream prematurely closed connection") > 0);
  CHECK(s.count("web-2", log_path::kNginxError, "Too many open files") == 0);
  fault->clear(s.stack());  // nofile back to 65536
  s.run_to(240);
  CHECK(s.sum("lb", "status_502", 200, 240) == 0);
  CHECK(s.count("web-1", log_path::kNginxError, "Too many open files", 200) == 0);
}
