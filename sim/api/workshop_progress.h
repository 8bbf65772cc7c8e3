// One trainee's row of the instructor's progress table: where their drill's clock stands and
// what the reporter's debrief says of their journal so far (build_debrief, the same code as
// /debrief and `firedrill report`): detected, acknowledged, escalated, mitigated, resolved,
// and the figures so far. Runs the reporter on the calling thread; the records are copied
// out on the drill's engine thread.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "sim/api/workshop.h"

namespace firedrill::api {

// nullopt when the trainee's engine did not answer.
std::optional<nlohmann::json> progress_row(Workshop::Trainee& trainee);

}  // namespace firedrill::api
