// The trainee's workshop routes: their postmortem draft (the reporter's, or the text they
// submit), the review they write in the review round, and the review of their own draft.
#include <fmt/format.h>

#include "reporter/lint/postmortem_lint.h"
#include "sim/api/api_routes.h"
#include "sim/api/workshop_routes.h"

namespace firedrill::api::workshop_routes {

namespace {

constexpr size_t kMaxDraft = 60000;     // the body cap is 64 KiB
constexpr size_t kMaxComments = 16000;  // a page of comments

ApiResponse round_not_open() {
  return error_response(409, "the instructor has not opened the review round yet");
}

}  // namespace

ApiResponse get_draft(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  bool submitted = false;
  std::optional<std::string> draft = c.workshop.draft_of(*c.caller.trainee, &submitted);
  if (!draft) return engine_unavailable();
  const lint::LintResult lint = lint::lint_postmortem(*draft);
  nlohmann::json findings = nlohmann::json::array();
  for (const lint::LintFinding& f : lint.findings) {
    findings.push_back(
        {{"line", f.line}, {"rule", std::string(lint::rule_id(f.rule))}, {"message", f.message}});
  }
  return json_response(200, {{"markdown", *draft},
                             {"submitted", submitted},
                             {"words", lint.words},
                             {"lint_clean", lint.clean()},
                             {"lint", std::move(findings)},
                             {"review_open", c.workshop.review_open()}});
}

ApiResponse post_draft(WorkshopContext& c) {
  BodyReader b(c.request.body);
  std::string markdown = b.string("markdown", true, kMaxDraft);
  if (auto error = b.finish()) return *error;
  const lint::LintResult lint = lint::lint_postmortem(markdown);
  if (!c.workshop.submit_draft(*c.caller.trainee, std::move(markdown)))
    return error_response(409, "the review round is open: drafts are frozen", "markdown");
  return json_response(200,
                       {{"submitted", true}, {"words", lint.words}, {"lint_clean", lint.clean()}});
}

ApiResponse get_review(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  if (!c.workshop.review_open()) return round_not_open();
  std::optional<PeerReview> review = c.workshop.review_by(c.caller.trainee->name);
  if (!review) return error_response(404, "no draft was assigned to you (you joined late)");
  return json_response(200, review_json(*review));
}

ApiResponse post_review(WorkshopContext& c) {
  BodyReader b(c.request.body);
  const std::optional<nlohmann::json> rubric = b.object("rubric");
  const bool has_comments = b.has("comments");
  const std::string comments = b.string("comments", false, kMaxComments);
  if (auto error = b.finish()) return *error;
  if (!rubric && !has_comments)
    return error_response(400, "give \"rubric\", \"comments\" or both", "body");
  if (!c.workshop.review_open()) return round_not_open();
  if (auto problem = c.workshop.save_review(c.caller.trainee->name, rubric ? &*rubric : nullptr,
                                            has_comments ? &comments : nullptr)) {
    if (problem->first.empty()) return error_response(404, problem->second);
    return error_response(400, problem->second, problem->first);
  }
  std::optional<PeerReview> saved = c.workshop.review_by(c.caller.trainee->name);
  nlohmann::json body = review_json(*saved);
  body.erase("draft");  // the reviewer has it
  return json_response(200, body);
}

ApiResponse get_feedback(WorkshopContext& c) {
  QueryReader q(c.request.query);
  if (auto error = q.finish()) return *error;
  if (!c.workshop.review_open()) return round_not_open();
  std::optional<PeerReview> review = c.workshop.review_of(c.caller.trainee->name);
  if (!review)
    return error_response(404, "your draft is not in this review round (you joined late)");
  return json_response(200, review_json(*review));
}

}  // namespace firedrill::api::workshop_routes
