// `firedrill bench webstack-v1 [...]`: the anchor model run through the product's own stack,
// printing the same JSON fields as ../shared/anchors/webstack_simpy.py. Its fault
// (--fault-at, --fault-db-factor) is the fault library's `slow_queries`, injected through
// make_fault() as a drill does, so the benchmark measures the code a drill runs.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/cli/format.h"
#include "sim/faults/fault_catalog.h"
#include "sim/stack/webstack_v1.h"

namespace firedrill::cli {

namespace {

struct BenchOptions {
  WebstackV1Params p;
  double fault_at = -1.0;
};

void run_webstack_v1(const BenchOptions& o) {
  WebstackV1Params p = o.p;
  if (o.fault_at >= 0) p.fault_at = o.fault_at;
  WebstackV1Run run(p);
  // Made (and its parameters checked) before the clock starts; injected at fault_at.
  std::unique_ptr<Fault> fault;
  if (p.fault_at) {
    auto made = make_fault(run.stack(), "slow_queries", {"db"}, {{"factor", p.fault_db_factor}});
    if (!made) throw CommandError("bench: --fault-db-factor: " + made.error().formatted(), 2);
    fault = std::move(made.value());
  }
  auto inject = [&fault](WebStack& stack) {
    if (auto error = fault->inject(stack))
      throw CommandError("bench: cannot inject slow_queries: " + error->formatted());
  };
  const auto t0 = std::chrono::steady_clock::now();
  run.run(inject);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const WebstackV1Summary s = run.summary();

  nlohmann::ordered_json out;
  out["model"] = "webstack-v1";
  out["params"] = {{"rps", p.rps},
                   {"duration", p.duration},
                   {"web", p.web},
                   {"workers", p.workers},
                   {"web_ms", p.web_ms},
                   {"queries", p.queries},
                   {"db_conns", p.db_conns},
                   {"db_ms", p.db_ms},
                   {"seed", p.seed},
                   {"fault_at", p.fault_at ? nlohmann::ordered_json(*p.fault_at) : nullptr},
                   {"fault_db_factor", p.fault_db_factor}};
  out["requests_arrived"] = s.requests_arrived;
  out["requests_completed"] = s.requests_completed;
  out["mean_latency_ms"] = s.mean_latency_ms;
  out["p50_ms"] = s.p50_ms;
  out["p95_ms"] = s.p95_ms;
  out["p99_ms"] = s.p99_ms;
  out["web_utilization"] = s.web_utilization;
  out["db_utilization"] = s.db_utilization;
  out["throughput_rps"] = s.throughput_rps;
  out["sim_events"] = s.sim_events;
  out["wall_s"] = wall_s;
  out["events_per_s"] = wall_s > 0 ? static_cast<double>(s.sim_events) / wall_s : 0.0;
  out["requests_per_wall_s"] =
      wall_s > 0 ? static_cast<double>(s.requests_completed) / wall_s : 0.0;
  out["digest"] = fmt_digest(s.digest);
  out["engine"] = "firedrill " FIREDRILL_VERSION " (C++ discrete-event, integer µs)";
  std::printf("%s\n", out.dump().c_str());
}

}  // namespace

void register_bench_command(CLI::App& app) {
  auto* bench =
      app.add_subcommand("bench", "Run a reference model through the product's stack code");
  bench->require_subcommand(1);
  auto opts = std::make_shared<BenchOptions>();
  auto* v1 = bench->add_subcommand(
      "webstack-v1",
      "The anchor web stack (../shared/anchors/webstack_simpy.py); prints one JSON line");
  WebstackV1Params& p = opts->p;
  v1->add_option("--rps", p.rps, "Poisson arrival rate, req/s")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->add_option("--duration", p.duration, "simulated seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->add_option("--web", p.web, "number of web servers N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->add_option("--workers", p.workers, "workers per web server c")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->add_option("--web-ms", p.web_ms, "mean CPU time per request, ms")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->add_option("--queries", p.queries, "sequential DB queries per request k")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  v1->add_option("--db-conns", p.db_conns, "DB connections m")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->add_option("--db-ms", p.db_ms, "mean DB query time, ms")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->add_option("--seed", p.seed, "run seed")->capture_default_str();
  v1->add_option("--fault-at", opts->fault_at,
                 "sim time T (s) from which DB mean time is multiplied")
      ->check(CLI::NonNegativeNumber);
  v1->add_option("--fault-db-factor", p.fault_db_factor,
                 "multiplier F for DB mean query time after --fault-at (the slow_queries "
                 "fault's factor)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  v1->callback([opts] { run_webstack_v1(*opts); });
}

}  // namespace firedrill::cli
