// ScenarioRuntime, the scripted world (see scenario_runtime.h).
#include <fmt/format.h>

#include <algorithm>

#include "sim/faults/fault_catalog.h"
#include "sim/faults/fault_targets.h"
#include "sim/script/scenario_api.h"
#include "sim/script/scenario_runtime.h"

// [SECTION] index
//   Faults             build, inject, clear, ramp, the auto-clear poll
//   Journal feed       what the responder did: activity, fixes, escalations, hint requests
//   Fixes              matching actions against fix rules
//   People             team replies, stakeholders, hints
//   Console            the scenario's commands, files and log lines

namespace firedrill::script {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool glob_any(const std::vector<std::string>& patterns, std::string_view name) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return glob_match(p, name); });
}

}  // namespace

// ---- [SECTION] Faults -------------------------------------------------------------------------

void ScenarioRuntime::build_faults() {
  WebStack& stack = drill_.stack();
  for (const FaultDecl& f : definition().faults) {
    FaultInstance instance;
    // finish_scenario_definition made the same fault against the same spec, so this holds.
    auto made = make_fault(stack, f.kind, f.targets, f.params);
    if (made.ok()) instance.fault = std::move(made.value());
    faults_.push_back(std::move(instance));
  }
}

ScenarioRuntime::FaultState ScenarioRuntime::fault_state(std::string_view id) const {
  const auto& faults = definition().faults;
  for (size_t i = 0; i < faults.size(); ++i)
    if (faults[i].id == id) return faults_[i].state;
  return FaultState::pending;
}

namespace {

size_t fault_index(const ScenarioDefinition& def, std::string_view id) {
  for (size_t i = 0; i < def.faults.size(); ++i)
    if (def.faults[i].id == id) return i;
  return def.faults.size();
}

std::string unknown_fault(const ScenarioDefinition& def, const std::string& id) {
  std::vector<std::string> ids;
  for (const FaultDecl& f : def.faults) ids.push_back(f.id);
  return fmt::format("no fault \"{}\" is declared; faults: {}", id,
                     ids.empty() ? std::string("none") : joined(ids));
}

}  // namespace

bool ScenarioRuntime::inject(const std::string& id, std::string& error, bool& changed) {
  const ScenarioDefinition& def = definition();
  changed = false;
  const size_t i = fault_index(def, id);
  if (i == def.faults.size()) {
    error = unknown_fault(def, id);
    return false;
  }
  FaultInstance& instance = faults_[i];
  const FaultDecl& decl = def.faults[i];
  if (!instance.fault) {
    error = fmt::format("fault \"{}\" could not be built for this stack", id);
    return false;
  }
  if (instance.fault->injected()) return true;
  if (std::optional<FaultError> refused = instance.fault->inject(drill_.stack())) {
    error = fmt::format("fault \"{}\": {}", id, refused->formatted());
    return false;
  }
  changed = true;
  instance.state = FaultState::active;
  instance.targets = instance.fault->resolved_targets();
  instance.fixed.clear();
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [k, v] : instance.fault->params()) params[k] = fault_value_json(v);
  nlohmann::json fields = {{"id", id},
                           {"fault", decl.kind},
                           {"target", joined(instance.targets)},
                           {"targets", instance.targets},
                           {"params", std::move(params)},
                           {"summary", instance.fault->summary()}};
  if (decl.red_herring) {
    fields["explanation"] = decl.explanation;
    journal("red_herring.injected", std::move(fields));
  } else {
    journal("fault.injected", std::move(fields));
    note_incident("outage_began", outage_began_);
  }
  return true;
}

bool ScenarioRuntime::clear(const std::string& id, std::string& error, bool& changed) {
  const ScenarioDefinition& def = definition();
  changed = false;
  const size_t i = fault_index(def, id);
  if (i == def.faults.size()) {
    error = unknown_fault(def, id);
    return false;
  }
  if (faults_[i].state != FaultState::active) return true;
  changed = true;
  set_fault_cleared(i, "script");
  return true;
}

bool ScenarioRuntime::ramp(const std::string& id, double intensity, SimTime over,
                           std::string& error) {
  const ScenarioDefinition& def = definition();
  const size_t i = fault_index(def, id);
  if (i == def.faults.size()) {
    error = unknown_fault(def, id);
    return false;
  }
  if (faults_[i].fault) faults_[i].fault->ramp(intensity, over);
  return true;
}

void ScenarioRuntime::set_fault_cleared(size_t index, const std::string& reason) {
  FaultInstance& instance = faults_[index];
  const FaultDecl& decl = definition().faults[index];
  if (instance.fault && instance.fault->injected()) instance.fault->clear(drill_.stack());
  instance.state = FaultState::cleared;
  journal(decl.red_herring ? "red_herring.cleared" : "fault.cleared",
          {{"id", decl.id},
           {"fault", decl.kind},
           {"target", joined(instance.targets)},
           {"targets", instance.targets},
           {"reason", reason}});
}

// A fault with a `duration` parameter clears itself inside the library.
void ScenarioRuntime::poll_faults() {
  for (size_t i = 0; i < faults_.size(); ++i) {
    if (faults_[i].state == FaultState::active && faults_[i].fault &&
        !faults_[i].fault->injected()) {
      set_fault_cleared(i, "duration");
    }
  }
}

void ScenarioRuntime::note_incident(const std::string& state, std::optional<SimTime>& slot) {
  if (slot) return;
  slot = drill_.now();
  journal("incident.state", {{"state", state}});
}

// ---- [SECTION] Journal feed -------------------------------------------------------------------

void ScenarioRuntime::on_record(const JournalRecord& record) {
  const std::string& kind = record.kind;
  const nlohmann::json& f = record.fields;
  auto text = [&](const char* key) {
    const auto it = f.find(key);
    return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (kind == "alert.firing") {
    alerts_fired_.insert(text("rule"));
  } else if (kind == "trainee.command") {
    ++commands_by_host_[text("host")];
    last_activity_ = record.t;
  } else if (kind == "trainee.action") {
    ++actions_by_host_[text("target")];
    last_activity_ = record.t;
    if (started_) apply_fixes(record);
  } else if (kind == "trainee.escalate") {
    last_activity_ = record.t;
    if (started_) answer_escalation(record);
  } else if (kind == "trainee.hint") {
    if (started_) check_hints(true);
  }
}

int ScenarioRuntime::actions_on(std::string_view host_glob) const {
  int n = 0;
  for (const auto& [host, count] : actions_by_host_)
    if (host_glob.empty() || glob_match(host_glob, host)) n += count;
  return n;
}

int ScenarioRuntime::commands_on(std::string_view host_glob) const {
  int n = 0;
  for (const auto& [host, count] : commands_by_host_)
    if (host_glob.empty() || glob_match(host_glob, host)) n += count;
  return n;
}

bool ScenarioRuntime::escalated_to(std::string_view team) const {
  return team.empty() ? !escalated_.empty() : escalated_.count(team) > 0;
}

SimTime ScenarioRuntime::idle_for() const {
  return drill_.now() - last_activity_;
}

// ---- [SECTION] Fixes --------------------------------------------------------------------------

namespace {

using ParamList = std::vector<std::pair<std::string, std::string>>;

ParamList param_list(const JournalRecord& record) {
  ParamList list;
  const nlohmann::json params = record.fields.value("params", nlohmann::json::object());
  for (const auto& [key, value] : params.items()) {
    list.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return list;
}

// Pushes (target, {key = value...}) for a fix rule's check and run. Runs inside the sandbox's
// protected call; only trivially destructible locals.
int push_request(lua_State* L, const std::string& target, const ParamList& params) {
  luaL_checkstack(L, 4, "no room for the arguments");
  lua_pushlstring(L, target.data(), target.size());
  lua_createtable(L, 0, static_cast<int>(params.size()));
  for (const auto& [key, value] : params) {
    lua_pushlstring(L, key.data(), key.size());
    lua_pushlstring(L, value.data(), value.size());
    lua_rawset(L, -3);
  }
  return 2;
}

}  // namespace

bool ScenarioRuntime::fix_matches(const FixRule& fix, const JournalRecord& record) {
  const nlohmann::json& f = record.fields;
  if (f.value("action", std::string()) != fix.action || !f.value("ok", false)) return false;
  const std::string target = f.value("target", std::string());
  if (!fix.targets.empty() && !glob_any(fix.targets, target)) return false;
  const nlohmann::json params = f.value("params", nlohmann::json::object());
  for (const auto& [key, want] : fix.params) {
    const auto it = params.find(key);
    if (it == params.end() || !it->is_string() || it->get<std::string>() != want) return false;
  }
  if (!fix.check) return true;
  const ParamList list = param_list(record);
  // check(target, params) -> boolean. A check that failed is released: false from then on.
  bool result = false;
  std::optional<ScriptError> error = scenario_.sandbox().call_with(
      fix.check, [&](lua_State* L) { return push_request(L, target, list); },
      [&result](lua_State* L, int first, int count) {
        result = count > 0 && lua_toboolean(L, first) != 0;
      });
  if (error) {
    report_error(*error, "fix '" + fix.action + "' (check)", fix.check);
    return false;
  }
  return result;
}

void ScenarioRuntime::apply_fixes(const JournalRecord& record) {
  const ScenarioDefinition& def = definition();
  const std::string target = record.fields.value("target", std::string());
  for (const FixRule& fix : def.fixes) {
    if (!fix_matches(fix, record)) continue;
    for (const std::string& id : fix.repairs) {
      const size_t i = fault_index(def, id);
      FaultInstance& instance = faults_[i];
      if (instance.state != FaultState::active) continue;
      instance.fixed.insert(target);
      // Repaired once the fix reached every target it can reach (all of them without targets).
      bool complete = true;
      for (const std::string& t : instance.targets) {
        const bool needed = fix.targets.empty() || glob_any(fix.targets, t);
        if (needed && instance.fixed.count(t) == 0) complete = false;
      }
      if (complete) set_fault_cleared(i, fmt::format("fixed by {} on {}", fix.action, target));
    }
    for (const std::string& id : fix.mitigates) {
      if (faults_[fault_index(def, id)].state == FaultState::active) {
        note_incident("mitigated", mitigated_);
      }
    }
    if (fix.run) {
      // run(target, params): what else the fix does (a log line, ramping a fault down...).
      const ParamList list = param_list(record);
      std::optional<ScriptError> error = scenario_.sandbox().call_with(
          fix.run, [&](lua_State* L) { return push_request(L, target, list); },
          [](lua_State*, int, int) {});
      if (error) report_error(*error, "fix '" + fix.action + "' (run)", fix.run);
    }
  }
}

// ---- [SECTION] People -------------------------------------------------------------------------

void ScenarioRuntime::answer_escalation(const JournalRecord& record) {
  const std::string team_id = record.fields.value("team", std::string());
  const std::string message = record.fields.value("message", std::string());
  escalated_.insert(team_id);
  const TeamDecl* team = definition().team(team_id);
  if (team == nullptr) return;  // nobody answers a team the scenario does not know
  Reply reply{team->id, team->reply, record.seq};
  SimTime delay = team->delay;
  if (team->reply_fn) {
    std::optional<double> seconds;
    std::optional<std::string> text =
        call_for_text(team->reply_fn, "team '" + team->id + "' (reply)", {message}, &seconds);
    if (!text) return;  // nil: no answer (or the function failed and is disabled)
    reply.text = std::move(*text);
    if (seconds && *seconds >= 0 && *seconds < 86400.0 * 7) delay = SimTime::from_seconds(*seconds);
  }
  replies_.push_back(std::move(reply));
  drill_.sim().schedule_in(delay, handler_, kReply, replies_.size() - 1);
}

void ScenarioRuntime::send_stakeholder(size_t index) {
  if (stakeholder_sent_[index]) return;
  stakeholder_sent_[index] = true;
  const StakeholderDecl& s = definition().stakeholders[index];
  std::string text = s.text;
  if (s.text_fn) {
    std::optional<std::string> made = call_for_text(s.text_fn, "stakeholder '" + s.name + "'", {});
    if (!made) return;
    text = std::move(*made);
  }
  if (s.from == "customer") {
    journal(
        "customer.report",
        {{"from", s.name.empty() ? "a customer" : s.name}, {"channel", s.channel}, {"text", text}});
  } else {
    journal("stakeholder.message", {{"from", s.name.empty() ? s.from : s.name},
                                    {"role", s.from},
                                    {"channel", s.channel},
                                    {"text", text}});
  }
}

void ScenarioRuntime::give_hint(size_t index) {
  hint_given_[index] = true;
  const HintDecl& h = definition().hints[index];
  journal("hint.given", {{"id", h.id}, {"text", h.text}});
}

// Each second, hints whose condition holds; on request (`asked`), the next hint that is due.
void ScenarioRuntime::check_hints(bool asked) {
  const ScenarioDefinition& def = definition();
  const SimTime now = drill_.now();
  for (size_t i = 0; i < def.hints.size(); ++i) {
    const HintDecl& h = def.hints[i];
    if (hint_given_[i] || now < h.after) continue;
    if (asked) {
      give_hint(i);
      return;
    }
    if (!h.condition) {
      give_hint(i);
      continue;
    }
    const std::optional<bool> holds = evaluate(h.condition, "hint '" + h.id + "' (when)");
    if (!holds) {
      hint_given_[i] = true;  // disabled
    } else if (*holds) {
      give_hint(i);
    }
  }
}

// ---- [SECTION] Console ------------------------------------------------------------------------

std::optional<ConsoleReply> ScenarioRuntime::run_command(const std::string& host,
                                                         const std::vector<std::string>& argv) {
  if (argv.empty()) return std::nullopt;
  const CommandDecl* chosen = nullptr;
  for (const CommandDecl& c : definition().commands) {
    if (c.name != argv[0] || !glob_match(c.hosts, host)) continue;
    // A declaration naming the host exactly wins over a pattern; else the first one.
    if (chosen == nullptr || (c.hosts == host && chosen->hosts != host)) chosen = &c;
  }
  if (chosen == nullptr) return std::nullopt;
  ConsoleReply reply;
  reply.exit_code = chosen->exit_code;
  if (!chosen->output) {
    reply.output = chosen->text;
  } else {
    // output(host, arg1, arg2...) -> text[, exit code]
    std::vector<std::string> args = {host};
    args.insert(args.end(), argv.begin() + 1, argv.end());
    std::optional<double> exit_code;
    std::optional<std::string> text =
        call_for_text(chosen->output, "command '" + chosen->name + "'", args, &exit_code);
    if (!text) return std::nullopt;
    reply.output = std::move(*text);
    if (exit_code) reply.exit_code = static_cast<int>(*exit_code);
  }
  if (!reply.output.empty() && reply.output.back() != '\n') reply.output += '\n';
  return reply;
}

std::optional<std::string> ScenarioRuntime::read_file(const std::string& host,
                                                      const std::string& path) {
  const FileDecl* chosen = nullptr;
  for (const FileDecl& f : definition().files) {
    if (f.path != path || !glob_match(f.hosts, host)) continue;
    if (chosen == nullptr || (f.hosts == host && chosen->hosts != host)) chosen = &f;
  }
  if (chosen == nullptr) return std::nullopt;
  std::optional<std::string> text =
      chosen->content ? call_for_text(chosen->content, "file '" + chosen->path + "'", {host})
                      : chosen->text;
  // Text files end with a newline, as cat and tail expect.
  if (text && !text->empty() && text->back() != '\n') *text += '\n';
  return text;
}

void ScenarioRuntime::write_log(const std::string& host, const std::string& path,
                                std::string text) {
  drill_.logs().write_line(host, path, drill_.now(), std::move(text));
}

}  // namespace firedrill::script
