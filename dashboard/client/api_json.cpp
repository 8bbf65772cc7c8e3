#include "dashboard/client/api_json.h"
#include "dashboard/client/overloaded.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

namespace firedrill::dash {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
double num(const json& j, const char* key, double fallback = 0) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}
int64_t integer(const json& j, const char* key, int64_t fallback = 0) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : fallback;
}
bool flag(const json& j, const char* key, bool fallback = false) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}
std::optional<SimTime> time_or_none(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return SimTime::micros(it->get<int64_t>());
}
const json& object(const json& j, const char* key) {
  static const json kEmpty = json::object();
  const auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

Severity severity_of(const std::string& s) {
  return s == "page" ? Severity::page : s == "ticket" ? Severity::ticket : Severity::info;
}

}  // namespace

void apply_clock(const json& c, SessionInfo& s) {
  s.now = SimTime::micros(integer(c, "t_us"));
  s.clock_text = str(c, "clock_text");
  s.zone_abbrev = str(c, "zone_abbrev");
  s.utc_offset_s = static_cast<int>(integer(c, "utc_offset_s"));
  s.start_unix_s = integer(c, "start_unix_s", s.start_unix_s);
  if (c.contains("length_us")) s.length = SimTime::micros(integer(c, "length_us"));
  s.speed = num(c, "speed", s.speed);
  s.paused = flag(c, "paused", s.paused);
  s.finished = flag(c, "finished", s.finished);
  if (const uint32_t branch = branch_of(c)) s.branch = branch;
}

std::string instance_of(const json& session) {
  return str(session, "instance");
}

uint32_t branch_of(const json& j) {
  const int64_t b = integer(j, "branch", 0);
  return b > 0 && b <= int64_t{UINT32_MAX} ? static_cast<uint32_t>(b) : 0;
}

void apply_session(const json& body, SnapshotBuilder& b) {
  SessionInfo& s = b.session();
  const json& scenario = object(body, "scenario");
  s.scenario_id = str(scenario, "id");
  s.title = str(scenario, "title");
  s.time_zone = str(scenario, "time_zone");
  s.start_local = str(scenario, "start_local");
  s.seed = static_cast<uint64_t>(integer(scenario, "seed"));
  s.brief = str(body, "briefing");
  std::vector<std::string> teams;
  if (const auto it = body.find("teams"); it != body.end() && it->is_array())
    for (const json& t : *it)
      if (t.is_string()) teams.push_back(t.get<std::string>());
  // The built-in drill declares no teams; the API takes any name, so offer the usual ones.
  if (teams.empty()) teams = {"database", "network", "platform", "product-owner"};
  b.teams() = std::move(teams);
  apply_clock(object(body, "clock"), s);
  if (const uint32_t branch = branch_of(body)) s.branch = branch;
}

void apply_alerts(const json& body, SnapshotBuilder& b) {
  std::vector<AlertInfo>& out = b.alerts();
  out.clear();
  const auto list = body.find("alerts");
  if (list == body.end() || !list->is_array()) return;
  for (const json& a : *list) {
    const std::string state = str(a, "state");
    AlertInfo info;
    if (state == "pending")
      info.phase = AlertPhase::pending;
    else if (state == "firing")
      info.phase = AlertPhase::firing;
    else if (state == "resolved")
      info.phase = AlertPhase::resolved;
    else
      continue;  // inactive
    info.rule = str(a, "rule");
    info.component = str(a, "component");
    info.severity = severity_of(str(a, "severity"));
    info.value = num(a, "value");
    info.active_since = SimTime::micros(integer(a, "active_since_us"));
    info.fired_at = time_or_none(a, "fired_at_us");
    info.resolved_at = time_or_none(a, "resolved_at_us");
    info.summary = str(a, "summary");
    info.runbook = str(a, "runbook_url");
    if (const auto ack = a.find("ack"); ack != a.end() && ack->is_object()) {
      info.acked_at = SimTime::micros(integer(*ack, "t_us"));
      info.acked_by = str(*ack, "by");
    }
    out.push_back(std::move(info));
  }
}

void apply_topology(const json& body, SnapshotBuilder& b) {
  std::vector<HostInfo>& out = b.hosts();
  out.clear();
  const auto list = body.find("hosts");
  if (list == body.end() || !list->is_array()) return;
  std::vector<const json*> order;  // the LB first, then the server's order
  for (const json& h : *list)
    if (str(h, "role") == "lb") order.push_back(&h);
  for (const json& h : *list)
    if (str(h, "role") != "lb") order.push_back(&h);
  const json* lb_metrics = nullptr;
  for (const json* h : order)
    if (str(*h, "role") == "lb") lb_metrics = &object(*h, "metrics");

  for (const json* hp : order) {
    const json& j = *hp;
    const json& metrics = object(j, "metrics");
    HostInfo h;
    h.name = str(j, "name");
    h.role = str(j, "role");
    h.service = str(j, "service");
    h.process = str(j, "state");
    const json& mem = object(j, "memory");
    const json& disk = object(j, "disk");
    const json& fds = object(j, "fds");
    h.memory = num(mem, "used_mb") / std::max(1.0, num(mem, "total_mb"));
    h.disk = num(disk, "used_gb") / std::max(1.0, num(disk, "total_gb"));
    h.fds = static_cast<uint32_t>(integer(fds, "in_use"));
    h.fd_limit = static_cast<uint32_t>(integer(fds, "limit"));
    h.version = str(j, "version");
    h.restarts = static_cast<uint32_t>(integer(j, "restarts"));
    h.health = Health::ok;
    if (h.role == "web") h.cpu = num(metrics, "cpu_utilization", -1);
    if (h.role == "db") h.cpu = num(metrics, "utilization", -1);
    if (const auto lb = j.find("lb"); lb != j.end() && lb->is_object()) {
      h.in_rotation = flag(*lb, "in_rotation", true);
      h.lb_healthy = flag(*lb, "healthy", true);
    }

    HealthSignals signals;
    signals.process_running = h.process == "running";
    signals.db_up = num(metrics, "up", 1);
    if (lb_metrics) {
      signals.lb_healthy_backends = num(*lb_metrics, "healthy_backends", 1);
      signals.lb_error_ratio = num(*lb_metrics, "error_ratio", 0);
    }
    judge_host_health(h, signals, b.alerts());
    out.push_back(std::move(h));
  }
}

void apply_catalog(const json& body, SnapshotBuilder& b) {
  std::vector<ActionSpec>& out = b.actions();
  out.clear();
  const auto list = body.find("actions");
  if (list == body.end() || !list->is_array()) return;
  for (const json& a : *list) {
    ActionSpec spec{str(a, "name"), str(a, "target"), {}, str(a, "what"), flag(a, "destructive")};
    if (const auto p = a.find("params"); p != a.end() && p->is_array())
      for (const json& name : *p)
        if (name.is_string()) spec.params.push_back(name.get<std::string>());
    out.push_back(std::move(spec));
  }
}

int64_t apply_metrics(const json& body, SnapshotBuilder& b) {
  const int64_t from = integer(body, "from");
  const int64_t to = integer(body, "to", from);
  const auto list = body.find("series");
  if (list == body.end() || !list->is_array()) return integer(body, "next", to);
  if (b.series_count() == 0) {
    std::vector<SeriesMeta> series;
    for (const json& s : *list)
      series.push_back({str(s, "component"), str(s, "metric"), str(s, "unit")});
    if (series.empty()) return integer(body, "next", to);
    b.set_series(std::move(series));
  }
  // The server lists every series in its registry's order, the same in every answer, so a
  // column is the series at the same position (one the builder lacks is ignored).
  std::vector<const json*> columns;
  for (const json& s : *list) columns.push_back(&s);
  std::vector<float> row(b.series_count(), std::nanf(""));
  for (int64_t sec = from; sec < to; ++sec) {  // the builder skips seconds it holds
    std::fill(row.begin(), row.end(), std::nanf(""));
    for (size_t col = 0; col < columns.size() && col < row.size(); ++col) {
      const json* s = columns[col];
      const auto values = s->find("values");
      if (values == s->end() || !values->is_array()) continue;
      const size_t k = static_cast<size_t>(sec - from);
      if (k < values->size() && (*values)[k].is_number()) row[col] = (*values)[k].get<float>();
    }
    b.add_metric_row(sec, row.data());
  }
  return integer(body, "next", to);
}

uint64_t apply_logs(const json& body, uint64_t cursor, SnapshotBuilder& b) {
  const auto list = body.find("lines");
  if (list == body.end() || !list->is_array()) return cursor;
  uint64_t expect = cursor + 1;
  for (const json& l : *list) {
    const uint64_t seq = static_cast<uint64_t>(integer(l, "seq"));
    if (seq > expect) b.note_dropped_log_lines(seq - expect);
    expect = seq + 1;
    b.add_log_line({seq, SimTime::micros(integer(l, "t_us")),
                    b.log_file_index(str(l, "host"), str(l, "path")), str(l, "text")});
  }
  return static_cast<uint64_t>(integer(body, "next_cursor", static_cast<int64_t>(cursor)));
}

std::shared_ptr<const DebriefInfo> debrief_of(const json& debrief, const json& postmortem,
                                              SimTime now) {
  auto d = std::make_shared<DebriefInfo>();
  d->as_of = now;
  auto scalar = [](const json& v) -> std::optional<std::string> {
    if (v.is_null()) return std::string("-");
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    if (v.is_number()) return fmt::format("{:.4g}", v.get<double>());
    if (v.is_boolean()) return std::string(v.get<bool>() ? "yes" : "no");
    return std::nullopt;
  };
  if (debrief.is_object()) {
    for (const auto& [key, value] : debrief.items()) {
      if (key == "format") continue;
      if (auto text = scalar(value)) {
        d->figures.emplace_back(key, *text);
      } else if (value.is_object()) {
        for (const auto& [sub, v] : value.items())
          if (auto t = scalar(v)) d->figures.emplace_back(key + "." + sub, *t);
      }
    }
  }
  if (postmortem.is_object()) {
    d->postmortem = str(postmortem, "markdown");
    d->words = static_cast<int>(integer(postmortem, "words"));
    d->lint_clean = flag(postmortem, "lint_clean");
    if (const auto lint = postmortem.find("lint"); lint != postmortem.end() && lint->is_array())
      for (const json& f : *lint)
        d->lint.push_back(
            fmt::format("line {}: {}: {}", integer(f, "line"), str(f, "rule"), str(f, "message")));
  }
  return d;
}

void apply_runbooks(const json& body, SnapshotBuilder& b) {
  auto list = std::make_shared<std::vector<RunbookInfo>>();
  if (const auto it = body.find("runbooks"); it != body.end() && it->is_array()) {
    for (const json& r : *it) {
      if (!r.is_object()) continue;
      list->push_back({str(r, "alert"), str(r, "url"), str(r, "title"), str(r, "text")});
    }
  }
  b.runbooks() = std::move(list);
}

void apply_reported_timeline(const json& body, SnapshotBuilder& b) {
  auto list = std::make_shared<std::vector<ReportedEntry>>();
  if (const auto it = body.find("events"); it != body.end() && it->is_array()) {
    for (const json& e : *it) {
      if (!e.is_object()) continue;
      ReportedEntry r;
      if (const auto seq = e.find("seq"); seq != e.end() && seq->is_number_unsigned())
        r.seq = seq->get<uint64_t>();
      r.t = SimTime::micros(integer(e, "t_us"));
      r.kind = str(e, "kind");
      r.category = str(e, "category");
      r.target = str(e, "target");
      r.text = str(e, "text");
      r.hidden = flag(e, "hidden");
      r.edited = flag(e, "edited");
      list->push_back(std::move(r));
    }
  }
  b.reported_timeline() = std::move(list);
}

void apply_branches(const json& body, SnapshotBuilder& b) {
  auto list = std::make_shared<std::vector<BranchInfo>>();
  if (const auto it = body.find("branches"); it != body.end() && it->is_array()) {
    for (const json& e : *it) {
      if (!e.is_object() || !branch_of(e)) continue;
      BranchInfo info;
      info.branch = branch_of(e);
      if (const int64_t parent = integer(e, "parent", 0); parent > 0)
        info.parent = static_cast<uint32_t>(parent);
      info.at = SimTime::micros(integer(e, "at_us"));
      info.until = SimTime::micros(integer(e, "until_us"));
      info.current = flag(e, "current");
      info.mitigated_at = time_or_none(e, "mitigated_at_us");
      info.resolved_at = time_or_none(e, "resolved_at_us");
      info.requests_failed = num(e, "requests_failed");
      info.users_affected = num(e, "users_affected");
      if (const auto fixes = e.find("fixes"); fixes != e.end() && fixes->is_array()) {
        for (const json& f : *fixes) {
          if (!f.is_object()) continue;
          const std::string action = str(f, "action"), target = str(f, "target");
          info.fixes += (info.fixes.empty() ? "" : ", ") + (action.empty() ? "?" : action) +
                        (target.empty() ? "" : " " + target);
        }
      }
      list->push_back(info);
    }
  }
  if (const int64_t best = integer(body, "best_branch", 0); best > 0) {
    for (BranchInfo& info : *list) info.best = info.branch == static_cast<uint32_t>(best);
  }
  b.branches() = std::move(list);
}

ApiCall api_call_of(const Command& command) {
  return std::visit(
      Overloaded{
          [](const ActionCommand& a) {
            json body = {{"action", a.action}};
            if (!a.target.empty()) body["target"] = a.target;
            if (!a.params.empty()) body["params"] = a.params;
            return ApiCall{"/api/v1/actions", std::move(body)};
          },
          [](const AckCommand& a) {
            return ApiCall{"/api/v1/alerts/ack", {{"rule", a.rule}, {"component", a.component}}};
          },
          [](const ConsoleCommand& c) {
            return ApiCall{"/api/v1/console", {{"host", c.host}, {"command", c.line}}};
          },
          [](const NoteCommand& n) {
            return ApiCall{"/api/v1/notes", {{"text", n.text}, {"hypothesis", n.hypothesis}}};
          },
          [](const EscalateCommand& e) {
            return ApiCall{"/api/v1/escalations", {{"team", e.team}, {"message", e.message}}};
          },
          [](const StatusCommand& s) {
            json body = {{"text", s.text}};
            if (!s.audience.empty()) body["audience"] = s.audience;
            return ApiCall{"/api/v1/status", std::move(body)};
          },
          [](const DeclareCommand& d) {
            return ApiCall{"/api/v1/declare", {{"state", d.state}}};
          },
          [](const MessageCommand& m) {
            json body = {{"to", m.to}, {"text", m.text}};
            if (m.reply_to_seq) body["reply_to_seq"] = *m.reply_to_seq;
            return ApiCall{"/api/v1/messages", std::move(body)};
          },
          [](const HintCommand& h) {
            json body = json::object();
            if (!h.topic.empty()) body["topic"] = h.topic;
            return ApiCall{"/api/v1/hints", std::move(body)};
          },
          [](const RunbookOpenCommand& r) {
            json body = {{"runbook", r.runbook}};
            if (!r.alert.empty()) body["alert"] = r.alert;
            return ApiCall{"/api/v1/runbooks/open", std::move(body)};
          },
          [](const TimelineEditCommand& e) {
            json body = {{"op", timeline_edit_op_name(e.op)}};
            if (e.op == TimelineEditCommand::Op::add) {
              body["at_us"] = e.at.us();
              if (!e.category.empty()) body["category"] = e.category;
            } else {
              body["target_seq"] = e.target_seq;
            }
            if (e.op == TimelineEditCommand::Op::reword || e.op == TimelineEditCommand::Op::add)
              body["text"] = e.text;
            return ApiCall{"/api/v1/timeline/edits", std::move(body)};
          },
          [](const RewindCommand& r) {
            return ApiCall{"/api/v1/rewind", {{"to_us", r.to.us()}}};
          },
          [](const ClockCommand& c) {
            json body = json::object();
            switch (c.op) {
              case ClockCommand::Op::pause:
                body["pause"] = true;
                break;
              case ClockCommand::Op::resume:
                body["resume"] = true;
                break;
              case ClockCommand::Op::set_speed:
                body["speed"] = c.speed;
                break;
              case ClockCommand::Op::step:
                body["step_seconds"] = c.step.to_seconds();
                break;
            }
            return ApiCall{"/api/v1/clock", std::move(body)};
          },
      },
      command);
}

void apply_answer(RequestId id, const Command& command, int status, const std::string& body,
                  const std::string& error, SnapshotBuilder& b) {
  const std::string what = describe(command);
  const SimTime now = b.session().now;
  if (status == 0) {
    b.add_reply({id, what, false, "not sent: " + error, now});
    return;
  }
  const json j = json::parse(body, nullptr, false);
  const bool ok = status >= 200 && status < 300 && flag(j, "ok", true);
  std::string message;
  if (j.is_object()) {
    message = str(j, "error");
    if (message.empty()) message = str(j, "message");
  }
  const SimTime at =
      j.is_object() && j.contains("t_us") ? SimTime::micros(integer(j, "t_us")) : now;
  if (const auto* c = std::get_if<ConsoleCommand>(&command); c && ok) {
    std::string output = str(j, "output");
    if (const auto a = j.find("action"); a != j.end() && a->is_object() && !flag(*a, "ok", true))
      output += str(*a, "message") + "\n";
    b.add_console(
        {id, c->host, c->line, std::move(output), static_cast<int>(integer(j, "exit_code")), at});
    message = "ran";
  }
  if (message.empty() && !ok) message = fmt::format("HTTP {}", status);
  if (message.empty())  // the POSTs that only tell answer with seq and t_us: say what was done
    message = std::visit(
        Overloaded{
            [](const ActionCommand&) { return std::string("done"); },
            [](const AckCommand& a) {
              return fmt::format("acknowledged {} on {}", a.rule, a.component);
            },
            [](const ConsoleCommand&) { return std::string("ran"); },
            [](const NoteCommand& n) {
              return std::string(n.hypothesis ? "hypothesis noted" : "note added");
            },
            [](const EscalateCommand& e) { return fmt::format("paged {}", e.team); },
            [](const StatusCommand& st) { return fmt::format("sent to {}", st.audience); },
            [](const DeclareCommand& d) { return fmt::format("declared {}", d.state); },
            [](const ClockCommand&) { return std::string("clock changed"); },
            [](const MessageCommand& m) { return fmt::format("sent to {}", m.to); },
            [](const HintCommand&) { return std::string("asked the coach"); },
            [](const RunbookOpenCommand& r) { return fmt::format("opened {}", r.runbook); },
            [](const TimelineEditCommand& e) {
              return fmt::format("timeline {}", e.op == TimelineEditCommand::Op::add
                                                    ? std::string("entry added")
                                                    : std::string("edited"));
            },
            [&j](const RewindCommand& r) {
              return fmt::format("now branch {}, paused at {}", integer(j, "branch"),
                                 drill_time_text(SimTime::micros(integer(j, "at_us", r.to.us()))));
            },
        },
        command);
  b.add_reply({id, what, ok, std::move(message), at});
}

}  // namespace firedrill::dash
