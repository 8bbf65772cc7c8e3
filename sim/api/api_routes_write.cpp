// The POST routes: the trainee's moves. Each validates its body (400 naming the field),
// then runs on the engine thread, where it acts and writes its journal record at the
// current simulated time; the answer carries that record's seq and time.
#include <fmt/format.h>

#include "reporter/incident/journal_kinds.h"
#include "sim/api/api_routes.h"
#include "sim/api/snapshots.h"
#include "sim/engine/trainee_move.h"

#if FIREDRILL_HAVE_CONSOLE
#include "sim/trainee/console.h"
#endif

namespace firedrill::api::routes {

namespace {

constexpr size_t kMaxText = 4000;  // a note, a status update, an escalation message

// A trainee's move with no effect on the stack: validated fields into one journal record.
ApiResponse record_move(RouteContext& c, std::string_view kind, nlohmann::json fields) {
  auto written = c.session.call([kind = std::string(kind), fields = std::move(fields)](Drill& d) {
    const MoveOutcome done = perform_trainee_move(d, {kind, fields});
    return nlohmann::json{{"seq", done.seq}, {"t_us", done.t.us()}};
  });
  if (!written) return engine_unavailable();
  return json_response(201, *written);
}

}  // namespace

ApiResponse post_clock(RouteContext& c) {
  BodyReader b(c.request.body);
  const std::optional<double> speed = b.number("speed", 0, 1000);
  const std::optional<bool> pause = b.boolean("pause");
  const std::optional<bool> resume = b.boolean("resume");
  const std::optional<double> step = b.number("step_seconds", 0.000001, 3600);
  if (pause == false) b.fail("pause", "field \"pause\" must be true (use \"resume\" to resume)");
  if (resume == false) b.fail("resume", "field \"resume\" must be true (use \"pause\" to pause)");
  if (pause && resume) b.fail("resume", "pause and resume cannot be asked together");
  if (auto error = b.finish()) return *error;  // first: a misspelt field says so
  if (!speed && !pause && !resume && !step)
    return error_response(400, "give at least one of speed, pause, resume, step_seconds", "body");

  Session& s = c.session;
  const bool was_paused = s.pacing().paused;
  if (step && !pause && !was_paused)
    return error_response(409, "step_seconds needs a paused clock: pause first", "step_seconds");
  if (speed) s.set_speed(*speed);
  if (pause) s.pause();
  if (step && !s.step(SimTime::from_seconds(*step)))  // resumed meanwhile by another client
    return error_response(409, "step_seconds needs a paused clock: pause first", "step_seconds");
  if (resume) s.resume();
  const PacingState now_pacing = s.pacing();
  // Journalled on the engine thread after the changes above (posted in order).
  const bool paused_changed = was_paused != now_pacing.paused;
  const std::optional<SimTime> stepped =
      step ? std::optional<SimTime>(SimTime::from_seconds(*step)) : std::nullopt;
  auto now = s.call(
      [speed, paused_changed, now_pacing, stepped](Drill& d) {
        if (speed) d.journal().write("engine", "sim.speed_changed", {{"speed", *speed}});
        if (paused_changed)
          d.journal().write("engine", now_pacing.paused ? "sim.paused" : "sim.resumed",
                            {{"speed", now_pacing.speed}});
        if (stepped) d.journal().write("engine", "sim.step", {{"step_us", stepped->us()}});
        return d.now();
      },
      // A step runs before this answer: give it time (an hour of simulated time
      // takes seconds at most).
      step ? std::max(s.config().engine_timeout, std::chrono::milliseconds(60000))
           : s.config().engine_timeout);
  if (!now) return engine_unavailable();
  return json_response(200, {{"clock", clock_json(s.clock(), *now, s.info().length,
                                                  now_pacing.speed, now_pacing.paused)}});
}

ApiResponse post_alert_ack(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string rule = b.string("rule", true, 128);
  std::string component = b.string("component", true, 128);
  if (auto error = b.finish()) return *error;
  auto written = c.session.call([rule, component](Drill& d) -> std::optional<nlohmann::json> {
    const MoveOutcome done = perform_trainee_move(
        d, {std::string(kinds::trainee_ack), {{"rule", rule}, {"component", component}}});
    if (!done.done) return std::nullopt;
    return nlohmann::json{{"seq", done.seq}, {"t_us", done.t.us()}};
  });
  if (!written) return engine_unavailable();
  if (!*written)
    return error_response(404, fmt::format("no alert {} on {} is listed", rule, component), "rule");
  return json_response(200, **written);
}

ApiResponse post_console(RouteContext& c) {
  if (!c.session.has_console()) return not_available_yet("the host console");
  BodyReader b(c.request.body);
  std::string host = b.string("host", true, 64);
  std::string command = b.string("command", true, 4096);
  if (auto error = b.finish()) return *error;
#if FIREDRILL_HAVE_CONSOLE
  Session* session = &c.session;  // outlives the call: the server stops before the session
  auto reply = session->call([session, host, command](Drill& d) {
    MoveOptions options;
    options.console = session->console();
    const MoveOutcome done = perform_trainee_move(
        d, {std::string(kinds::trainee_command), {{"host", host}, {"command", command}}}, options);
    nlohmann::json answer = {{"seq", done.seq}, {"t_us", done.t.us()}};
    answer["prompt"] = done.prompt;
    answer["output"] = done.output;
    answer["exit_code"] = done.exit_code;
    answer["action"] = nullptr;
    if (done.action) {
      answer["action"] = {{"action", done.request->action},
                          {"target", done.request->target},
                          {"ok", done.action->ok},
                          {"message", done.action->message}};
    }
    return answer;
  });
  if (!reply) return engine_unavailable();
  return json_response(200, *reply);
#else
  return not_available_yet("the host console");
#endif
}

ApiResponse post_action(RouteContext& c) {
  BodyReader b(c.request.body);
  ActionRequest request;
  request.action = b.string("action", true, 64);
  request.target = b.string("target", false, 64);
  request.params = b.string_map("params");
  const ActionInfo* info = nullptr;
  for (const ActionInfo& a : action_catalog())
    if (a.name == request.action) info = &a;
  if (!request.action.empty() && !info) {
    std::string valid;
    for (const ActionInfo& a : action_catalog()) valid += (valid.empty() ? "" : ", ") + a.name;
    b.fail("action", fmt::format("unknown action \"{}\"; one of: {}", request.action, valid));
  }
  if (info) {
    if (info->target != "none" && request.target.empty())
      b.fail("target", fmt::format("{} needs a target host ({})", info->name, info->target));
    for (const std::string& p : info->params) {
      if (!request.params.count(p))
        b.fail("params." + p, fmt::format("{} needs parameter \"{}\"", info->name, p));
    }
  }
  if (auto error = b.finish()) return *error;
  auto result = c.session.call([request](Drill& d) {
    const ActionResult r = d.perform(request);
    return std::make_pair(
        r, nlohmann::json{{"seq", d.journal().records_written() - 1}, {"t_us", d.now().us()}});
  });
  if (!result) return engine_unavailable();
  const auto& [outcome, record] = *result;
  if (!outcome.ok) {
    // Well-formed, but the stack said no (no such host, a bad config value...).
    nlohmann::json body = {{"error", outcome.message}, {"ok", false}};
    body.update(record);
    return json_response(422, body);
  }
  nlohmann::json body = {{"ok", true}, {"message", outcome.message}};
  body.update(record);
  return json_response(200, body);
}

ApiResponse post_note(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string text = b.string("text", true, kMaxText);
  const bool hypothesis = b.boolean("hypothesis").value_or(false);
  if (auto error = b.finish()) return *error;
  return record_move(c, kinds::trainee_note, {{"text", text}, {"hypothesis", hypothesis}});
}

ApiResponse post_escalation(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string team = b.string("team", true, 64);
  std::string message = b.string("message", true, kMaxText);
  if (auto error = b.finish()) return *error;
  return record_move(c, kinds::trainee_escalate, {{"team", team}, {"message", message}});
}

ApiResponse post_status(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string text = b.string("text", true, kMaxText);
  std::string audience = b.string("audience", false, 64);
  if (audience.empty()) audience = "internal";
  if (auto error = b.finish()) return *error;
  return record_move(c, kinds::trainee_status, {{"text", text}, {"audience", audience}});
}

ApiResponse post_declare(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string state = b.string("state", true, 32);
  if (!state.empty() && state != "mitigated" && state != "resolved")
    b.fail("state", fmt::format("state must be \"mitigated\" or \"resolved\", not \"{}\"", state));
  if (auto error = b.finish()) return *error;
  return record_move(c, kinds::trainee_declare, {{"state", state}});
}

}  // namespace firedrill::api::routes
