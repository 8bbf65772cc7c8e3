#include "sim/api/session.h"

#include <fmt/format.h>

#include <exception>
#include <random>

#include "sim/api/debrief_cache.h"
#include "sim/api/snapshots.h"

#if FIREDRILL_HAVE_CONSOLE
#include "sim/trainee/console.h"
#endif

namespace firedrill::api {

namespace {

std::vector<AlertRunbook> alert_runbooks(const DrillSpec& spec,
                                         const std::vector<RunbookPage>& pages) {
  std::vector<AlertRunbook> out;
  std::vector<bool> used(pages.size(), false);
  for (const AlertRuleSpec& rule : spec.alerts) {
    AlertRunbook entry{rule.name, rule.runbook_url, {}, {}};
    for (size_t i = 0; i < pages.size(); ++i) {
      if (used[i] || pages[i].alert != rule.name) continue;
      used[i] = true;
      entry.title = pages[i].title;
      entry.text = pages[i].text;
      break;
    }
    if (!entry.url.empty() || !entry.title.empty()) out.push_back(std::move(entry));
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    if (!used[i]) out.push_back({pages[i].alert, {}, pages[i].title, pages[i].text});
  }
  return out;
}

std::string new_instance_id() {
  std::random_device entropy;
  const uint64_t id = (uint64_t{entropy()} << 32) | entropy();
  return fmt::format("{:016x}", id);
}

}  // namespace

Session::Session(SessionConfig config, SessionInfo info, ScenarioClock clock, JournalSink* journal)
    : config_(std::move(config)),
      info_(std::move(info)),
      clock_(std::move(clock)),
      hub_(config_.event_capacity, config_.max_event_clients),
      tee_(journal,
           [this](const JournalRecord& r) {
             records_.push_back(r);
             all_records_.push_back(r);
             next_journal_seq_ = r.seq + 1;
             std::string line;
             if (config_.redact) {
               JournalRecord shown = r;
               if (!config_.redact(shown)) return;
               line = to_journal_line(shown);
             } else {
               line = to_journal_line(r);
             }
             line.pop_back();  // the newline
             hub_.publish("journal", std::move(line));
           }),
      debrief_cache_(std::make_shared<DebriefCache>()),
      pacing_{config_.speed, config_.start_paused} {}

std::unique_ptr<Session> Session::create(const DrillSpec& spec, JournalSink* journal,
                                         SessionConfig config, std::string* error) {
  ScenarioClockResult clock = ScenarioClock::create(spec.time_zone, spec.start_local);
  if (!clock.ok()) {
    *error = clock.error;
    return nullptr;
  }
  SessionInfo info{spec.id,          spec.title,       config.briefing,
                   config.teams,     spec.seed,        spec.length,
                   spec.time_zone,   spec.start_local, alert_runbooks(spec, config.runbooks),
                   new_instance_id()};
  std::unique_ptr<Session> s(
      new Session(std::move(config), std::move(info), std::move(*clock.clock), journal));

  s->spec_ = spec;
  std::unique_ptr<Drill> drill = Drill::create(spec, &s->tee_, error);
  if (!drill) return nullptr;
  // Still single-threaded: wire the drill before its engine thread exists.
  Session* self = s.get();
  s->wire(*drill);
#if FIREDRILL_HAVE_CONSOLE
  s->console_ = std::make_shared<Console>(drill->stack(), drill->logs());
#endif
  try {
    if (s->config_.attach) s->attachment_ = s->config_.attach(*drill, s->console_.get());
  } catch (const std::exception& e) {  // a scenario file that no longer loads
    *error = e.what();
    s->console_.reset();
    return nullptr;
  }
  s->engine_ = std::make_unique<LiveEngine>(std::move(drill), s->config_.speed);
  if (s->config_.start_paused) s->engine_->pause();
  s->engine_->on_slice([self](Drill& d) { self->publish_clock(d); });
  return s;
}

Session::~Session() {
  stop();
  // Whatever was attached, then the console, go before the engine and its drill.
  attachment_.reset();
  console_.reset();
}

void Session::start() {
  if (started_) return;
  started_ = true;
  engine_->start();
}

void Session::stop() {
  if (stopped_.exchange(true)) return;
  hub_.close();
  if (engine_) engine_->stop();  // null when create() failed part-way
}

void Session::set_speed(double speed) {
  {
    std::lock_guard lock(pacing_mutex_);
    pacing_.speed = speed;
  }
  engine_->set_speed(speed);
}

void Session::pause() {
  {
    std::lock_guard lock(pacing_mutex_);
    pacing_.paused = true;
  }
  engine_->pause();
}

void Session::resume() {
  {
    std::lock_guard lock(pacing_mutex_);
    pacing_.paused = false;
  }
  engine_->resume();
}

bool Session::step(SimTime by) {
  std::lock_guard lock(pacing_mutex_);  // held so a concurrent resume cannot slip in between
  if (!pacing_.paused) return false;
  engine_->step(by);
  return true;
}

void Session::wire(Drill& drill) {
  drill.alerts().add_listener(
      [this](const AlertTransition& t) { hub_.publish("alert", alert_transition_json(t).dump()); });
  if (config_.watch) config_.watch(drill);
}

std::vector<JournalRecord> Session::trainee_records() const {
  return redacted(records_);
}

std::vector<JournalRecord> Session::redacted(std::span<const JournalRecord> records) const {
  if (!config_.redact) return {records.begin(), records.end()};
  std::vector<JournalRecord> shown;
  shown.reserve(records.size());
  for (const JournalRecord& r : records) {
    JournalRecord copy = r;
    if (config_.redact(copy)) shown.push_back(std::move(copy));
  }
  return shown;
}

PacingState Session::pacing() const {
  std::lock_guard lock(pacing_mutex_);
  return pacing_;
}

void Session::publish_clock(Drill& drill) {
  const PacingState pacing = this->pacing();
  const SimTime now = drill.now();
  const bool finished = now >= info_.length;
  if (published_.any && published_.now == now && published_.pacing.speed == pacing.speed &&
      published_.pacing.paused == pacing.paused && published_.finished == finished)
    return;
  // The API layer may read the wall clock (the model never does): it only thins the ticks.
  const auto wall = std::chrono::steady_clock::now();
  if (published_.any && wall - published_.wall < config_.clock_event_every) return;
  published_ = {true, now, pacing, finished, wall};
  nlohmann::json clock = clock_json(clock_, now, info_.length, pacing.speed, pacing.paused);
  clock["branch"] = branch_.load();
  hub_.publish("clock", clock.dump());
}

}  // namespace firedrill::api
