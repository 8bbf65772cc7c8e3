// POST /timeline/edits: the trainee corrects the derived timeline before the draft is written
// (reword an entry, mark it misleading or not, hide or show it, add a missed moment). The edit
// is appended as a timeline.edit record — the records it edits stay as they are — and the
// reporter's timeline, debrief and draft follow it. Fields and ops: docs/journal.md.
#include <cmath>

#include "reporter/incident/journal_kinds.h"
#include "sim/api/api_routes.h"
#include "sim/engine/trainee_move.h"

namespace firedrill::api::routes {

namespace {

constexpr double kMaxExact = 9007199254740991.0;  // 2^53 - 1: exact in a JSON number

// A whole number field copied into `fields` as an integer; nullopt-safe.
void whole_number(BodyReader& b, nlohmann::json& fields, const char* name) {
  const std::optional<double> value = b.number(name, 0, kMaxExact);
  if (!value) return;
  if (std::floor(*value) != *value) {
    b.fail(name, std::string("field \"") + name + "\" must be a whole number");
    return;
  }
  fields[name] = static_cast<uint64_t>(*value);
}

}  // namespace

ApiResponse post_timeline_edit(RouteContext& c) {
  BodyReader b(c.request.body);
  nlohmann::json fields = nlohmann::json::object();
  fields["op"] = b.string("op", true, 32);
  whole_number(b, fields, "target_seq");
  whole_number(b, fields, "at_us");
  for (const char* name : {"text", "category"}) {
    std::string value = b.string(name, false, 4000);
    if (!value.empty()) fields[name] = std::move(value);
  }
  if (auto error = b.finish()) return *error;
  TraineeMove move{std::string(kinds::timeline_edit), std::move(fields)};
  // The same check a replay makes: an unknown op or a missing field is a 400 naming it.
  if (const std::optional<MoveProblem> problem = check_move_fields(move))
    return error_response(400, problem->message, problem->field);
  auto written = c.session.call([move = std::move(move)](Drill& d) {
    const MoveOutcome done = perform_trainee_move(d, move);
    return nlohmann::json{{"seq", done.seq}, {"t_us", done.t.us()}};
  });
  if (!written) return engine_unavailable();
  return json_response(201, *written);
}

}  // namespace firedrill::api::routes
