#include "reporter/timeline/timeline_classify.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "reporter/incident/journal_kinds.h"
#include "reporter/incident/json_fields.h"

namespace firedrill {
namespace {

// "restart_service" -> "restart service".
std::string humanize(std::string_view id) {
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// Free text as one line, without a trailing full stop (the caller ends the sentence).
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out;
}

std::string in_quotes(std::string_view text) {
  return "\u201c" + one_line(text) + "\u201d";
}

std::string team_phrase(std::string_view team) {
  if (team.empty()) return "another team";
  const std::string t = one_line(team);
  return t.ends_with("team") || t.ends_with("Team") ? "the " + t : "the " + t + " team";
}

std::string params_text(const nlohmann::json& params) {
  if (!params.is_object() || params.empty()) return {};
  std::string out;
  for (const auto& [key, value] : params.items()) {
    if (!out.empty()) out += ", ";
    out += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return " (" + out + ")";
}

std::string process_change_text(std::string_view change) {
  if (change == "oom_killed") return "was killed by the kernel's OOM killer";
  if (change == "stopped") return "was stopped";
  if (change == "running") return "was running again";
  if (change == "unhung") return "recovered from its hang";
  return std::string(change);  // crashed, hung
}

bool is_trainee_move(std::string_view kind) {
  return kind.starts_with("trainee.") && kind != kinds::trainee_ack;
}

class Classifier {
 public:
  // `response_start`: from when the responder is answering something (the incident's start
  // or an earlier alert); unrelated moves from then on are misleading, before it context.
  Classifier(const ScenarioFacts& facts, std::optional<SimTime> response_start)
      : facts_(facts), response_start_(response_start) {}

  std::vector<TimelineEvent> events;

  void add(const JournalRecord& r) {
    const nlohmann::json& f = r.fields;
    const std::string_view k = r.kind;
    if (k == kinds::alert_firing) {
      const std::string component = fields::text(f, "component");
      push(r, Category::context, component,
           fmt::format("Alert {} fired{} ({}): {}.", fields::text(f, "rule"),
                       component.empty() ? "" : " on " + component,
                       fields::text(f, "severity", "no severity"),
                       one_line(fields::text(f, "summary"))))
          .label = fields::text(f, "rule");
    } else if (k == kinds::alert_resolved) {
      push(r, Category::context, fields::text(f, "component"),
           fmt::format("Alert {} resolved.", fields::text(f, "rule")));
    } else if (k == kinds::fault_injected || k == kinds::fault_cleared) {
      const std::string target = fields::text(f, "target");
      push(
          r, Category::context, target,
          fmt::format("{} on {}: {}.", k == kinds::fault_injected ? "Fault began" : "Fault cleared",
                      target.empty() ? "the stack" : target, humanize(fields::text(f, "fault"))));
    } else if (k == kinds::host_process) {
      add_process(r);
    } else if (k == kinds::incident_state) {
      const std::string state = fields::text(f, "state");
      if (state == "mitigated") {
        push(r, Category::mitigation, "", "Mitigation took effect: users were no longer affected.");
      } else if (state == "resolved") {
        push(r, Category::resolution, "", "The fix took effect and the incident was resolved.");
      }
    } else if (k == kinds::customer_report) {
      const std::string channel = fields::text(f, "channel");
      const std::string from = fields::text(f, "from", "a customer");
      push(
          r, Category::communication, "",
          fmt::format("{} reported a problem{}: {}.", capitalized(from),
                      channel.empty() ? "" : " via " + channel, in_quotes(fields::text(f, "text"))),
          fields::text(f, "text"))
          .label = from;
    } else if (k == kinds::stakeholder_message) {
      const std::string from = fields::text(f, "from", "a stakeholder");
      push(r, Category::communication, "",
           fmt::format("{} wrote: {}.", capitalized(from), in_quotes(fields::text(f, "text"))),
           fields::text(f, "text"))
          .label = from;
    } else if (k == kinds::team_reply) {
      const std::string team = fields::text(f, "name", fields::text(f, "team"));
      push(r, Category::escalation, "",
           fmt::format("{} replied: {}.", capitalized(team_phrase(team)),
                       in_quotes(fields::text(f, "text"))),
           fields::text(f, "text"))
          .label = team;
    } else if (k == kinds::hint_given) {
      push(r, Category::investigation, "",
           fmt::format("Hint received: {}.", in_quotes(fields::text(f, "text"))),
           fields::text(f, "text"));
    } else if (k.starts_with("trainee.")) {
      add_trainee(r);
    }
  }

 private:
  // `quote`: the free text that `text` quotes, so a summary can shorten it and nothing else.
  TimelineEvent& push(const JournalRecord& r, Category c, std::string target, std::string text,
                      std::string_view quote = {}) {
    TimelineEvent e;
    if (!quote.empty()) e.quote = one_line(quote);
    e.t = r.t;
    e.seq = r.seq;
    e.kind = r.kind;
    e.category = e.classified = c;
    e.target = std::move(target);
    e.text = std::move(text);
    e.autopilot = fields::flag(r.fields, "autopilot");
    events.push_back(std::move(e));
    return events.back();
  }

  bool in_response(SimTime t) const { return response_start_ && t >= *response_start_; }

  // Before the incident: context. During: investigation when related, misleading when not
  // (without ground truth nothing can be called misleading). A `misleading` flag written with
  // the move (the scenario's autopilot knows) decides instead.
  Category by_target(const JournalRecord& r, std::string_view target) const {
    if (const nlohmann::json* flag = fields::find(r.fields, "misleading");
        flag && flag->is_boolean()) {
      return flag->get<bool>() ? Category::misleading : Category::investigation;
    }
    if (!in_response(r.t)) return Category::context;
    const bool known = !facts_.root_cause_components.empty() || !facts_.fix_actions.empty();
    return !known || facts_.related(target) ? Category::investigation : Category::misleading;
  }

  void add_process(const JournalRecord& r) {
    const std::string host = fields::text(r.fields, "host");
    const std::string service = fields::text(r.fields, "service");
    const std::string change = fields::text(r.fields, "change");
    std::string& last = last_change_[host + "/" + service];
    const bool was_bad = !last.empty() && last != "running" && last != "starting";
    if (change != "starting") last = change;
    if (change == "starting" || ((change == "running" || change == "unhung") && !was_bad)) return;
    push(r, Category::context, host,
         fmt::format("{} on {} {}.", service, host, process_change_text(change)));
  }

  void add_trainee(const JournalRecord& r) {
    const nlohmann::json& f = r.fields;
    const std::string_view k = r.kind;
    if (k == kinds::trainee_command) {
      const std::string host = fields::text(f, "host");
      const nlohmann::json touched = f.value("touched", nlohmann::json::object());
      std::string target = fields::text(touched, "component");
      if (target.empty()) target = fields::text(touched, "host", host);
      const std::string command = one_line(fields::text(f, "command"));
      TimelineEvent& e = push(r, by_target(r, target), target,
                              fmt::format("Ran {} on {}.", in_quotes(command), host));
      e.command = command;
      e.topic = fields::text(touched, "topic");
    } else if (k == kinds::trainee_action) {
      add_action(r);
    } else if (k == kinds::trainee_ack) {
      push(r, in_response(r.t) ? Category::detection : Category::context,
           fields::text(f, "component"),
           fmt::format("Acknowledged alert {}.", fields::text(f, "rule")))
          .label = fields::text(f, "rule");
    } else if (k == kinds::trainee_escalate) {
      const std::string message = fields::text(f, "message");
      push(r, Category::escalation, "",
           fmt::format("Escalated to {}{}.", team_phrase(fields::text(f, "team")),
                       message.empty() ? "" : ": " + in_quotes(message)),
           message)
          .label = fields::text(f, "team");
    } else if (k == kinds::trainee_note) {
      const bool hypothesis = fields::flag(f, "hypothesis");
      TimelineEvent& e = push(r, Category::investigation, "",
                              fmt::format("{}: {}.", hypothesis ? "Hypothesis" : "Note",
                                          in_quotes(fields::text(f, "text"))),
                              fields::text(f, "text"));
      e.note = true;
      e.hypothesis = hypothesis;
      if (fields::flag(f, "misleading")) e.category = e.classified = Category::misleading;
    } else if (k == kinds::trainee_status || k == kinds::trainee_message) {
      const bool status = k == kinds::trainee_status;
      const std::string to = fields::text(f, status ? "audience" : "to");
      push(r, Category::communication, "",
           fmt::format("{}{}: {}.", status ? "Status update" : "Message",
                       to.empty() ? "" : " to " + to, in_quotes(fields::text(f, "text"))),
           fields::text(f, "text"));
    } else if (k == kinds::trainee_hint) {
      const std::string topic = fields::text(f, "topic");
      push(r, Category::investigation, "",
           fmt::format("Asked for a hint{}.", topic.empty() ? "" : " about " + one_line(topic)));
    } else if (k == kinds::trainee_runbook) {
      const std::string alert = fields::text(f, "alert");
      push(r, Category::investigation, "",
           fmt::format("Read the runbook {}{}.", fields::text(f, "runbook"),
                       alert.empty() ? "" : " for alert " + alert));
    } else if (k == kinds::trainee_declare) {
      const std::string state = fields::text(f, "state");
      if (state == "mitigated") {
        push(r, Category::mitigation, "", "Declared the incident mitigated.");
      } else if (state == "resolved") {
        push(r, Category::resolution, "", "Declared the incident resolved.");
      }
    }
  }

  void add_action(const JournalRecord& r) {
    const nlohmann::json& f = r.fields;
    const std::string action = fields::text(f, "action");
    const std::string target = fields::text(f, "target");
    const bool ok = fields::flag(f, "ok", true);
    Category c = by_target(r, target);
    if (ok && facts_.is_fix(action, target)) {
      c = Category::resolution;
    } else if (ok && (c == Category::investigation || facts_.is_fix(action, target, true))) {
      c = Category::mitigation;
    }
    const std::string message = one_line(fields::text(f, "message"));
    const std::string what =
        humanize(action) + params_text(f.value("params", nlohmann::json::object()));
    TimelineEvent& e =
        push(r, c, target,
             fmt::format("Action {}{} {}{}.", what, target.empty() ? "" : " on " + target,
                         ok ? "succeeded" : "failed", message.empty() ? "" : ": " + message));
    e.action = what;
    e.failed = !ok;
  }

  const ScenarioFacts& facts_;
  std::optional<SimTime> response_start_;
  std::map<std::string, std::string> last_change_;  // host/service -> last process change
};

std::optional<SimTime> find_incident_start(std::span<const JournalRecord> records,
                                           const std::optional<OutageWindow>& outage) {
  std::optional<SimTime> start;
  if (outage) start = outage->start;
  std::optional<SimTime> first_alert;
  for (const JournalRecord& r : records) {
    const bool began =
        r.kind == kinds::fault_injected ||
        (r.kind == kinds::incident_state && fields::text(r.fields, "state") == "outage_began");
    if (began && (!start || r.t < *start)) start = r.t;
    if (r.kind == kinds::alert_firing && (!first_alert || r.t < *first_alert)) first_alert = r.t;
  }
  return start ? start : first_alert;
}

void find_detection(Timeline& tl) {
  if (!tl.incident_start) return;
  for (TimelineEvent& e : tl.events) {
    if (e.derived || e.t < *tl.incident_start) continue;
    if (e.kind == kinds::alert_firing) {
      tl.detection = Detection{e.t, e.seq, DetectionHow::alert, e.label};
      e.category = e.classified = Category::detection;
      e.text = "Monitoring a" + e.text.substr(1);  // "Alert X fired" -> "Monitoring alert X..."
      return;
    }
    if (e.kind == kinds::customer_report || e.kind == kinds::stakeholder_message) {
      tl.detection = Detection{e.t, e.seq, DetectionHow::report, e.label};
      e.category = e.classified = Category::detection;
      return;
    }
    if (is_trainee_move(e.kind)) {
      tl.detection = Detection{e.t, e.seq, DetectionHow::engineer, "responder"};
      TimelineEvent noticed;
      noticed.t = e.t;
      noticed.derived = true;
      noticed.kind = "detection.engineer";
      noticed.category = noticed.classified = Category::detection;
      noticed.text =
          "The responder noticed the problem before any alert fired or anyone reported it.";
      tl.events.push_back(std::move(noticed));
      sort_timeline(tl.events);
      return;
    }
  }
}

TimelineEvent derived(SimTime t, std::string kind, std::string text) {
  TimelineEvent e;
  e.t = t;
  e.derived = true;
  e.kind = std::move(kind);
  e.category = e.classified = Category::impact;
  e.text = std::move(text);
  return e;
}

}  // namespace

void sort_timeline(std::vector<TimelineEvent>& events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) {
                     if (a.t != b.t) return a.t < b.t;
                     if (a.derived != b.derived) return a.derived;
                     return a.seq < b.seq;
                   });
}

Timeline classify_journal(std::span<const JournalRecord> records, const ScenarioFacts& facts,
                          const std::optional<OutageWindow>& outage) {
  Timeline tl;
  tl.incident_start = find_incident_start(records, outage);
  std::optional<SimTime> response_start = tl.incident_start;
  for (const JournalRecord& r : records) {
    if (r.kind == kinds::alert_firing && (!response_start || r.t < *response_start)) {
      response_start = r.t;
    }
  }
  Classifier classifier(facts, response_start);
  for (const JournalRecord& r : records) classifier.add(r);
  tl.events = std::move(classifier.events);
  if (outage) {
    tl.events.push_back(derived(outage->start, "outage.began",
                                "The SLO breach began: users saw failed or slow requests."));
    if (!outage->ongoing) {
      tl.events.push_back(derived(outage->end, "outage.ended",
                                  "Error rate and latency were back within the SLO: the service "
                                  "recovered."));
    }
  }
  sort_timeline(tl.events);
  find_detection(tl);
  return tl;
}

}  // namespace firedrill
