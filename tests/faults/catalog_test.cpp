// The catalog's contract with scenarios and the HTTP API: every problem is an error value that
// names the field and lists what would be valid; describe() documents every kind.
#include <fstream>
#include <sstream>

#include "fault_test_util.h"

using namespace firedrill;
using Catch::Matchers::Contains;

namespace {
FaultError error_of(std::string_view kind, std::vector<std::string> targets, FaultParams params) {
  auto made = make_fault(kind, std::move(targets), params);
  REQUIRE_FALSE(made.ok());
  return made.error();
}
FaultError stack_error_of(WebStack& stack, std::string_view kind, std::vector<std::string> targets,
                          FaultParams params) {
  auto made = make_fault(stack, kind, std::move(targets), params);
  REQUIRE_FALSE(made.ok());
  return made.error();
}
}  // namespace

TEST_CASE("faults: an unknown kind is an error naming 'kind', a suggestion and every valid kind",
          "[faults][catalog]") {
  const FaultError e = error_of("latncy", {"web-1"}, {});
  CHECK(e.field == "kind");
  CHECK_THAT(e.message, Contains("unknown fault kind 'latncy'"));
  CHECK_THAT(e.message, Contains("did you mean 'latency'?"));
  for (const FaultKindInfo& k : fault_kinds()) CHECK_THAT(e.message, Contains(k.kind));
}

TEST_CASE("faults: an unknown parameter names the field and lists the kind's parameters",
          "[faults][catalog]") {
  const FaultError e = error_of("error_rate", {"web-1"}, {{"rat", 0.5}});
  CHECK(e.field == "params.rat");
  CHECK_THAT(e.message, Contains("did you mean 'rate'?"));
  CHECK_THAT(e.message, Contains("valid: rate, writes_only, intensity, ramp, duration"));
}

TEST_CASE("faults: a value of the wrong type says what was expected and what was given",
          "[faults][catalog]") {
  FaultError e = error_of("error_rate", {"web-1"}, {{"rate", std::string("lots")}});
  CHECK(e.field == "params.rate");
  CHECK_THAT(e.message, Contains("must be a number from 0 to 1, got the string \"lots\""));
  e = error_of("crash", {"web-1"}, {{"restart", 1.0}});
  CHECK(e.field == "params.restart");
  CHECK_THAT(e.message, Contains("true or false"));
  e = error_of("crash", {"web-1"}, {{"reason", std::string("segfault")}});
  CHECK_THAT(e.message, Contains("one of crashed, oom_killed"));
}

TEST_CASE("faults: a value out of range names the field and the range", "[faults][catalog]") {
  FaultError e = error_of("error_rate", {"web-1"}, {{"rate", 1.5}});
  CHECK(e.field == "params.rate");
  CHECK_THAT(e.message, Contains("from 0 to 1, got the number 1.5 (out of range)"));
  e = error_of("pool_exhaustion", {"web-1"}, {{"connections", 2.5}});
  CHECK(e.field == "params.connections");
  CHECK_THAT(e.message, Contains("not a whole number"));
  e = error_of("latency", {"web-1"}, {{"intensity", -0.1}});
  CHECK(e.field == "params.intensity");
}

TEST_CASE("faults: durations are read as text or seconds, and bad ones name the field",
          "[faults][catalog]") {
  auto ok = make_fault("crash", {"web-1"}, {{"every", std::string("1m30s")}});
  REQUIRE(ok);
  CHECK(std::get<std::string>(ok.value()->params().at("every")) == "1m30s");
  ok = make_fault("crash", {"web-1"}, {{"every", 90.0}});
  REQUIRE(ok);
  CHECK(std::get<std::string>(ok.value()->params().at("every")) == "1m30s");
  CHECK(parse_fault_duration("250ms").value() == SimTime::millis(250));
  CHECK(parse_fault_duration("1.5m").value() == SimTime::seconds(90));
  CHECK(parse_fault_duration("2h").value() == SimTime::seconds(7200));
  CHECK(format_fault_duration(SimTime::millis(1500)) == "1s500ms");
  const FaultError e = error_of("crash", {"web-1"}, {{"every", std::string("5 minutes")}});
  CHECK(e.field == "params.every");
  CHECK_THAT(e.message, Contains("like 500ms, 30s, 5m, 1h"));
}

TEST_CASE("faults: a target that cannot name a component of the kind is an error at make time",
          "[faults][catalog]") {
  FaultError e = error_of("slow_queries", {"lb"}, {});
  CHECK(e.field == "targets[0]");
  CHECK_THAT(e.message, Contains("'lb' cannot name any component slow_queries applies to"));
  CHECK_THAT(e.message, Contains("db, db-replica"));
  e = error_of("crash", {}, {});
  CHECK(e.field == "targets");
  CHECK_THAT(e.message, Contains("needs at least one target"));
  // Kinds with a natural target default to it.
  auto spike = make_fault("traffic_spike", {}, {});
  REQUIRE(spike);
  CHECK(spike.value()->targets() == std::vector<std::string>{"users"});
}

TEST_CASE("faults: against a stack, a target matching nothing lists the stack's valid names",
          "[faults][catalog]") {
  Simulation sim(1);
  WebStack stack(sim, testing::small_stack());
  FaultError e = stack_error_of(stack, "latency", {"web-1", "web-9"}, {});
  CHECK(e.field == "targets[1]");
  CHECK_THAT(e.message, Contains("'web-9' matches no component latency applies to"));
  CHECK_THAT(e.message, Contains("valid: web-1, web-2, db"));
  e = stack_error_of(stack, "latency", {"lb"}, {});
  CHECK_THAT(e.message, Contains("'lb' is the load balancer (lb), which latency does not apply"));
  e = stack_error_of(stack, "replication_lag", {}, {});
  CHECK_THAT(e.message, Contains("this stack has none of the read replica"));
  e = stack_error_of(stack, "latency", {"db"}, {{"ms", 100.0}});
  CHECK(e.field == "params.ms");
  CHECK_THAT(e.message, Contains("databases take factor"));
  e = stack_error_of(stack, "bad_config", {"lb"},
                     {{"key", std::string("helth_path")}, {"value", std::string("/x")}});
  CHECK(e.field == "params.key");
  CHECK_THAT(e.message, Contains("did you mean 'health_path'?"));
  e = stack_error_of(stack, "network_partition", {"lb", "db"}, {});
  CHECK(e.field == "targets");
  CHECK_THAT(e.message, Contains("lb <-> web-N and web-N <-> db"));
  e = stack_error_of(stack, "db_failover_split_brain", {}, {});
  CHECK_THAT(e.message, Contains("needs a read replica"));
}

TEST_CASE("faults: cross-parameter rules are checked with the field named", "[faults][catalog]") {
  FaultError e = error_of("fd_exhaustion", {"web-1"}, {});
  CHECK(e.field == "params");
  CHECK_THAT(e.message, Contains("needs leak, rate or nofile"));
  e = error_of("fd_exhaustion", {"web-1"}, {{"nofile", 8.0}});
  CHECK(e.field == "params.nofile");
  e = error_of("bad_deploy", {"web-1"}, {});
  CHECK_THAT(e.message, Contains("needs a behaviour"));
  e = error_of("bad_config", {"web-1"}, {{"key", std::string("workers")}});
  CHECK(e.field == "params.value");
  CHECK_THAT(e.message, Contains("needs this parameter"));
  e = error_of("network_partition", {"lb"}, {});
  CHECK(e.field == "targets");
  CHECK_THAT(e.message, Contains("exactly two targets"));
  e = error_of("db_failover_split_brain", {}, {{"return_after", 10.0}});
  CHECK(e.field == "params.return_after");
  e = error_of("certificate_expiry", {}, {{"in", 10.0}, {"at", 20.0}});
  CHECK_THAT(e.message, Contains("not both"));
}

TEST_CASE("faults: a value the component refuses is an inject error and changes nothing",
          "[faults][catalog]") {
  Simulation sim(1);
  WebStack stack(sim, testing::small_stack());
  auto made = make_fault(stack, "bad_config", {"web-*"},
                         {{"key", std::string("workers")}, {"value", std::string("zero")}});
  REQUIRE(made);
  const auto error = made.value()->inject(stack);
  REQUIRE(error);
  CHECK(error->field == "params.value");
  CHECK_THAT(error->message, Contains("workers must be a whole number"));
  CHECK_FALSE(made.value()->injected());
  CHECK(stack.web(0).config().workers == 8);
  CHECK(stack.web(1).host().config().at("workers") == "8");
}

TEST_CASE(
    "faults: every kind's defaults are valid and every kind is described with its "
    "parameters",
    "[faults][catalog]") {
  const std::string text = describe();
  for (const FaultKindInfo& k : fault_kinds()) {
    INFO(k.kind);
    CHECK_THAT(text, Contains(k.kind + " — "));
    for (const FaultParamSpec& p : k.params) CHECK_THAT(describe(k.kind), Contains(p.name));
    CHECK_FALSE(k.symptoms.empty());
    CHECK_FALSE(k.fixes.empty());
    FaultParams minimal;  // what each kind needs beyond its defaults
    if (k.kind == "fd_exhaustion") minimal = {{"nofile", 64.0}};
    if (k.kind == "bad_deploy") minimal = {{"error_rate", 0.5}};
    if (k.kind == "bad_config")
      minimal = {{"key", std::string("workers")}, {"value", std::string("1")}};
    std::vector<std::string> targets;
    if (k.default_targets.empty())
      targets = k.kind == "network_partition" || k.kind == "packet_loss"
                    ? std::vector<std::string>{"lb", "web-1"}
                    : std::vector<std::string>{(k.roles & kRoleWeb) ? "web-1" : "db"};
    auto made = make_fault(k.kind, targets, minimal);
    if (!made) FAIL(made.error().formatted());
  }
  CHECK(fault_kinds().size() == 22);
  CHECK(describe("nope").empty());
}

TEST_CASE("faults: docs/faults.md documents every kind and parameter of the catalog",
          "[faults][catalog]") {
  std::ifstream in(std::string(FIREDRILL_SOURCE_DIR) + "/docs/faults.md");
  REQUIRE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  for (const FaultKindInfo& k : fault_kinds()) {
    INFO(k.kind);
    CHECK_THAT(doc.str(), Contains("## " + k.kind));
    for (const FaultParamSpec& p : k.params) CHECK_THAT(doc.str(), Contains("`" + p.name + "`"));
  }
}
