// The trainee's conversation routes: messages to stakeholders, hint requests and runbooks.
// Each POST validates its body (400 naming the field) and goes through perform_trainee_move
// on the engine thread, so the record is the one a replay writes and the scenario runtime
// reacts to it (a hint request gets the next due hint, journalled as hint.given).
#include <fmt/format.h>

#include <cmath>

#include "reporter/incident/journal_kinds.h"
#include "sim/api/api_routes.h"
#include "sim/engine/trainee_move.h"

namespace firedrill::api::routes {

namespace {

constexpr size_t kMaxText = 4000;
constexpr double kMaxSeq = 9007199254740991.0;  // 2^53 - 1: exact in a JSON number

}  // namespace

ApiResponse post_message(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string to = b.string("to", true, 64);
  std::string text = b.string("text", true, kMaxText);
  const std::optional<double> reply_to = b.number("reply_to_seq", 0, kMaxSeq);
  if (reply_to && std::floor(*reply_to) != *reply_to)
    b.fail("reply_to_seq", "field \"reply_to_seq\" must be a whole number (a record's seq)");
  if (auto error = b.finish()) return *error;
  nlohmann::json fields = {{"to", to}, {"text", text}};
  if (reply_to) fields["reply_to_seq"] = static_cast<uint64_t>(*reply_to);
  auto written = c.session.call([fields = std::move(fields)](Drill& d) {
    const MoveOutcome done = perform_trainee_move(d, {std::string(kinds::trainee_message), fields});
    return nlohmann::json{{"seq", done.seq}, {"t_us", done.t.us()}};
  });
  if (!written) return engine_unavailable();
  return json_response(201, *written);
}

ApiResponse post_hint(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string topic = b.string("topic", false, 128);
  if (auto error = b.finish()) return *error;
  nlohmann::json fields = nlohmann::json::object();
  if (!topic.empty()) fields["topic"] = topic;
  Session* session = &c.session;  // outlives the call: the server stops before the session
  auto written = c.session.call([session, fields = std::move(fields)](Drill& d) {
    const MoveOutcome done = perform_trainee_move(d, {std::string(kinds::trainee_hint), fields});
    // The scenario runtime answers at once (a journal listener): its hint follows the request.
    nlohmann::json hint = nullptr;
    for (const JournalRecord& r : session->records()) {
      if (r.seq > done.seq && r.kind == "hint.given") {
        hint = {
            {"seq", r.seq}, {"id", r.fields.value("id", "")}, {"text", r.fields.value("text", "")}};
        break;
      }
    }
    return nlohmann::json{{"seq", done.seq}, {"t_us", done.t.us()}, {"hint", std::move(hint)}};
  });
  if (!written) return engine_unavailable();
  return json_response(201, *written);
}

ApiResponse get_runbooks(RouteContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  nlohmann::json list = nlohmann::json::array();
  for (const AlertRunbook& r : c.session.info().runbooks) {
    nlohmann::json entry = {{"alert", r.alert}, {"url", r.url}};
    if (!r.title.empty()) entry["title"] = r.title;
    if (!r.text.empty()) entry["text"] = r.text;
    list.push_back(std::move(entry));
  }
  return json_response(200, {{"runbooks", std::move(list)}});
}

ApiResponse post_runbook_open(RouteContext& c) {
  BodyReader b(c.request.body);
  std::string runbook = b.string("runbook", true, 512);
  std::string alert = b.string("alert", false, 128);
  if (auto error = b.finish()) return *error;
  nlohmann::json fields = {{"runbook", runbook}};
  if (!alert.empty()) fields["alert"] = alert;
  auto written = c.session.call([fields = std::move(fields)](Drill& d) {
    const MoveOutcome done = perform_trainee_move(d, {std::string(kinds::trainee_runbook), fields});
    return nlohmann::json{{"seq", done.seq}, {"t_us", done.t.us()}};
  });
  if (!written) return engine_unavailable();
  return json_response(201, *written);
}

}  // namespace firedrill::api::routes
