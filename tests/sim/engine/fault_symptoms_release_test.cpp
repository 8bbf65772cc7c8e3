// Deploy, config and request faults end to end (bad_deploy, bad_config, certificate_expiry,
// latency, error_rate on a web server): what a release or a config change does to the LB's
// status codes and latency, which log shows it, and that undoing it restores the stack.
#include <cstdlib>

#include "fault_symptoms_test_util.h"

using namespace firedrill;
using symptoms::SymptomDrill;

namespace {
// $request_time of an access-log line: the second-to-last field ("... 0.512 10.0.1.11:80").
double request_time(const std::string& line) {
  const size_t last = line.rfind(' ');
  const size_t before = line.rfind(' ', last - 1);
  return std::atof(line.substr(before + 1, last - before - 1).c_str());
}
}  // namespace

TEST_CASE(
    "fault symptoms: a bad deploy raises 500s with app tracebacks on the deployed servers "
    "only, and clearing it rolls them back",
    "[faults][symptoms][release]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.count("web-1", log_path::kApp, "Exception on ") == 0);
  auto fault =
      s.inject("bad_deploy", {"web-1"}, {{"version", std::string("v1.1.0")}, {"error_rate", 0.4}});
  CHECK(s.stack().host("web-1")->app_version() == "v1.1.0");
  CHECK(s.stack().host("web-2")->app_version() == "v1.0.0");
  s.run_to(300);
  const double errors = s.sum("lb", "status_500", 60, 300);
  const double requests = s.sum("lb", "requests", 60, 300);
  CHECK(errors / requests == Approx(0.2).margin(0.04));  // half the traffic, 40% of it
  CHECK(s.count("web-1", log_path::kApp, "Exception on ") > 0);
  CHECK(s.count("web-1", log_path::kApp, "Traceback (most recent call last):") > 0);
  CHECK(s.count("web-2", log_path::kApp, "Exception on ") == 0);
  CHECK(s.count("lb", log_path::kNginxAccess, "\" 500 265 ") > 0);  // the app's own page
  CHECK(s.fired("HighErrorRate"));
  fault->clear(s.stack());
  CHECK(s.stack().host("web-1")->app_version() == "v1.0.0");
  s.run_to(400);
  CHECK(s.sum("lb", "status_500", 320, 400) == 0);
}

TEST_CASE(
    "fault symptoms: a wrong health_path on the LB marks every backend down: 503 for "
    "everyone and 'no live upstreams'",
    "[faults][symptoms][release]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.sum("lb", "status_503", 0, 60) == 0);
  auto fault = s.inject("bad_config", {"lb"},
                        {{"key", std::string("health_path")}, {"value", std::string("/helth")}});
  s.run_to(240);
  CHECK(s.last("lb", "healthy_backends") == 0);
  CHECK(s.mean("lb", "status_503", 70, 240) == Approx(s.mean("lb", "requests", 70, 240)));
  CHECK(s.count("lb", log_path::kNginxError, "peer is unhealthy") == 2);
  CHECK(s.first("lb", log_path::kNginxError, "no live upstreams")
            .find("upstream: \"http://backend") != std::string::npos);
  CHECK(s.count("lb", log_path::kNginxAccess, "\" 503 197 ") > 0);
  CHECK(s.fired("BackendDown", "web-1"));
  CHECK(s.fired("BackendDown", "web-2"));
  CHECK(s.fired("HighErrorRate"));
  CHECK(s.mean("web-1", "requests", 70, 240) == 0);  // the servers are fine and idle
  fault->clear(s.stack());
  s.run_to(360);
  CHECK(s.last("lb", "healthy_backends") == 2);
  CHECK(s.sum("lb", "status_503", 300, 360) == 0);
}

TEST_CASE("fault symptoms: nofile=64 in a web server's config gives 502 and 'Too many open files'",
          "[faults][symptoms][release]") {
  SymptomDrill s;
  s.run_to(60);
  auto fault = s.inject("bad_config", {"web-2"},
                        {{"key", std::string("nofile")}, {"value", std::string("64")}});
  s.run_to(180);
  CHECK(s.stack().host("web-2")->config().at("nofile") == "64");
  CHECK(s.sum("lb", "status_502", 60, 180) > 50);
  CHECK(s.count("web-2", log_path::kNginxError, "accept4() failed (24: Too many open files)") > 0);
  fault->clear(s.stack());
  CHECK(s.stack().host("web-2")->config().at("nofile") == "65536");
  s.run_to(240);
  CHECK(s.sum("lb", "status_502", 200, 240) == 0);
}

TEST_CASE(
    "fault symptoms: an expired certificate fails every TLS handshake at the LB while the "
    "web servers look idle",
    "[faults][symptoms][release]") {
  SymptomDrill s;
  s.run_to(60);
  CHECK(s.sum("lb", "tls_errors", 0, 60) == 0);
  auto fault = s.inject("certificate_expiry", {"lb"}, {{"in", std::string("30s")}});
  s.run_to(89);
  CHECK(s.sum("lb", "tls_errors", 60, 89) == 0);  // still valid
  s.run_to(300);
  CHECK(s.mean("lb", "tls_errors", 100, 300) == Approx(s.mean("lb", "requests", 100, 300)));
  CHECK(s.mean("lb", "error_ratio", 120, 299) == Approx(1.0));
  CHECK(s.mean("web-1", "requests", 100, 300) == 0);
  CHECK(s.mean("users", "error_ratio", 120, 299) == Approx(1.0));
  CHECK(s.fired("HighErrorRate"));
  // A handshake the client aborts never becomes a request: no access-log line; nginx logs the
  // abort at `info`, below the LB's error_log level.
  CHECK(s.count("lb", log_path::kNginxAccess, "", 100) <
        s.count("lb", log_path::kNginxAccess, "", 0) / 2 + 1);
  fault->clear(s.stack());
  s.run_to(400);
  CHECK(s.sum("lb", "tls_errors", 350, 400) == 0);
}

TEST_CASE(
    "fault symptoms: added latency on a web server raises p50 and p99 at the LB and its "
    "requests' $request_time in the access log",
    "[faults][symptoms][release]") {
  SymptomDrill s;
  s.run_to(60);
  const double p99_before = s.mean("lb", "p99_ms", 10, 60);
  CHECK(p99_before < 200);
  auto fault = s.inject("latency", {"web-1"}, {{"ms", 800.0}});
  s.run_to(300);
  CHECK(s.mean("lb", "p99_ms", 70, 300) > 800);
  CHECK(s.mean("lb", "p95_ms", 70, 300) > 800);  // half the requests take 800 ms more
  CHECK(s.mean("web-1", "worker_utilization", 70, 300) >
        3 * s.mean("web-2", "worker_utilization", 70, 300));
  size_t slow_web1 = 0, slow_web2 = 0;
  for (const LogEntry& e : s.lines("lb", log_path::kNginxAccess, "\" 200 ", 70)) {
    if (e.text.ends_with(" 10.0.1.11:80") && request_time(e.text) >= 0.8) ++slow_web1;
    if (e.text.ends_with(" 10.0.1.12:80") && request_time(e.text) >= 0.8) ++slow_web2;
  }
  CHECK(slow_web1 > 50);
  CHECK(slow_web2 == 0);
  CHECK(s.fired("HighLatency"));  // 800 ms plus the queue behind it: p99 over 1 s
  fault->clear(s.stack());
  s.run_to(400);
  CHECK(s.mean("lb", "p99_ms", 350, 400) < 200);
}

TEST_CASE(
    "fault symptoms: an error rate on one web server gives 500s with app tracebacks there "
    "and nowhere else",
    "[faults][symptoms][release]") {
  SymptomDrill s;
  s.run_to(60);
  auto fault = s.inject("error_rate", {"web-2"}, {{"rate", 0.5}});
  s.run_to(300);
  const double ratio = s.sum("lb", "status_500", 60, 300) / s.sum("lb", "requests", 60, 300);
  CHECK(ratio == Approx(0.25).margin(0.04));
  CHECK(s.first("web-2", log_path::kApp, "Exception on ").find("[ERROR] Exception on /") !=
        std::string::npos);
  CHECK(s.count("web-1", log_path::kApp, "Exception on ") == 0);
  CHECK(s.fired("HighErrorRate"));
  fault->clear(s.stack());
  s.run_to(400);
  CHECK(s.sum("lb", "status_500", 320, 400) == 0);
}
