// `firedrill run`: a headless drill at maximum speed that prints what happens, minute by
// minute, with alerts and process changes as they occur, and (with --out) writes the
// journal. Until Lua scenarios can be loaded it runs the built-in stack with its standard
// alerts and a traffic spike half-way.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "reporter/journal/journal_file_writer.h"
#include "sim/cli/commands.h"
#include "sim/cli/format.h"
#include "sim/engine/action_script.h"
#include "sim/engine/drill.h"

namespace firedrill::cli {

namespace {

struct RunOptions {
  uint64_t seed = 1;
  int64_t minutes = 30;
  double rps = 400.0;
  double spike = 12.0;
  std::string out;
  std::string actions;
};

double sum_over(const MetricsRegistry& m, SeriesId id, int64_t from, int64_t to) {
  double total = 0;
  for (int64_t s = std::max(from, m.first_second()); s < to; ++s) total += m.value(id, s);
  return total;
}

double max_over(const MetricsRegistry& m, SeriesId id, int64_t from, int64_t to) {
  double best = 0;
  for (int64_t s = std::max(from, m.first_second()); s < to; ++s)
    best = std::max(best, m.value(id, s));
  return best;
}

// Echoes process changes to the terminal (health-check flaps are left to the alerts).
struct TerminalEcho : StackObserver {
  const ScenarioClock* clock = nullptr;
  void on_process(std::string_view host, std::string_view service, ProcessChange change,
                  SimTime at) override {
    std::printf("  %s  %s: %.*s %.*s\n", clock->postmortem_time(at).c_str(),
                std::string(host).c_str(), static_cast<int>(service.size()), service.data(),
                static_cast<int>(process_change_name(change).size()),
                process_change_name(change).data());
  }
};

void run_builtin(const RunOptions& o) {
  DrillSpec spec;
  spec.id = "builtin-spike";
  spec.title = "Built-in stack with a traffic spike";
  spec.seed = o.seed;
  spec.stack.traffic.base_rps = o.rps;
  spec.length = SimTime::minutes(o.minutes);
  spec.stack.traffic.spikes.push_back(
      {SimTime::minutes(o.minutes / 2), SimTime::minutes(5), o.spike});
  spec.alerts = standard_alert_rules();

  std::vector<ScriptedMove> moves;
  if (!o.actions.empty()) {
    ActionScriptResult script = read_action_script(o.actions);
    if (!script.ok()) throw CommandError("run: " + script.error);
    moves = std::move(script.moves);
  }
  std::unique_ptr<JournalFileWriter> writer;
  if (!o.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out, ec);
    if (ec) throw CommandError(fmt::format("run: cannot create {}: {}", o.out, ec.message()));
    const JournalStatus opened =
        JournalFileWriter::open((std::filesystem::path(o.out) / "journal.jsonl").string(), &writer);
    if (!opened.ok()) throw CommandError("run: " + opened.message());
  }
  std::string error;
  std::unique_ptr<Drill> drill = Drill::create(spec, writer.get(), &error);
  if (!drill) throw CommandError("run: " + error);

  ActionScriptPlayer player(*drill, std::move(moves));
  TerminalEcho echo;
  echo.clock = &drill->clock();
  drill->add_observer(&echo);
  drill->alerts().add_listener([&](const AlertTransition& t) {
    if (t.to != AlertState::firing && t.to != AlertState::resolved) return;  // what pages
    std::printf("  %s  ALERT %-8s %s on %s: %s\n", drill->clock().postmortem_time(t.at).c_str(),
                to_string(t.to), t.rule.c_str(), t.component.c_str(), t.summary.c_str());
  });

  const MetricsRegistry& m = drill->stack().metrics();
  auto id = [&](const char* component, const char* metric) { return *m.find(component, metric); };
  const SeriesId req = id("users", "requests"), ok = id("users", "ok"),
                 failed = id("users", "failed"), p99 = id("lb", "p99_ms"),
                 healthy = id("lb", "healthy_backends"), dbu = id("db", "utilization"),
                 s503 = id("lb", "status_503"), s502 = id("lb", "status_502"),
                 s504 = id("lb", "status_504");
  const uint32_t webs = spec.stack.web.count;

  std::printf(
      "firedrill run: %s; %u web servers, %.0f req/s, x%.1f spike at minute %lld for "
      "5 min; seed %llu; starts %s\n",
      spec.title.c_str(), webs, o.rps, o.spike, static_cast<long long>(o.minutes / 2),
      static_cast<unsigned long long>(o.seed),
      drill->clock().postmortem_date_time(SimTime{}).c_str());
  std::printf("%-8s %8s %8s %8s %9s %6s %6s %6s %8s %7s\n", "time", "req/s", "ok%", "failed",
              "p99 ms", "502", "503", "504", "healthy", "db util");
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t minute = 1; minute <= o.minutes; ++minute) {
    drill->run_until(SimTime::minutes(minute) + SimTime::millis(1));  // includes that minute's tick
    const int64_t from = (minute - 1) * 60, to = minute * 60;
    const double n = sum_over(m, req, from, to), good = sum_over(m, ok, from, to),
                 bad = sum_over(m, failed, from, to);
    std::printf("%-8s %8.1f %7.2f%% %8.0f %9.1f %6.0f %6.0f %6.0f %6.0f/%u %7.2f\n",
                fmt_elapsed(SimTime::minutes(minute)).c_str(), n / 60.0,
                good + bad > 0 ? 100.0 * good / (good + bad) : 100.0, bad,
                max_over(m, p99, from, to), sum_over(m, s502, from, to),
                sum_over(m, s503, from, to), sum_over(m, s504, from, to), m.value(healthy, to - 1),
                webs, sum_over(m, dbu, from, to) / 60.0);
    std::fflush(stdout);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const Client& c = drill->stack().client();
  std::printf(
      "done: %s simulated in %.2f s wall; %llu user requests, %llu failed, %u of %u users "
      "affected (%.2f%%); %llu events, digest %s\n",
      fmt_elapsed(spec.length).c_str(), wall, static_cast<unsigned long long>(c.user_requests()),
      static_cast<unsigned long long>(c.final_failures()), c.users_affected(), c.users_seen(),
      c.users_seen() ? 100.0 * c.users_affected() / c.users_seen() : 0.0,
      static_cast<unsigned long long>(drill->sim().events_processed()),
      fmt_digest(drill->sim().digest()).c_str());
  if (writer) {
    drill->journal().write("engine", "run.end", {{"events", drill->sim().events_processed()}});
    const JournalStatus closed = writer->close();
    if (const auto& e = drill->journal().error()) throw CommandError("run: journal: " + *e);
    if (!closed.ok()) throw CommandError("run: " + closed.message());
    std::printf("journal: %s (%llu records)\n", writer->path().c_str(),
                static_cast<unsigned long long>(drill->journal().records_written()));
  }
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* run =
      app.add_subcommand("run", "Run a headless drill at maximum speed and print what happens");
  run->add_option("--seed", opts->seed, "run seed")->capture_default_str();
  run->add_option("--minutes", opts->minutes, "simulated minutes")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  run->add_option("--rps", opts->rps, "base request rate")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  run->add_option("--spike", opts->spike, "traffic multiplier of the mid-drill spike")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  run->add_option("--out", opts->out, "directory for journal.jsonl");
  run->add_option(
      "--actions", opts->actions,
      "replay a responder's moves: a journal, or JSON lines {at, action, target, params}");
  run->callback([opts] { run_builtin(*opts); });
}

}  // namespace firedrill::cli
