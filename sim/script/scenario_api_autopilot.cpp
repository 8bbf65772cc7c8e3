// Scenario API, autopilot domain: autopilot { step, step... } — the model responder's moves, in
// order. Each step has a time (`at`, from the drill start, or `after`, from the previous step)
// and exactly one move: inspect (a console line on `host`), action (on `target`, with
// `params`), escalate (to a team, with `message`), note, hypothesis, status (to an
// `audience`), ack (an alert) or declare ("mitigated" / "resolved"); `misleading = true` marks
// a step the debrief should count as a misleading path, `why` is the responder's reasoning.
#include <fmt/format.h>

#include "sim/script/scenario_api.h"

namespace firedrill::script {

namespace {

constexpr std::string_view kMoves[] = {"inspect",    "action", "escalate", "note",
                                       "hypothesis", "status", "ack",      "declare"};

void read_step(SchemaStatus& status, const SchemaValue& value, const std::string& path,
               SimTime& previous, AutopilotStep& step) {
  RecordReader r(status, value, path);
  std::vector<std::string_view> moves;
  for (std::string_view move : kMoves)
    if (r.has(move)) moves.push_back(move);
  if (status.ok() && moves.size() != 1) {
    std::string list;
    for (std::string_view m : kMoves) list += (list.empty() ? "" : ", ") + std::string(m);
    status.fail(path, moves.empty()
                          ? "a step needs one move: " + list
                          : fmt::format("a step has one move, got {} and {}", moves[0], moves[1]));
    return;
  }
  if (r.has("at") && r.has("after")) {
    status.fail(path,
                "a step has at (from the start) or after (from the previous step), not "
                "both");
    return;
  }
  SimTime at = previous;
  SimTime after;
  if (r.duration("at", at)) {
    if (at < previous) {
      status.fail(r.path_of("at"),
                  fmt::format("{} is before the previous step ({}): steps run in order",
                              format_duration(at), format_duration(previous)));
    }
  } else if (r.duration("after", after)) {
    at = previous + after;
  }
  step.at = at;
  previous = at;
  r.boolean("misleading", step.misleading);
  r.text("why", step.why);
  const std::string_view move = moves.front();
  if (move == "inspect") {
    step.kind = AutopilotStep::Kind::inspect;
    r.text("inspect", step.command, true);
    r.text("host", step.host, true);
  } else if (move == "action") {
    step.kind = AutopilotStep::Kind::action;
    r.text("action", step.action.action, true);
    r.text("target", step.action.target);
    r.text_map("params", step.action.params);
  } else if (move == "escalate") {
    step.kind = AutopilotStep::Kind::escalate;
    r.text("escalate", step.team, true);
    r.text("message", step.message, true);
  } else if (move == "note" || move == "hypothesis") {
    step.kind = AutopilotStep::Kind::note;
    step.tag = std::string(move);
    r.text(move, step.text, true);
  } else if (move == "status") {
    step.kind = AutopilotStep::Kind::status;
    r.text("status", step.text, true);
    r.text("audience", step.audience, true);
  } else if (move == "ack") {
    step.kind = AutopilotStep::Kind::ack;
    r.text("ack", step.alert, true);
  } else {
    step.kind = AutopilotStep::Kind::declare;
    r.choice("declare", step.state, {"mitigated", "resolved"}, true);
  }
  r.finish();
}

bool read_autopilot(ScenarioApiContext& ctx, lua_State* L) {
  ScenarioDefinition& def = ctx.definition;
  if (def.autopilot_declared) {
    ctx.error = "autopilot {...} is declared twice (list every step in one autopilot {...})";
    return false;
  }
  SchemaStatus status;
  const std::vector<SchemaValue>* items = read_list(status, ctx.scratch[0], "autopilot");
  std::vector<AutopilotStep> steps;
  if (items != nullptr) {
    if (items->empty()) status.fail("autopilot", "expected at least one step");
    SimTime previous;
    const SourceLocation where = caller_location(L);
    for (size_t i = 0; i < items->size() && status.ok(); ++i) {
      AutopilotStep step;
      read_step(status, (*items)[i], fmt::format("autopilot[{}]", i + 1), previous, step);
      step.where = where;
      steps.push_back(std::move(step));
    }
  }
  if (!take_status(ctx, status)) return false;
  def.autopilot = std::move(steps);
  def.autopilot_declared = true;
  return true;
}

int api_autopilot(lua_State* L) noexcept {
  return run_declaration(L, "autopilot", "autopilot { step, ... }", 1, read_autopilot);
}

const luaL_Reg kAutopilotApi[] = {
    {"autopilot", api_autopilot},
    {nullptr, nullptr},
};

}  // namespace

void register_autopilot_api(LuaSandbox& sandbox, ScenarioApiContext& ctx) {
  register_globals(sandbox, kAutopilotApi, ctx);
}

}  // namespace firedrill::script
