// DrillJournal: writes a drill's story into the journal as it happens — the run header,
// alert transitions, process changes, backend health verdicts, and every `sample_every`
// seconds a metrics sample (the figures the reporter needs to rebuild charts and SLO
// windows from the journal alone). It stamps the sequence numbers. A sink that fails is
// remembered (first error kept) and the drill goes on: losing the journal must never stop
// the simulation, and the error is reported to the user at the end.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reporter/journal/journal_sink.h"
#include "sim/core/simulation.h"
#include "sim/observe/alert_engine.h"
#include "sim/stack/stack_observer.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

class DrillJournal : public StackObserver, public EventHandler {
 public:
  DrillJournal(Simulation& sim, WebStack& stack, JournalSink* sink, SimTime sample_every);

  // Appends one record stamped with the current simulated time (or `at`) and the next seq.
  void write(std::string source, std::string kind, nlohmann::json fields);
  void write_at(SimTime at, std::string source, std::string kind, nlohmann::json fields);
  // Called with every record once it is appended (also when there is no sink), in journal
  // order. A listener may write records itself: they follow the one being delivered.
  using Listener = std::function<void(const JournalRecord&)>;
  void add_listener(Listener listener) { listeners_.push_back(std::move(listener)); }
  // Schedules the periodic metrics samples.
  void start();
  void on_event(const Event& e) override;
  void on_alert(const AlertTransition& t);

  void on_process(std::string_view host, std::string_view service, ProcessChange change,
                  SimTime at) override;
  void on_backend_health(std::string_view backend, bool healthy, SimTime at) override;
  void on_resource(std::string_view host, std::string_view resource, double percent,
                   SimTime at) override;

  // Rewinding (sim/engine/drill_replay.h): a re-simulated drill writes to a scratch sink until
  // it has caught up, then to the real journal, its seq moved past every record the journal
  // already holds so that seqs stay unique and increasing across branches.
  void redirect(JournalSink* sink) { sink_ = sink; }
  void skip_seq_to(uint64_t seq) { next_seq_ = std::max(next_seq_, seq); }

  uint64_t records_written() const { return next_seq_; }
  const std::optional<std::string>& error() const { return error_; }

 private:
  void write_sample();

  Simulation& sim_;
  WebStack& stack_;
  JournalSink* sink_;
  SimTime sample_every_;
  uint32_t id_;
  uint64_t next_seq_ = 0;
  int64_t sampled_until_ = 0;  // metrics seconds already summarised
  std::optional<std::string> error_;
  std::vector<Listener> listeners_;
};

}  // namespace firedrill
