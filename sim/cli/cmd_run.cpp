// `firedrill run [SCENARIO.lua]`: a headless drill at maximum speed that prints what happens.
// With a scenario file, that scenario (run_scenario.h): its autopilot with --autopilot, a
// recorded trainee with --actions, a progress line on stderr, and with --out the journal and
// then the postmortem draft, chart and figures. Without one, the built-in stack with its
// standard alerts and a traffic spike half-way, as a table per simulated minute (--minutes,
// --rps, --spike); --actions and --out work there too.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "sim/cli/commands.h"
#include "sim/cli/format.h"
#include "sim/cli/run_scenario.h"
#include "sim/cli/run_support.h"
#include "sim/engine/action_script.h"
#include "sim/engine/drill.h"
#include "sim/trainee/console.h"

namespace firedrill::cli {

namespace {

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
  spec.seed = o.seed.value_or(1);
  spec.stack.traffic.base_rps = o.rps;
  spec.length = SimTime::minutes(o.minutes);
  spec.stack.traffic.spikes.push_back(
      {SimTime::minutes(o.minutes / 2), SimTime::minutes(5), o.spike});
  spec.alerts = standard_alert_rules();

  LoadedMoves loaded;
  if (!o.actions.empty()) loaded = load_moves(o.actions, spec, false);
  std::unique_ptr<JournalFileWriter> writer = open_run_journal(o.out);
  std::string error;
  std::unique_ptr<Drill> drill = Drill::create(spec, writer.get(), &error);
  if (!drill) throw CommandError("run: " + error);

  Console console(drill->stack(), drill->logs());  // replays the recorded commands
  ActionScriptPlayer player(*drill, std::move(loaded.moves), &console, o.actions);
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
      static_cast<unsigned long long>(spec.seed),
      drill->clock().postmortem_date_time(SimTime{}).c_str());
  std::printf("%-8s %8s %8s %8s %9s %6s %6s %6s %8s %7s\n", "time", "req/s", "ok%", "failed",
              "p99 ms", "502", "503", "504", "healthy", "db util");
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t minute = 1; minute <= o.minutes; ++minute) {
    player.run_until(SimTime::minutes(minute) + SimTime::millis(1));  // includes that minute's tick
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
  player.perform_due();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const std::string& w : player.warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const Client& c = drill->stack().client();
  std::printf(
      "done: %s simulated in %.2f s wall; %llu user requests, %llu failed, %u of %u users "
      "affected (%.2f%%); %llu events, digest %s\n",
      fmt_elapsed(spec.length).c_str(), wall, static_cast<unsigned long long>(c.user_requests()),
      static_cast<unsigned long long>(c.final_failures()), c.users_affected(), c.users_seen(),
      c.users_seen() ? 100.0 * c.users_affected() / c.users_seen() : 0.0,
      static_cast<unsigned long long>(drill->sim().events_processed()),
      fmt_digest(drill->sim().digest()).c_str());
  std::fflush(stdout);
  drill->journal().write("engine", "run.end", {{"events", drill->sim().events_processed()}});
  finish_run_journal(writer.get(), drill->journal(), o.out);
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* run = app.add_subcommand(
      "run",
      "Run a drill headless at maximum speed and print what happens: a scenario (with its "
      "autopilot or a recorded trainee), or without one the built-in flash crowd");
  run->add_option("scenario", opts->scenario,
                  "scenario file (.lua); without one, the built-in drill");
  run->add_flag("--autopilot", opts->autopilot,
                "play the scenario's model responder (its autopilot {...})");
  run->add_option("--actions", opts->actions,
                  "replay a trainee's moves: a drill's journal, or JSON lines of moves (docs: "
                  "sim/engine/action_script.h)");
  run->add_option("--seed", opts->seed, "run seed (default: the scenario's, or 1)");
  run->add_option("--out", opts->out,
                  "directory for journal.jsonl, then postmortem.md, outage.svg, summary.json");
  CLI::Option* progress_on =
      run->add_flag("--progress")
          ->description("draw the progress line on stderr (default: when stderr is a terminal)");
  CLI::Option* progress_off =
      run->add_flag("--no-progress")->description("never draw the progress line");
  progress_on->excludes(progress_off);
  auto* minutes = run->add_option("--minutes", opts->minutes, "built-in drill: simulated minutes")
                      ->check(CLI::Range(1, 24 * 60))
                      ->capture_default_str();
  auto* rps = run->add_option("--rps", opts->rps, "built-in drill: base request rate")
                  ->check(CLI::PositiveNumber)
                  ->capture_default_str();
  auto* spike =
      run->add_option("--spike", opts->spike, "built-in drill: traffic multiplier of the spike")
          ->check(CLI::PositiveNumber)
          ->capture_default_str();
  run->callback([opts, progress_on, progress_off, minutes, rps, spike] {
    if (progress_on->count() > 0) opts->progress = true;
    if (progress_off->count() > 0) opts->progress = false;
    if (opts->scenario.empty()) {
      if (opts->autopilot)
        throw CommandError("run: --autopilot plays a scenario's autopilot: give a scenario file");
      run_builtin(*opts);
      return;
    }
    for (const CLI::Option* o : {minutes, rps, spike}) {
      if (o->count() > 0)
        throw CommandError(fmt::format(
            "run: {} is for the built-in drill; a scenario sets its own stack and length",
            o->get_name()));
    }
    run_scenario(*opts);
  });
}

}  // namespace firedrill::cli
