#include "sim/engine/drill_replay.h"

#include <fmt/format.h>

#include <algorithm>

#include "reporter/journal/journal_branches.h"
#include "sim/engine/trainee_move.h"

namespace firedrill {

namespace {

bool is_clock_record(const JournalRecord& r) {
  return r.source == "engine" && (r.kind == "sim.paused" || r.kind == "sim.resumed" ||
                                  r.kind == "sim.speed_changed" || r.kind == "sim.step");
}

bool is_trainee_input(const JournalRecord& r) {
  if (r.source != "trainee" || !is_trainee_move_kind(r.kind)) return false;
  auto autopilot = r.fields.find("autopilot");
  return autopilot == r.fields.end() || autopilot->is_boolean() == false || !autopilot->get<bool>();
}

std::string clip(std::string line) {
  constexpr size_t kMax = 300;
  if (!line.empty() && line.back() == '\n') line.pop_back();
  if (line.size() > kMax) line = line.substr(0, kMax) + "...";
  return line;
}

}  // namespace

ReplayResult replay_inputs(Drill& drill, std::span<const JournalRecord> records, SimTime to,
                           const ReplayOptions& options) {
  ReplayResult result;
  for (const JournalRecord& r : records) {
    if (r.t >= to) continue;
    const bool trainee = is_trainee_input(r);
    const bool clock = is_clock_record(r);
    const bool branch = r.source == "engine" && r.kind == kBranchKind;
    if (!trainee && !clock && !branch && !options.other) continue;
    if (r.t > drill.now()) drill.run_until(r.t);
    if (trainee) {
      MoveOptions move_options;
      move_options.console = options.console;
      // The journal holds a command's requested action as its own trainee.action record.
      move_options.perform_requested_action = false;
      const MoveOutcome done = perform_trainee_move(drill, {r.kind, r.fields}, move_options);
      if (!done.done && !result.error) {
        result.error = fmt::format("seq {} ({}): {}{}{}", r.seq, r.kind, done.problem.field,
                                   done.problem.field.empty() ? "" : ": ", done.problem.message);
      }
    } else if (clock || branch) {
      if (branch) drill.journal().skip_seq_to(r.seq);
      drill.journal().write_at(r.t, r.source, r.kind, r.fields);
    } else if (!options.other(drill, r)) {
      continue;
    }
    ++result.inputs;
  }
  if (to > drill.now()) drill.run_until(to);
  return result;
}

std::string first_difference(std::span<const JournalRecord> expected,
                             std::span<const JournalRecord> got) {
  const size_t n = std::min(expected.size(), got.size());
  for (size_t i = 0; i < n; ++i) {
    if (expected[i] == got[i]) continue;
    return fmt::format("seq {} ({}): expected {}, re-simulated {}", expected[i].seq,
                       expected[i].kind, clip(to_journal_line(expected[i])),
                       clip(to_journal_line(got[i])));
  }
  if (expected.size() == got.size()) return {};
  if (expected.size() > got.size())
    return fmt::format(
        "the re-simulation stopped after {} records; the journal has {} more, from "
        "seq {} ({})",
        got.size(), expected.size() - n, expected[n].seq, expected[n].kind);
  return fmt::format("the re-simulation wrote {} records more than the journal, from {}",
                     got.size() - n, clip(to_journal_line(got[n])));
}

}  // namespace firedrill
