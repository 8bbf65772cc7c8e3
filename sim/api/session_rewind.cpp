// Session::rewind and the branch list: going back in a served drill (sim/engine/drill_replay.h
// re-simulates; reporter/journal/journal_branches.h reads the history back).
#include <fmt/format.h>

#include "reporter/journal/journal_branches.h"
#include "reporter/journal/memory_journal_sink.h"
#include "sim/api/session.h"
#include "sim/engine/drill_replay.h"

#if FIREDRILL_HAVE_CONSOLE
#include "sim/trainee/console.h"
#endif

namespace firedrill::api {

namespace {
// Re-simulating an hour of a busy drill takes seconds; the HTTP caller waits that long.
constexpr std::chrono::milliseconds kRewindTimeout{120000};
}  // namespace

std::optional<RewindOutcome> Session::rewind(SimTime to, std::string by) {
  return call([this, to, by](Drill& running) { return rewind_on_engine(running, to, by); },
              kRewindTimeout);
}

RewindOutcome Session::rewind_on_engine(Drill& running, SimTime to, const std::string& by) {
  RewindOutcome out;
  if (to < SimTime() || to > running.now()) {
    out.status = 400;
    out.field = "to_us";
    out.error = fmt::format("can only go back to a moment from 0 to now ({} µs), not {} µs",
                            running.now().us(), to.us());
    return out;
  }
  const auto wall_start = std::chrono::steady_clock::now();
  // The fresh drill writes to a scratch journal until it has caught up: nothing reaches the
  // file or the clients unless the re-simulation matches.
  MemoryJournalSink scratch;
  std::string error;
  std::unique_ptr<Drill> drill = Drill::create(spec_, &scratch, &error);
  if (!drill) {
    out.status = 500;
    out.error = "cannot build the drill again: " + error;
    return out;
  }
  std::shared_ptr<Console> console;
#if FIREDRILL_HAVE_CONSOLE
  console = std::make_shared<Console>(drill->stack(), drill->logs());
#endif
  std::shared_ptr<void> attachment;
  try {
    if (config_.attach) attachment = config_.attach(*drill, console.get());
  } catch (const std::exception& e) {
    console.reset();
    out.status = 500;
    out.error = std::string("cannot attach the scenario again: ") + e.what();
    return out;
  }
  ReplayOptions options;
  options.console = console.get();
  if (config_.replay) {
    options.other = [this, a = attachment.get()](Drill& d, const JournalRecord& r) {
      return config_.replay(d, a, r);
    };
  }
  const ReplayResult replayed = replay_inputs(*drill, records_, to, options);
  // What the branches share is what the fresh drill wrote: everything before `to`, and the
  // records a drill writes as it is made (at 0, before any move).
  const size_t n = std::min(scratch.records().size(), records_.size());
  std::vector<JournalRecord> shared(records_.begin(), records_.begin() + static_cast<long>(n));
  std::string difference =
      replayed.error ? *replayed.error : first_difference(shared, scratch.records());
  for (size_t i = n; i < records_.size() && difference.empty(); ++i) {
    if (records_[i].t < to)
      difference = fmt::format("seq {} ({}) before the moment was not written again",
                               records_[i].seq, records_[i].kind);
  }
  if (!difference.empty()) {
    // Whatever was attached and the console go before their drill.
    attachment.reset();
    console.reset();
    out.status = 500;
    out.error = "the drill could not be re-simulated exactly, so it was not rewound: " + difference;
    return out;
  }

  out.ok = true;
  out.parent = branch_.load();
  out.branch = ++branch_count_;
  out.at = to;
  out.inputs = replayed.inputs;
  records_ = std::move(shared);  // the drill.branch record follows
  drill->journal().redirect(&tee_);
  drill->journal().skip_seq_to(next_journal_seq_);
  wire(*drill);
  branch_.store(out.branch);
  {
    std::lock_guard lock(pacing_mutex_);
    pacing_.paused = true;
  }
  // Clients drop what they hold of the old branch's past before its first record arrives.
  hub_.publish(
      "branch",
      nlohmann::json{{"branch", out.branch}, {"parent", out.parent}, {"at_us", to.us()}, {"by", by}}
          .dump());
  drill->journal().write(std::string("engine"), std::string(kBranchKind),
                         {{"branch", out.branch},
                          {"parent", out.parent},
                          {"at_us", to.us()},
                          {"shared_records", n},  // the parent's records this branch starts from
                          {"left_at_us", running.now().us()},  // how far the parent got
                          {"by", by}});
  std::unique_ptr<Drill> old = engine_->replace_drill(std::move(drill));
  std::swap(attachment_, attachment);
  std::swap(console_, console);
  attachment.reset();  // the old drill's, then its console, then the drill itself
  console.reset();
  old.reset();
  published_.any = false;  // the next slice publishes the new clock at once
  out.wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start)
          .count();
  return out;
}

std::vector<BranchSummary> Session::branches() const {
  JournalBranches split = split_journal_branches(all_records_);
  std::vector<BranchSummary> out;
  for (const JournalBranch& b : split.branches)
    out.push_back({b.id, b.parent, b.at, b.until, b.by});
  return out;
}

}  // namespace firedrill::api
