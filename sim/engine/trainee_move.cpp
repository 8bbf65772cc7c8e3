#include "sim/engine/trainee_move.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

namespace firedrill {

namespace {

using json = nlohmann::json;

constexpr std::string_view kCommand = "trainee.command", kAction = "trainee.action",
                           kAck = "trainee.ack", kEscalate = "trainee.escalate",
                           kNote = "trainee.note", kStatus = "trainee.status",
                           kMessage = "trainee.message", kHint = "trainee.hint",
                           kRunbook = "trainee.runbook", kDeclare = "trainee.declare",
                           kTimelineEdit = "timeline.edit";

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The checks below return the first problem; the fields are a JSON object.
struct FieldCheck {
  const json& f;
  std::optional<MoveProblem> problem;

  bool has(const char* key) const { return f.contains(key) && !f[key].is_null(); }
  void fail(std::string field, std::string message) {
    if (!problem) problem = MoveProblem{std::move(field), std::move(message)};
  }
  void text(const char* key, bool required) {
    if (!has(key)) {
      if (required) fail(key, "missing: expected a string");
    } else if (!f[key].is_string()) {
      fail(key, "expected a string, got " + f[key].dump());
    } else if (required && f[key].get_ref<const std::string&>().empty()) {
      fail(key, "must not be empty");
    }
  }
  void boolean(const char* key) {
    if (has(key) && !f[key].is_boolean()) fail(key, "expected true or false, got " + f[key].dump());
  }
  void integer(const char* key, bool required) {
    if (!has(key)) {
      if (required) fail(key, "missing: expected a non-negative integer");
    } else if (!f[key].is_number_integer() || f[key].get<int64_t>() < 0) {
      fail(key, "expected a non-negative integer, got " + f[key].dump());
    }
  }
  void one_of(const char* key, bool required, std::initializer_list<const char*> valid) {
    text(key, required);
    if (problem || !has(key)) return;
    const std::string& value = f[key].get_ref<const std::string&>();
    std::vector<std::string> names(valid.begin(), valid.end());
    if (std::find(names.begin(), names.end(), value) == names.end())
      fail(key, fmt::format("\"{}\" is not one of: {}", value, joined(names)));
  }
};

std::optional<MoveProblem> check_timeline_edit(FieldCheck& c) {
  c.one_of("op", true, {"reword", "mark_misleading", "unmark_misleading", "hide", "show", "add"});
  if (c.problem) return c.problem;
  const std::string op = c.f["op"].get<std::string>();
  if (op == "add") {
    c.integer("at_us", true);
    c.text("text", true);
    c.one_of("category", false,
             {"detection", "investigation", "misleading", "escalation", "mitigation", "resolution",
              "communication"});
  } else {
    c.integer("target_seq", true);
    if (op == "reword") c.text("text", true);
  }
  return c.problem;
}

const ActionInfo* find_action(const std::string& name) {
  for (const ActionInfo& a : action_catalog())
    if (a.name == name) return &a;
  return nullptr;
}

// Fields a move computes itself are dropped; the rest (autopilot, misleading, why...) stay.
json extras(const json& fields, std::initializer_list<const char*> computed) {
  json out = json::object();
  for (const auto& [key, value] : fields.items()) {
    if (std::find_if(computed.begin(), computed.end(), [&](const char* c) { return key == c; }) ==
        computed.end())
      out[key] = value;
  }
  return out;
}

std::string param_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

MoveOutcome refused(std::string field, std::string message) {
  MoveOutcome out;
  out.problem = {std::move(field), std::move(message)};
  return out;
}

// `seq` is the move's own record, taken before it was written: a journal listener (the scenario
// runtime giving a hint) may write records of its own right after it.
void stamp(Drill& drill, MoveOutcome& out, uint64_t seq) {
  out.done = true;
  out.seq = seq;
  out.t = drill.now();
}

}  // namespace

const std::vector<std::string_view>& trainee_move_kinds() {
  static const std::vector<std::string_view> kinds = {
      kCommand, kAction, kAck,     kEscalate, kNote,         kStatus,
      kMessage, kHint,   kRunbook, kDeclare,  kTimelineEdit,
  };
  return kinds;
}

bool is_trainee_move_kind(std::string_view kind) {
  const auto& kinds = trainee_move_kinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

std::optional<MoveProblem> check_move_fields(const TraineeMove& move) {
  if (!is_trainee_move_kind(move.kind)) {
    std::vector<std::string> names(trainee_move_kinds().begin(), trainee_move_kinds().end());
    return MoveProblem{
        "kind", fmt::format("\"{}\" is not a trainee move; one of: {}", move.kind, joined(names))};
  }
  if (!move.fields.is_object()) return MoveProblem{"fields", "expected an object"};
  FieldCheck c{move.fields, std::nullopt};
  const std::string_view k = move.kind;
  if (k == kCommand) {
    c.text("host", true);
    c.text("command", true);
  } else if (k == kAction) {
    c.text("action", true);
    c.text("target", false);
    if (c.has("params")) {
      if (!c.f["params"].is_object()) {
        c.fail("params", "expected an object of strings");
      } else {
        for (const auto& [key, value] : c.f["params"].items()) {
          if (!value.is_string() && !value.is_number() && !value.is_boolean())
            c.fail("params." + key, "expected a string or a number, got " + value.dump());
        }
      }
    }
  } else if (k == kAck) {
    c.text("rule", true);
    c.text("component", true);
  } else if (k == kEscalate) {
    c.text("team", true);
    c.text("message", true);
  } else if (k == kNote) {
    c.text("text", true);
    c.boolean("hypothesis");
  } else if (k == kStatus) {
    c.text("text", true);
    c.text("audience", false);
  } else if (k == kMessage) {
    c.text("to", true);
    c.text("text", true);
    c.integer("reply_to_seq", false);
  } else if (k == kHint) {
    c.text("topic", false);
  } else if (k == kRunbook) {
    c.text("runbook", true);
    c.text("alert", false);
  } else if (k == kDeclare) {
    c.one_of("state", true, {"mitigated", "resolved"});
  } else if (k == kTimelineEdit) {
    return check_timeline_edit(c);
  }
  return c.problem;
}

std::optional<MoveProblem> check_trainee_move(const TraineeMove& move, const WebStack& stack) {
  if (auto problem = check_move_fields(move)) return problem;
  const json& f = move.fields;
  std::vector<std::string> hosts;
  for (const auto& h : stack.hosts()) hosts.push_back(h->name());
  auto unknown_host = [&](const char* field) -> std::optional<MoveProblem> {
    const std::string name = f.value(field, std::string());
    if (std::find(hosts.begin(), hosts.end(), name) != hosts.end()) return std::nullopt;
    return MoveProblem{field, fmt::format("unknown host \"{}\"; hosts: {}", name, joined(hosts))};
  };
  if (move.kind == kCommand) {
    if (f.value("exit_code", 0) == 255) return std::nullopt;  // recorded as ssh's failure
    return unknown_host("host");
  }
  if (move.kind != kAction) return std::nullopt;
  const std::string name = f["action"].get<std::string>();
  const ActionInfo* info = find_action(name);
  if (!info) {
    std::vector<std::string> names;
    for (const ActionInfo& a : action_catalog()) names.push_back(a.name);
    return MoveProblem{"action",
                       fmt::format("unknown action \"{}\"; one of: {}", name, joined(names))};
  }
  if (f.contains("ok") && f["ok"] == false) return std::nullopt;  // replays as refused again
  if (info->target != "none") {
    if (f.value("target", std::string()).empty())
      return MoveProblem{"target", fmt::format("{} needs a target host ({}); hosts: {}", name,
                                               info->target, joined(hosts))};
    if (auto problem = unknown_host("target")) return problem;
  }
  const json params = f.value("params", json::object());
  for (const std::string& p : info->params) {
    if (!params.contains(p))
      return MoveProblem{"params." + p, fmt::format("{} needs parameter \"{}\" (needs: {})", name,
                                                    p, joined(info->params))};
  }
  return std::nullopt;
}

MoveOutcome perform_trainee_move(Drill& drill, const TraineeMove& move,
                                 const MoveOptions& options) {
  if (auto problem = check_move_fields(move)) return refused(problem->field, problem->message);
  const json& f = move.fields;
  DrillJournal& journal = drill.journal();
  MoveOutcome out;
  if (move.kind == kCommand) {
    if (!options.console) return refused("", "no console to run the command on");
    const std::string host = f["host"].get<std::string>(), line = f["command"].get<std::string>();
    out.prompt = options.console->prompt(host);
    CommandResult result = options.console->run(host, line);
    const Touched& t = result.touched;
    json fields = extras(f, {"exit_code", "touched"});
    fields["exit_code"] = result.exit_code;
    fields["touched"] = {{"host", t.host},
                         {"component", t.component},
                         {"service", t.service},
                         {"files", t.files},
                         {"topic", t.topic}};
    const uint64_t seq = journal.records_written();
    journal.write("trainee", std::string(kCommand), std::move(fields));
    stamp(drill, out, seq);
    out.output = std::move(result.output);
    out.exit_code = result.exit_code;
    if (result.action && options.perform_requested_action) {
      // The console only asks; the drill acts, and journals it as the trainee's action.
      out.request =
          ActionRequest{result.action->action, result.action->host, result.action->params};
      out.action = drill.perform(*out.request);
    }
    return out;
  }
  if (move.kind == kAction) {
    ActionRequest request;
    request.action = f["action"].get<std::string>();
    request.target = f.value("target", std::string());
    const json params = f.value("params", json::object());
    for (const auto& [key, value] : params.items()) request.params[key] = param_text(value);
    out.action = drill.perform(request, "trainee",
                               extras(f, {"action", "target", "params", "ok", "message"}));
    out.request = std::move(request);
    stamp(drill, out, journal.records_written() - 1);
    return out;
  }
  if (move.kind == kAck) {
    const std::string rule = f["rule"].get<std::string>();
    const std::string component = f["component"].get<std::string>();
    if (!drill.alerts().acknowledge(rule, component, options.ack_by))
      return refused("rule", fmt::format("no alert {} on {} is listed", rule, component));
    const uint64_t seq = journal.records_written();
    journal.write("trainee", std::string(kAck), f);
    stamp(drill, out, seq);
    return out;
  }
  // The rest change nothing in the stack: the record is the move (the scenario runtime reads
  // escalations and hint requests from the journal). Defaults as the API fills them.
  json fields = f;
  if (move.kind == kNote && !fields.contains("hypothesis")) fields["hypothesis"] = false;
  if (move.kind == kStatus && fields.value("audience", std::string()).empty())
    fields["audience"] = "internal";
  const uint64_t seq = journal.records_written();
  journal.write("trainee", move.kind, std::move(fields));
  stamp(drill, out, seq);
  return out;
}

}  // namespace firedrill
