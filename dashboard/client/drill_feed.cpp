#include "dashboard/client/drill_feed.h"
#include "dashboard/client/overloaded.h"

#include <fmt/format.h>

#include <algorithm>

#include "dashboard/client/journal_summary.h"
#include "sim/engine/drill.h"
#include "sim/engine/trainee_move.h"

namespace firedrill::dash {

namespace {

Severity to_severity(AlertSeverity s) {
  switch (s) {
    case AlertSeverity::page:
      return Severity::page;
    case AlertSeverity::ticket:
      return Severity::ticket;
    case AlertSeverity::info:
      return Severity::info;
  }
  return Severity::info;
}

double latest_or(const MetricsRegistry& m, std::string_view component, std::string_view metric,
                 double fallback) {
  const auto id = m.find(component, metric);
  return id ? m.latest(*id) : fallback;
}

}  // namespace

DrillFeed::DrillFeed(SnapshotBuilder& builder, JournalSink* next)
    : builder_(builder), next_(next) {}

DrillFeed::~DrillFeed() = default;

JournalStatus DrillFeed::append(const JournalRecord& record) {
  if (is_timeline_record(record)) builder_.add_timeline(summarize_record(record));
  return next_ ? next_->append(record) : JournalStatus{};
}

void DrillFeed::attach(Drill& drill) {
  console_ = std::make_unique<DrillConsole>(drill);
  const DrillSpec& spec = drill.spec();
  SessionInfo& s = builder_.session();
  s.scenario_id = spec.id;
  s.title = spec.title;
  s.time_zone = spec.time_zone;
  s.start_local = spec.start_local;
  s.start_unix_s = drill.clock().unix_micros(SimTime{}) / 1'000'000;
  s.length = spec.length;
  s.seed = spec.seed;

  std::vector<ActionSpec>& actions = builder_.actions();
  actions.clear();
  for (const ActionInfo& a : action_catalog())
    actions.push_back({a.name, a.target, a.params, a.what, a.destructive});
  builder_.teams() = {"database", "network", "platform", "product-owner"};

  const MetricsRegistry& m = drill.stack().metrics();
  std::vector<SeriesMeta> series;
  series_ids_.clear();
  for (SeriesId id = 0; id < m.series_count(); ++id) {
    const SeriesInfo& info = m.info(id);
    series.push_back({info.component, info.metric, info.unit});
    series_ids_.push_back(id);
  }
  row_.assign(series.size(), 0.0f);
  builder_.set_series(std::move(series));
  builder_.connection().state = ConnectionState::live;
  builder_.connection().endpoint = "in-process";
  refresh(drill);
}

void DrillFeed::ingest(Drill& drill) {
  const MetricsRegistry& m = drill.stack().metrics();
  const int64_t from = std::max(builder_.metrics_end_second(), m.first_second());
  for (int64_t sec = from; sec < m.end_second(); ++sec) {
    for (size_t i = 0; i < series_ids_.size(); ++i)
      row_[i] = static_cast<float>(m.value(series_ids_[i], sec));
    builder_.add_metric_row(sec, row_.data());
  }

  const LogStore& store = drill.logs().store();
  if (store.last_seq() == log_cursor_) return;
  LogRead read = store.since(log_cursor_, {}, 0);
  uint64_t expect = log_cursor_ + 1;
  for (LogEntry& e : read.lines) {
    if (e.seq > expect) builder_.note_dropped_log_lines(e.seq - expect);
    expect = e.seq + 1;
    builder_.add_log_line(
        {e.seq, e.time, builder_.log_file_index(e.host, e.path), std::move(e.text)});
  }
  if (read.next_cursor >= expect) builder_.note_dropped_log_lines(read.next_cursor + 1 - expect);
  log_cursor_ = read.next_cursor;
}

void DrillFeed::refresh(Drill& drill) {
  SessionInfo& s = builder_.session();
  s.now = drill.now();
  const LocalDateTime local = drill.clock().local(s.now);
  s.utc_offset_s = local.utc_offset_seconds;
  s.zone_abbrev = local.abbrev;
  s.clock_text =
      fmt::format("{:02}:{:02}:{:02} {}", local.hour, local.minute, local.second, local.abbrev);
  s.finished = s.now >= drill.spec().length;
  refresh_alerts(drill);
  refresh_hosts(drill);
}

void DrillFeed::refresh_alerts(Drill& drill) {
  std::vector<AlertInfo>& out = builder_.alerts();
  out.clear();
  for (const AlertInstance& a : drill.alerts().alerts()) {
    if (a.state == AlertState::inactive) continue;
    AlertInfo info;
    info.rule = a.rule;
    info.component = a.component;
    info.severity = to_severity(a.severity);
    info.phase = a.state == AlertState::pending  ? AlertPhase::pending
                 : a.state == AlertState::firing ? AlertPhase::firing
                                                 : AlertPhase::resolved;
    info.value = a.value;
    info.active_since = a.active_since;
    info.fired_at = a.fired_at;
    info.resolved_at = a.resolved_at;
    info.summary = a.summary;
    info.runbook = a.runbook_url;
    if (a.ack) {
      info.acked_at = a.ack->at;
      info.acked_by = a.ack->by;
    }
    out.push_back(std::move(info));
  }
}

void DrillFeed::refresh_hosts(Drill& drill) {
  WebStack& stack = drill.stack();
  const MetricsRegistry& m = stack.metrics();
  std::vector<HostInfo>& out = builder_.hosts();
  out.clear();
  // The LB first, then the stack's order (web servers, databases, cache).
  std::vector<const Host*> order;
  for (const auto& h : stack.hosts())
    if (h->role() == "lb") order.push_back(h.get());
  for (const auto& h : stack.hosts())
    if (h->role() != "lb") order.push_back(h.get());

  for (const Host* host : order) {
    HostInfo h;
    h.name = host->name();
    h.role = host->role();
    h.service = host->spec().service;
    h.process = std::string(process_state_name(host->state()));
    h.memory = host->memory_used_mb() / std::max(1.0, host->memory_total_mb());
    h.disk = host->disk_used_gb() / std::max(1.0, host->disk_total_gb());
    h.fds = host->fds_in_use();
    h.fd_limit = host->fd_limit();
    h.version = host->app_version();
    h.restarts = host->restarts();
    h.health = Health::ok;
    if (h.role == "web") {
      h.cpu = latest_or(m, h.name, "cpu_utilization", -1);
      for (size_t i = 0; i < stack.web_count(); ++i) {
        if (stack.web(i).name() != h.name || i >= stack.lb().backends().size()) continue;
        h.in_rotation = stack.lb().backends()[i].in_rotation;
        h.lb_healthy = stack.lb().backends()[i].healthy;
      }
    } else if (h.role == "db") {
      h.cpu = latest_or(m, h.name, "utilization", -1);
    }

    HealthSignals signals;
    signals.process_running = host->state() == ProcessState::kRunning;
    signals.db_up = latest_or(m, h.name, "up", 1);
    signals.lb_healthy_backends = latest_or(m, "lb", "healthy_backends", 1);
    signals.lb_error_ratio = latest_or(m, "lb", "error_ratio", 0);
    judge_host_health(h, signals, builder_.alerts());
    out.push_back(std::move(h));
  }
}

void DrillFeed::reply(RequestId id, std::string what, bool ok, std::string message, SimTime t) {
  builder_.add_reply({id, std::move(what), ok, std::move(message), t});
}

void DrillFeed::apply(Drill& drill, RequestId id, const Command& command) {
  DrillJournal& journal = drill.journal();
  const std::string what = describe(command);
  auto done = [&](bool ok, std::string message) {
    reply(id, what, ok, std::move(message), drill.now());
  };
  auto need_text = [&](const std::string& text, const char* field) {
    if (!text.empty()) return true;
    done(false, fmt::format("{} is empty", field));
    return false;
  };
  std::visit(
      Overloaded{
          [&](const ActionCommand& a) {
            const ActionResult r = drill.perform(ActionRequest{a.action, a.target, a.params});
            done(r.ok, r.message);
          },
          [&](const AckCommand& a) {
            if (!drill.alerts().acknowledge(a.rule, a.component, "trainee"))
              return done(false, fmt::format("no alert {} on {}", a.rule, a.component));
            journal.write("trainee", "trainee.ack", {{"rule", a.rule}, {"component", a.component}});
            done(true, fmt::format("acknowledged {} on {}", a.rule, a.component));
          },
          [&](const ConsoleCommand& c) {
            ConsoleAnswer answer = console_->run(c.host, c.line);
            journal.write("trainee", "trainee.command",
                          {{"host", c.host},
                           {"command", c.line},
                           {"exit_code", answer.exit_code},
                           {"topic", answer.topic}});
            if (answer.action) {
              const ActionResult r = drill.perform(*answer.action);
              if (!r.ok) answer.output += r.message + "\n";
            }
            builder_.add_console(
                {id, c.host, c.line, std::move(answer.output), answer.exit_code, drill.now()});
            done(true, "ran");
          },
          [&](const NoteCommand& n) {
            if (!need_text(n.text, "the note")) return;
            journal.write("trainee", "trainee.note",
                          {{"text", n.text}, {"hypothesis", n.hypothesis}});
            done(true, n.hypothesis ? "hypothesis noted" : "note added");
          },
          [&](const EscalateCommand& e) {
            if (!need_text(e.team, "the team") || !need_text(e.message, "the message")) return;
            journal.write("trainee", "trainee.escalate",
                          {{"team", e.team}, {"message", e.message}});
            done(true, fmt::format("paged {}", e.team));
          },
          [&](const StatusCommand& s) {
            if (!need_text(s.text, "the status update")) return;
            journal.write("trainee", "trainee.status",
                          {{"audience", s.audience}, {"text", s.text}});
            done(true, fmt::format("status update sent to {}", s.audience));
          },
          [&](const DeclareCommand& d) {
            if (d.state != "mitigated" && d.state != "resolved")
              return done(false, "declare: state must be mitigated or resolved");
            journal.write("trainee", "trainee.declare", {{"state", d.state}});
            done(true, fmt::format("declared {}", d.state));
          },
          [&](const ClockCommand&) { done(false, "clock commands are the engine's"); },
          [&](const MessageCommand& m) {
            if (!need_text(m.to, "the recipient") || !need_text(m.text, "the message")) return;
            nlohmann::json fields = {{"to", m.to}, {"text", m.text}};
            if (m.reply_to_seq) fields["reply_to_seq"] = *m.reply_to_seq;
            journal.write("trainee", "trainee.message", std::move(fields));
            done(true, fmt::format("sent to {}", m.to));
          },
          [&](const HintCommand& h) {
            nlohmann::json fields = nlohmann::json::object();
            if (!h.topic.empty()) fields["topic"] = h.topic;
            journal.write("trainee", "trainee.hint", std::move(fields));
            done(true, "asked the coach");
          },
          [&](const RunbookOpenCommand& r) {
            if (!need_text(r.runbook, "the runbook")) return;
            nlohmann::json fields = {{"runbook", r.runbook}};
            if (!r.alert.empty()) fields["alert"] = r.alert;
            journal.write("trainee", "trainee.runbook", std::move(fields));
            done(true, fmt::format("opened {}", r.runbook));
          },
          [&](const TimelineEditCommand& e) {
            // Journalled as the API does, so the report follows it; this client shows the
            // journal as is (it has no reporter's timeline to show the edit in).
            nlohmann::json fields = {{"op", timeline_edit_op_name(e.op)}};
            if (e.op == TimelineEditCommand::Op::add) {
              fields["at_us"] = e.at.us();
              if (!e.category.empty()) fields["category"] = e.category;
            } else {
              fields["target_seq"] = e.target_seq;
            }
            if (!e.text.empty()) fields["text"] = e.text;
            const MoveOutcome r = perform_trainee_move(drill, {"timeline.edit", std::move(fields)});
            done(r.done, r.done ? std::string("timeline edited") : r.problem.message);
          },
          [&](const RewindCommand&) {
            done(false, "rewinding needs the drill served over the HTTP API (open a scenario)");
          },
      },
      command);
}

}  // namespace firedrill::dash
