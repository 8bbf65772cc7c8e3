#include "sim/script/scenario_runtime.h"

// [SECTION] index
//   Lifecycle          attach, detach, start, the scenario.meta record
//   Events             at / every hooks, the per-second tick
//   Lua calls          hooks, conditions, functions that return text; error reports
//   Resolution         resolved-when
//   (Faults, fixes, teams, stakeholders, hints, commands: scenario_runtime_world.cpp;
//    the autopilot: scenario_runtime_autopilot.cpp.)

#include <fmt/format.h>

#include <cassert>
#include <cmath>
#include <cstdio>

#include "sim/faults/fault_targets.h"
#include "sim/script/scenario_api.h"

namespace firedrill::script {

// ---- [SECTION] Lifecycle ----------------------------------------------------------------------

nlohmann::json fault_value_json(const FaultValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b;
  if (const double* d = std::get_if<double>(&value)) return *d;
  return std::get<std::string>(value);
}

ScenarioRuntime::ScenarioRuntime(Scenario& scenario, Drill& drill, ScenarioRuntimeOptions options)
    : scenario_(scenario),
      drill_(drill),
      options_(std::move(options)),
      self_(std::make_shared<ScenarioRuntime*>(this)) {
  ScenarioApiContext& ctx = scenario_.context();
  assert(ctx.runtime == nullptr && "ScenarioRuntime: the scenario is attached to another drill");
  ctx.runtime = this;
  ctx.phase = ScenarioPhase::running;
  // math.random follows the run seed from here on, like every model stream.
  scenario_.sandbox().random() = drill_.sim().streams().stream("scenario/lua");
  handler_ = drill_.sim().add_handler(this, "scenario");
  const ScenarioDefinition& def = definition();
  hooks_.resize(def.hooks.size());
  stakeholder_sent_.assign(def.stakeholders.size(), false);
  hint_given_.assign(def.hints.size(), false);
  build_faults();
  std::weak_ptr<ScenarioRuntime*> weak = self_;
  drill_.journal().add_listener([weak](const JournalRecord& record) {
    if (const std::shared_ptr<ScenarioRuntime*> self = weak.lock()) (*self)->on_record(record);
  });
}

ScenarioRuntime::~ScenarioRuntime() {
  ScenarioApiContext& ctx = scenario_.context();
  ctx.runtime = nullptr;
  ctx.phase = ScenarioPhase::detached;
}

const ScenarioDefinition& ScenarioRuntime::definition() const {
  return scenario_.definition();
}

void ScenarioRuntime::start() {
  assert(!started_ && "ScenarioRuntime::start() twice");
  started_ = true;
  const ScenarioDefinition& def = definition();
  Simulation& sim = drill_.sim();
  journal("scenario.meta", meta_fields());
  for (size_t i = 0; i < def.hooks.size(); ++i) {
    const HookDecl& h = def.hooks[i];
    if (h.kind == HookDecl::Kind::at) sim.schedule_at(h.at, handler_, kHookAt, i);
    if (h.kind == HookDecl::Kind::every && h.at < h.stop) {
      sim.schedule_at(h.at, handler_, kHookEvery, i);
    }
  }
  for (size_t i = 0; i < def.faults.size(); ++i) {
    if (def.faults[i].at) sim.schedule_at(*def.faults[i].at, handler_, kFaultAt, i);
  }
  for (size_t i = 0; i < def.stakeholders.size(); ++i) {
    const StakeholderDecl& s = def.stakeholders[i];
    if (s.at && !s.condition) sim.schedule_at(*s.at, handler_, kStakeholderAt, i);
  }
  if (options_.autopilot) {
    for (size_t i = 0; i < def.autopilot.size(); ++i) {
      sim.schedule_at(def.autopilot[i].at, handler_, kStep, i);
    }
  }
  sim.schedule_in(SimTime::seconds(1), handler_, kTick);
}

void ScenarioRuntime::journal(const std::string& kind, nlohmann::json fields) {
  drill_.journal().write("scenario", kind, std::move(fields));
}

nlohmann::json ScenarioRuntime::meta_fields() const {
  const ScenarioDefinition& def = definition();
  const DrillSpec& spec = def.drill;
  WebStack& stack = drill_.stack();
  std::vector<FaultComponent> components = stack_components(stack);
  auto matching = [&](const std::vector<std::string>& patterns) {
    std::vector<std::string> names;
    for (const FaultComponent& c : components) {
      for (const std::string& p : patterns) {
        if (glob_match(p, c.name)) {
          names.push_back(c.name);
          break;
        }
      }
    }
    return names;
  };
  nlohmann::json faults = nlohmann::json::array(), herrings = nlohmann::json::array();
  std::set<std::string> root_components;
  for (const FaultDecl& f : def.faults) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [k, v] : f.params) params[k] = fault_value_json(v);
    nlohmann::json entry = {
        {"id", f.id}, {"kind", f.kind}, {"targets", f.targets}, {"params", params}};
    if (f.red_herring) {
      entry["explanation"] = f.explanation;
      herrings.push_back(std::move(entry));
    } else {
      faults.push_back(std::move(entry));
      for (const std::string& n : matching(f.targets)) root_components.insert(n);
    }
  }
  nlohmann::json fixes = nlohmann::json::array();
  for (const FixRule& fix : def.fixes) {
    if (fix.repairs.empty() && fix.mitigates.empty()) continue;
    if (fix.targets.empty()) {
      fixes.push_back({{"action", fix.action}, {"target", ""}});
      continue;
    }
    for (const FaultComponent& c : components) {
      if (c.host == nullptr) continue;
      for (const std::string& p : fix.targets) {
        if (glob_match(p, c.name)) {
          fixes.push_back({{"action", fix.action}, {"target", c.name}});
          break;
        }
      }
    }
  }
  nlohmann::json measures = nlohmann::json::array(), measure_texts = nlohmann::json::array();
  for (const MeasureDecl& m : def.measures) {
    measures.push_back({{"text", m.text}, {"kind", m.kind}, {"owner", m.owner}});
    measure_texts.push_back(m.text);
  }
  nlohmann::json teams = nlohmann::json::array();
  for (const TeamDecl& t : def.teams) teams.push_back({{"id", t.id}, {"name", t.name}});
  nlohmann::json deploys = nlohmann::json::array();
  for (const DeployDecl& d : def.deploys) {
    deploys.push_back({{"version", d.version},
                       {"ago_us", d.ago.us()},
                       {"author", d.author},
                       {"summary", d.summary},
                       {"hosts", d.hosts}});
  }
  nlohmann::json runbooks = nlohmann::json::array();
  for (const RunbookDecl& r : def.runbooks) {
    runbooks.push_back({{"alert", r.alert}, {"title", r.title}});
  }
  nlohmann::json alerts = nlohmann::json::array();
  for (const AlertRuleSpec& a : spec.alerts) alerts.push_back(a.name);
  return {
      {"id", spec.id},
      {"title", spec.title},
      {"difficulty", def.meta.difficulty},
      {"briefing", def.meta.briefing},
      {"root_cause", def.meta.root_cause},
      {"resolution", def.meta.resolution},
      {"learning_goals", def.meta.learning_goals},
      {"tags", def.meta.tags},
      {"author", def.meta.author},
      {"services", def.meta.services},
      {"slo", {{"error_ratio", def.meta.slo_error_ratio}, {"latency_ms", def.meta.slo_latency_ms}}},
      {"time_zone", spec.time_zone},
      {"start_local", spec.start_local},
      {"length_us", spec.length.us()},
      {"seed", spec.seed},
      {"root_cause_components",
       std::vector<std::string>(root_components.begin(), root_components.end())},
      {"fix_actions", std::move(fixes)},
      {"faults", std::move(faults)},
      {"red_herrings", std::move(herrings)},
      {"corrective_measures", std::move(measure_texts)},
      {"measures", std::move(measures)},
      {"teams", std::move(teams)},
      {"deploys", std::move(deploys)},
      {"runbooks", std::move(runbooks)},
      {"alerts", std::move(alerts)},
      {"stack",
       {{"web_servers", spec.stack.web.count},
        {"replica", spec.stack.db.replica},
        {"cache", spec.stack.cache.enabled}}},
      {"autopilot", options_.autopilot},
  };
}

// ---- [SECTION] Events -------------------------------------------------------------------------

void ScenarioRuntime::on_event(const Event& event) {
  const auto index = static_cast<size_t>(event.arg);
  const ScenarioDefinition& def = definition();
  switch (static_cast<EventKind>(event.kind)) {
    case kTick:
      tick();
      drill_.sim().schedule_in(SimTime::seconds(1), handler_, kTick);
      break;
    case kHookAt:
      run_hook(index);
      break;
    case kHookEvery: {
      const HookDecl& h = def.hooks[index];
      if (!run_hook(index)) break;
      const SimTime next = drill_.now() + h.interval;
      if (next < h.stop) drill_.sim().schedule_at(next, handler_, kHookEvery, index);
      break;
    }
    case kFaultAt: {
      std::string error;
      bool changed = false;
      if (!inject(def.faults[index].id, error, changed)) {
        const FaultDecl& f = def.faults[index];
        report_error(ScriptError{f.where.file, f.where.line, error, {}, ScriptErrorKind::runtime},
                     "fault '" + f.id + "'", CallbackId{});
      }
      break;
    }
    case kStakeholderAt:
      send_stakeholder(index);
      break;
    case kReply: {
      const Reply& r = replies_[index];
      const TeamDecl* team = def.team(r.team);
      journal("team.reply", {{"team", r.team},
                             {"name", team != nullptr ? team->name : r.team},
                             {"text", r.text},
                             {"request_seq", r.request_seq}});
      break;
    }
    case kStep:
      run_step(index);
      break;
  }
}

void ScenarioRuntime::tick() {
  const ScenarioDefinition& def = definition();
  const SimTime now = drill_.now();
  for (size_t i = 0; i < def.hooks.size(); ++i) {
    const HookDecl& h = def.hooks[i];
    HookState& state = hooks_[i];
    if (h.kind != HookDecl::Kind::when || state.disabled || now < h.at || now >= h.stop) continue;
    if (h.once && state.fired) continue;
    const std::optional<bool> holds = evaluate(h.condition, "when '" + h.name + "' (condition)");
    if (!holds) {
      state.disabled = true;
      continue;
    }
    const bool rising = *holds && !state.was_true;
    state.was_true = *holds;
    if (rising) {
      state.fired = true;
      run_hook(i);
    }
  }
  poll_faults();
  for (size_t i = 0; i < def.stakeholders.size(); ++i) {
    const StakeholderDecl& s = def.stakeholders[i];
    if (stakeholder_sent_[i] || !s.condition || (s.at && now < *s.at)) continue;
    const std::optional<bool> holds = evaluate(s.condition, "stakeholder '" + s.name + "' (when)");
    if (!holds) {
      stakeholder_sent_[i] = true;  // disabled
    } else if (*holds) {
      send_stakeholder(i);
    }
  }
  check_hints(false);
  check_resolved();
}

// ---- [SECTION] Lua calls ----------------------------------------------------------------------

void ScenarioRuntime::report_error(const ScriptError& error, const std::string& what,
                                   CallbackId disable) {
  errors_.push_back(error);
  journal("scenario.error", {{"file", error.file},
                             {"line", error.line},
                             {"message", error.message},
                             {"traceback", error.traceback},
                             {"kind", to_string(error.kind)},
                             {"hook", what}});
  if (disable) scenario_.sandbox().release_callback(disable);
  if (options_.error_sink) {
    options_.error_sink(error, what);
    return;
  }
  std::fprintf(stderr, "%s\n", error.formatted().c_str());
  if (!error.traceback.empty()) std::fprintf(stderr, "%s\n", error.traceback.c_str());
  std::fprintf(stderr, "  (%s is disabled; the drill goes on)\n", what.c_str());
}

bool ScenarioRuntime::run_hook(size_t index) {
  const HookDecl& h = definition().hooks[index];
  HookState& state = hooks_[index];
  if (state.disabled) return false;
  if (!h.quiet) {
    static constexpr const char* kKinds[] = {"at", "every", "when"};
    journal("scenario.event", {{"name", h.name}, {"hook", kKinds[static_cast<int>(h.kind)]}});
  }
  if (std::optional<ScriptError> error = scenario_.sandbox().call(h.run)) {
    state.disabled = true;
    report_error(*error, "hook '" + h.name + "'", h.run);
    return false;
  }
  return true;
}

std::optional<bool> ScenarioRuntime::evaluate(CallbackId condition, const std::string& what) {
  LuaSandbox& sandbox = scenario_.sandbox();
  if (!sandbox.is_held(condition)) return std::nullopt;
  bool result = false;
  std::optional<ScriptError> error = sandbox.call_with(
      condition, [](lua_State*) { return 0; },
      [&result](lua_State* L, int first, int count) {
        result = count > 0 && lua_toboolean(L, first) != 0;
      });
  if (error) {
    report_error(*error, what, condition);
    return std::nullopt;
  }
  return result;
}

std::optional<std::string> ScenarioRuntime::call_for_text(CallbackId function,
                                                          const std::string& what,
                                                          const std::vector<std::string>& args,
                                                          std::optional<double>* number) {
  LuaSandbox& sandbox = scenario_.sandbox();
  if (!sandbox.is_held(function)) return std::nullopt;
  std::string text;
  bool have_text = false;
  const char* wrong_type = nullptr;  // a static Lua type name
  std::optional<double> second;
  std::optional<ScriptError> error = sandbox.call_with(
      function,
      [&args](lua_State* L) {
        luaL_checkstack(L, static_cast<int>(args.size()) + 1, "too many arguments");
        for (const std::string& a : args) lua_pushlstring(L, a.data(), a.size());
        return static_cast<int>(args.size());
      },
      [&](lua_State* L, int first, int count) {
        if (count >= 1) {
          const int type = lua_type(L, first);
          if (type == LUA_TSTRING || type == LUA_TNUMBER) {
            size_t length = 0;
            const char* s = lua_tolstring(L, first, &length);
            text.assign(s, length);
            have_text = true;
          } else if (type != LUA_TNIL) {
            wrong_type = lua_typename(L, type);
          }
        }
        if (count >= 2 && lua_type(L, first + 1) == LUA_TNUMBER) {
          second = static_cast<double>(lua_tonumber(L, first + 1));
        }
      });
  if (!error && wrong_type != nullptr) {
    error = ScriptError{scenario_.file(),
                        0,
                        fmt::format("{}: expected the function to return a string (or nil), got "
                                    "a {} value",
                                    what, wrong_type),
                        {},
                        ScriptErrorKind::runtime};
  }
  if (error) {
    report_error(*error, what, function);
    return std::nullopt;
  }
  if (number != nullptr) *number = second;
  if (!have_text) return std::nullopt;
  return text;
}

// ---- [SECTION] Resolution ---------------------------------------------------------------------

void ScenarioRuntime::check_resolved() {
  if (resolved_ || resolved_condition_failed_) return;
  const ScenarioDefinition& def = definition();
  bool holds = false;
  if (def.resolved && def.resolved->condition) {
    const std::optional<bool> v = evaluate(def.resolved->condition, "resolved_when (condition)");
    if (!v) {
      resolved_condition_failed_ = true;
      return;
    }
    holds = *v;
  } else {
    // Default: every fault of the incident (red herrings aside) came and went.
    bool any = false;
    holds = true;
    for (size_t i = 0; i < faults_.size(); ++i) {
      if (def.faults[i].red_herring) continue;
      any = true;
      if (faults_[i].state != FaultState::cleared) holds = false;
    }
    holds = holds && any;
  }
  if (!holds) {
    resolved_holding_since_.reset();
    return;
  }
  const SimTime now = drill_.now();
  if (!resolved_holding_since_) resolved_holding_since_ = now;
  const SimTime hold = def.resolved ? def.resolved->hold : SimTime();
  if (now - *resolved_holding_since_ >= hold) note_incident("resolved", resolved_);
}

}  // namespace firedrill::script
