// bad_deploy (with a rollback), bad_config and certificate_expiry.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE("faults: a bad deploy brings its release's errors, and a rollback takes them away",
          "[faults][release]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 10);
  auto f = inject(stack, "bad_deploy", {"web-*"}, {{"error_rate", 0.3}});
  Host& h = stack.web(0).host();
  CHECK(h.app_version() == "v1.1.0");
  CHECK(h.previous_version() == "v1.0.0");
  run_to(sim, 40);
  CHECK(sum(stack, "lb", "status_500", 12, 38) ==
        Approx(0.3 * sum(stack, "lb", "requests", 12, 38)).epsilon(0.15));
  CHECK(rec.failures_on("web-1", FailureReason::kAppError) > 0);
  h.deploy(h.previous_version());  // the trainee rolls web-1 back
  CHECK(stack.web(0).impairment().error_rate == 0);
  CHECK(stack.web(1).impairment().error_rate == Approx(0.3));
  const int errors = rec.failures_on("web-1", FailureReason::kAppError);
  run_to(sim, 60);
  CHECK(rec.failures_on("web-1", FailureReason::kAppError) == errors);
  h.deploy("v1.1.0");  // and deploys it again: the bug is in the release
  CHECK(stack.web(0).impairment().error_rate == Approx(0.3));
  f->clear(stack);  // rolls back whatever still runs it
  CHECK(h.app_version() == "v1.0.0");
  CHECK(stack.web(1).host().app_version() == "v1.0.0");
  CHECK(stack.web(1).impairment().error_rate == 0);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a bad deploy can leak memory, and its intensity scales the behaviour",
                 "[faults][release]") {
  auto f = inject(stack, "bad_deploy", {"web-2"},
                  {{"version", std::string("v2.0.0")},
                   {"memory_leak_mb_per_min", 600.0},
                   {"latency_ms", 10.0},
                   {"cpu_factor", 3.0}});
  Host& h = stack.web(1).host();
  CHECK(h.app_version() == "v2.0.0");
  CHECK(h.memory_leak_rate() == 600);
  CHECK(stack.web(1).impairment().cpu_factor == 3);
  f->set_intensity(0.5);
  CHECK(h.memory_leak_rate() == 300);
  CHECK(stack.web(1).impairment().cpu_factor == 2);
  CHECK(stack.web(1).impairment().extra_latency == SimTime::millis(5));
  h.deploy(h.previous_version());
  CHECK(h.memory_leak_rate() == 0);
  CHECK(stack.web(1).impairment().cpu_factor == 1);
  f->clear(stack);
  CHECK(h.app_version() == "v1.0.0");  // already rolled back: left alone
}

TEST_CASE(
    "faults: a wrong LB health-check path takes every backend out: 503 for everyone, "
    "until it is set back",
    "[faults][release]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 10);
  auto f = inject(stack, "bad_config", {"lb"},
                  {{"key", std::string("health_path")}, {"value", std::string("/healthz")}});
  run_to(sim, 30);
  CHECK(stack.lb().healthy_backends() == 0);
  CHECK(rec.answered(Outcome::kUnavailable, FailureReason::kNoHealthyUpstream) > 0);
  CHECK(sum(stack, "lb", "status_503", 20, 28) == sum(stack, "lb", "requests", 20, 28));
  f->clear(stack);
  CHECK(stack.lb().health_path() == "/health");
  run_to(sim, 40);
  CHECK(stack.lb().healthy_backends() == 2);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: bad_config leaves a value someone corrected since alone",
                 "[faults][release]") {
  auto f = inject(stack, "bad_config", {"web-*"},
                  {{"key", std::string("workers")}, {"value", std::string("1")}});
  CHECK(stack.web(0).config().workers == 1);
  run_to(sim, 20);
  CHECK(mean(stack, "web-1", "backlog", 5, 18) > mean(stack, "web-1", "busy_workers", 5, 18) / 10);
  REQUIRE_FALSE(stack.web(1).host().set_config("workers", "32"));  // the trainee's fix on web-2
  f->clear(stack);
  CHECK(stack.web(0).config().workers == 8);
  CHECK(stack.web(1).config().workers == 32);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: an expired certificate fails every TLS handshake from its expiry on",
                 "[faults][release]") {
  run_to(sim, 5);
  auto f = inject(stack, "certificate_expiry", {}, {{"in", std::string("10s")}});
  CHECK(stack.lb().certificate_expiry() == SimTime::seconds(15));
  run_to(sim, 30);
  CHECK(sum(stack, "lb", "tls_errors", 5, 14) == 0);
  CHECK(sum(stack, "lb", "tls_errors", 16, 28) == sum(stack, "lb", "requests", 16, 28));
  CHECK(testing::last(stack, "lb", "error_ratio") == 1.0);
  CHECK(sum(stack, "web-1", "requests", 16, 28) == 0);
  stack.lb().set_certificate_expiry(SimTime::seconds(365 * 86400));  // renewed
  f->clear(stack);
  CHECK(stack.lb().certificate_expiry() == SimTime::seconds(365 * 86400));
}
