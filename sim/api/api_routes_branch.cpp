// Rewind and branch: POST /rewind takes the drill back to an earlier simulated moment and
// carries on from there as a new branch (Session::rewind); GET /branches lists the branches
// with the debrief figures of each side by side (reporter/debrief/branch_comparison.h).
#include <cmath>

#include "reporter/debrief/branch_comparison.h"
#include "sim/api/api_routes.h"

namespace firedrill::api::routes {

ApiResponse post_rewind(RouteContext& c) {
  BodyReader b(c.request.body);
  const std::optional<double> to = b.number("to_us", 0, 9007199254740991.0);
  if (!to && !b.has("to_us")) b.fail("to_us", "field \"to_us\" is required (µs since the start)");
  if (to && std::floor(*to) != *to) b.fail("to_us", "field \"to_us\" must be a whole number");
  if (auto error = b.finish()) return *error;
  const std::optional<RewindOutcome> done = c.session.rewind(
      SimTime::micros(static_cast<int64_t>(*to)), c.instructor ? "instructor" : "trainee");
  if (!done) return engine_unavailable();
  if (!done->ok) return error_response(done->status, done->error, done->field);
  return json_response(200, {{"branch", done->branch},
                             {"parent", done->parent},
                             {"at_us", done->at.us()},
                             {"paused", true},
                             {"inputs_replayed", done->inputs},
                             {"resimulated_ms", std::round(done->wall_ms * 10) / 10}});
}

ApiResponse get_branches(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  Session* session = &c.session;  // outlives the call: the server stops before the session
  const bool trainee = c.trainee_view;
  auto taken = session->call([session, trainee](Drill& d) {
    return std::make_pair(
        trainee ? session->redacted(session->all_records()) : session->all_records(), d.now());
  });
  if (!taken) return engine_unavailable();
  const std::vector<BranchDebrief> branches = debrief_branches(taken->first);
  nlohmann::json body = branch_comparison_json(branches);
  const int current = c.session.branch();
  for (nlohmann::json& row : body["branches"]) {
    const bool is_current = row["branch"] == current;
    row["current"] = is_current;
    if (is_current) row["until_us"] = taken->second.us();  // the live drill is past its last record
  }
  body["current"] = current;
  return json_response(200, body);
}

}  // namespace firedrill::api::routes
