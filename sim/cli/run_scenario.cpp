#include "sim/cli/run_scenario.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "sim/cli/commands.h"
#include "sim/cli/format.h"
#include "sim/cli/run_progress.h"
#include "sim/script/scenario_drill.h"

namespace firedrill::cli {

namespace {

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

void run_scenario(const RunOptions& o) {
  script::ScenarioLoadOptions load;
  load.seed = o.seed;
  script::ScriptError error;
  // Declared before the drill, which writes to the one and whose journal listener draws on the
  // other until it is gone.
  std::unique_ptr<JournalFileWriter> writer;
  std::unique_ptr<ProgressLine> progress;
  std::unique_ptr<script::ScenarioDrill> run =
      script::ScenarioDrill::load(o.scenario, load, &error);
  if (!run) {
    fmt::print(stderr, "{}\n", error.formatted());
    if (!error.traceback.empty()) fmt::print(stderr, "{}\n", error.traceback);
    exit_code() = 1;
    return;
  }
  const script::ScenarioDefinition& def = run->definition();
  const DrillSpec& spec = def.drill;
  LoadedMoves loaded;
  if (!o.actions.empty()) loaded = load_moves(o.actions, spec, o.autopilot);
  writer = open_run_journal(o.out);
  progress = std::make_unique<ProgressLine>(spec.length, progress_wanted(o.progress, stderr));

  script::ScenarioRuntimeOptions runtime_options;
  runtime_options.autopilot = o.autopilot;
  ProgressLine* line = progress.get();
  runtime_options.error_sink = [line](const script::ScriptError& e, const std::string& what) {
    line->clear();
    fmt::print(stderr, "{}\n{}{}  ({} was disabled)\n", e.formatted(), e.traceback,
               e.traceback.empty() ? "" : "\n", what);
  };
  std::string drill_error;
  if (!run->start(writer.get(), std::move(runtime_options), &drill_error))
    throw CommandError("run: " + drill_error);
  Drill& drill = run->drill();
  const ScenarioClock& clock = drill.clock();
  drill.journal().add_listener([line, &clock](const JournalRecord& r) {
    if (auto text = echo_line(r, clock)) {
      line->clear();
      std::fputs(text->c_str(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
    }
  });
  ActionScriptPlayer player(drill, std::move(loaded.moves), &run->console(), o.actions);

  std::string responder = o.autopilot ? "the autopilot" : "";
  if (!o.actions.empty()) {
    responder += fmt::format("{}{} recorded move{} from {}", responder.empty() ? "" : " and ",
                             player.remaining(), player.remaining() == 1 ? "" : "s", o.actions);
  }
  fmt::print("firedrill run: {} ({}), seed {}, {} from {}; responder: {}\n", spec.title, spec.id,
             spec.seed, fmt_elapsed(spec.length), clock.postmortem_date_time(SimTime{}),
             responder.empty() ? "nobody (--autopilot or --actions FILE to respond)" : responder);
  if (loaded.autopilot_skipped > 0) {
    fmt::print("  ({} recorded autopilot move{} left to the playing autopilot)\n",
               loaded.autopilot_skipped, loaded.autopilot_skipped == 1 ? "" : "s");
  }
  std::fflush(stdout);

  const auto t0 = std::chrono::steady_clock::now();
  // One simulated second per slice: fine enough for the progress line, cheap next to a second
  // of traffic.
  for (SimTime t = SimTime{}; t < spec.length;) {
    t = std::min(t + SimTime::seconds(1), spec.length);
    player.run_until(t);
    progress->update(drill);
  }
  player.perform_due();
  progress->clear();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const script::ScenarioRuntime& runtime = run->runtime();
  drill.journal().write("engine", "run.end",
                        {{"events", drill.sim().events_processed()},
                         {"reason", runtime.resolved() ? "resolved" : "time_limit"}});
  for (const std::string& w : player.warnings()) fmt::print(stderr, "warning: {}\n", w);
  if (player.remaining() > 0) {
    fmt::print(stderr, "warning: {}: {} move(s) after the drill's end ({}) were not replayed\n",
               o.actions, player.remaining(), fmt_elapsed(spec.length));
  }
  const Client& c = drill.stack().client();
  fmt::print(
      "done: {} simulated in {:.2f} s wall; {} user requests, {} failed, {} of {} users "
      "affected; alerts fired: {}; {}\n",
      fmt_elapsed(spec.length), wall, c.user_requests(), c.final_failures(), c.users_affected(),
      c.users_seen(), joined(runtime.alerts_fired()),
      runtime.resolved() ? "resolved at +" + fmt_elapsed(*runtime.resolved_at())
                         : std::string("not resolved"));
  if (!o.actions.empty())
    fmt::print("replayed {} of {} recorded moves\n", player.performed(),
               player.performed() + player.warnings().size() + player.remaining());
  std::fflush(stdout);
  finish_run_journal(writer.get(), drill.journal(), o.out);
}

}  // namespace firedrill::cli
