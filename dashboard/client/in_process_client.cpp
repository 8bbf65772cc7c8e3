#include "dashboard/client/in_process_client.h"

#include <algorithm>

namespace firedrill::dash {

InProcessClient::InProcessClient(const InProcessOptions& options)
    : options_(options), builder_(options.limits) {}

std::unique_ptr<InProcessClient> InProcessClient::start(const InProcessOptions& options,
                                                        std::string* error) {
  std::unique_ptr<InProcessClient> c(new InProcessClient(options));
  JournalSink* next = nullptr;
  if (!options.journal_path.empty()) {
    const JournalStatus opened = JournalFileWriter::open(options.journal_path, &c->journal_file_);
    if (!opened.ok()) {
      *error = opened.message();
      return nullptr;
    }
    next = c->journal_file_.get();
  }
  c->feed_ = std::make_unique<DrillFeed>(c->builder_, next);

  std::unique_ptr<Drill> drill = Drill::create(options.spec, c->feed_.get(), error);
  if (!drill) return nullptr;
  c->feed_->attach(*drill);
  // The prerun, in one-second slices so the feed sees every log line before the store's
  // bounded buffers would drop it. Nothing else runs yet: this thread owns the drill.
  const SimTime until = std::min(options.prerun, options.spec.length);
  while (drill->now() < until) {
    drill->run_until(std::min(drill->now() + SimTime::seconds(1), until));
    c->feed_->ingest(*drill);
  }
  c->builder_.session().speed = options.speed;
  c->builder_.session().paused = options.start_paused;
  c->publish(*drill);

  c->engine_ = std::make_unique<LiveEngine>(std::move(drill), options.speed);
  c->engine_->on_slice([raw = c.get()](Drill& d) { raw->on_slice(d); });
  if (options.start_paused) c->engine_->pause();
  c->engine_->start();
  return c;
}

InProcessClient::~InProcessClient() {
  stop();
}

void InProcessClient::stop() {
  if (engine_) engine_->stop();
  // A failed close is in the journal's own error; the dashboard has nobody left to tell.
  if (journal_file_) (void)journal_file_->close();
}

void InProcessClient::on_slice(Drill& drill) {
  feed_->ingest(drill);
  const auto now = std::chrono::steady_clock::now();
  const auto period = std::chrono::duration<double>(1.0 / std::max(1.0, options_.publish_hz));
  if (dirty_ || now - last_publish_ >= period) publish(drill);
}

void InProcessClient::publish(Drill& drill) {
  feed_->refresh(drill);
  // Speed and pause are the client's own record (set where its clock commands are applied on
  // this thread, after the engine's); the engine's status lags until its next tick.
  if (engine_) builder_.session().finished = engine_->status().finished;
  builder_.connection().received = std::chrono::steady_clock::now();
  mailbox_.post(builder_.publish());
  last_publish_ = builder_.connection().received;
  dirty_ = false;
}

const Snapshot& InProcessClient::latest() {
  if (auto newest = mailbox_.newest()) current_ = std::move(newest);
  if (!current_) current_ = std::make_shared<const Snapshot>();
  return *current_;
}

RequestId InProcessClient::send(Command command) {
  const RequestId id = next_id_++;
  if (const auto* clock = std::get_if<ClockCommand>(&command)) {
    switch (clock->op) {
      case ClockCommand::Op::pause:
        engine_->pause();
        break;
      case ClockCommand::Op::resume:
        engine_->resume();
        break;
      case ClockCommand::Op::set_speed:
        engine_->set_speed(clock->speed);
        break;
      case ClockCommand::Op::step:
        engine_->step(clock->step);
        break;
    }
  }
  engine_->post([this, id, command = std::move(command)](Drill& drill) {
    if (const auto* clock = std::get_if<ClockCommand>(&command)) {
      nlohmann::json f = nlohmann::json::object();
      const char* kind = "sim.step";
      switch (clock->op) {
        case ClockCommand::Op::pause:
          kind = "sim.paused";
          break;
        case ClockCommand::Op::resume:
          kind = "sim.resumed";
          break;
        case ClockCommand::Op::set_speed:
          kind = "sim.speed_changed";
          f["speed"] = clock->speed;
          break;
        case ClockCommand::Op::step:
          f["step_us"] = clock->step.us();
          break;
      }
      SessionInfo& session = builder_.session();
      if (clock->op == ClockCommand::Op::pause) session.paused = true;
      if (clock->op == ClockCommand::Op::resume) session.paused = false;
      if (clock->op == ClockCommand::Op::set_speed) session.speed = clock->speed;
      drill.journal().write("engine", kind, std::move(f));
      feed_->reply(id, describe(command), true, "ok", drill.now());
    } else {
      feed_->apply(drill, id, command);
    }
    dirty_ = true;
    return 0;
  });
  return id;
}

std::future<void> InProcessClient::sync() {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> f = done->get_future();
  engine_->post([this, done](Drill& drill) {
    feed_->ingest(drill);
    publish(drill);
    done->set_value();
    return 0;
  });
  return f;
}

}  // namespace firedrill::dash
