// The workshop routes' JSON (sim/api/workshop_routes*.cpp, docs/api.md "Workshops") to
// WorkshopSnapshot parts, commands to HTTP calls, and answers to WorkshopReplies. Parsing
// never throws: a parse_* returns "" when the JSON has the documented shape, else a message
// naming the route and the field ("progress: trainees[1].clock.t_us must be a number"), and
// leaves `out` as it was. Pure functions: any thread.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboard/client/workshop_snapshot.h"

namespace firedrill::dash {

// GET /workshop: role, name, scenario, revealed, review_open (+ trainees, max_trainees and
// scenario_faults for the instructor).
std::string parse_overview(const nlohmann::json& j, WorkshopSnapshot* out);
// GET /workshop/progress: the rows (and revealed, review_open).
std::string parse_progress(const nlohmann::json& j, WorkshopSnapshot* out);
// GET/POST /workshop/review, GET /workshop/feedback: one review (the draft may be absent).
std::string parse_review(const nlohmann::json& j, PeerReviewInfo* out);
// GET /workshop/reviews.
std::string parse_reviews(const nlohmann::json& j, std::vector<PeerReviewInfo>* out);
// GET /workshop/root-cause, POST /workshop/reveal.
std::string parse_root_cause(const nlohmann::json& j, WorkshopSnapshot* out);

// "250" -> 250, "true" -> true, "web-2" -> "web-2": a fault parameter typed in a text box as
// the fault library takes it.
nlohmann::json param_value(const std::string& text);

struct WorkshopCall {
  std::string method;  // "GET" (export) or "POST"
  std::string path;    // "/api/v1/workshop/inject"
  nlohmann::json body;
};
WorkshopCall workshop_call_of(const WorkshopCommand& c);

// The reply to `c` from the server's answer: `status` 0 when there was none (then
// `transport_error` says why). Export replies are made by the client, which writes the file.
WorkshopReply workshop_reply_of(RequestId id, const WorkshopCommand& c, int status,
                                const std::string& body, const std::string& transport_error);

}  // namespace firedrill::dash
