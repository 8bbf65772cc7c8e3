// Peer review in a workshop: who reviews whom, and the rubric a reviewer fills in. Each
// author's draft goes to another trainee by a deterministic derangement (the trainees in
// join order, each reviewed by the next, the last by the first), so nobody reviews their own
// and everyone reviews exactly one. The rubric is the postmortem linter's checklist
// (`firedrill lint --rules`): every rule with its requirement and whether the draft meets it,
// prefilled from the linter's findings and then the reviewer's to change. Plain values; pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace firedrill::api {

// reviewer_of[i] is the index of the trainee who reviews trainee i's draft.
// REQUIRES: n >= 2 (with fewer there is nobody else to review).
std::vector<size_t> review_derangement(size_t n);

struct RubricItem {
  std::string rule;         // the linter's rule id: "timeline-time"
  std::string requirement;  // what satisfies it
  bool met = true;          // the reviewer's verdict
  bool linter_met = true;   // what the linter found (kept when the reviewer disagrees)
  std::string finding;      // the linter's message when not met ("" when met)
};

struct PeerReview {
  std::string author, reviewer;
  std::string draft;             // the author's draft as it was when the round opened (Markdown)
  bool draft_submitted = false;  // the author's own text (else the reporter's draft)
  std::vector<RubricItem> rubric;
  std::string comments;
  bool submitted = false;  // the reviewer has saved at least once
};

// Every lint rule, met unless the linter has a finding for it on `draft`.
std::vector<RubricItem> prefilled_rubric(const std::string& draft);

nlohmann::json rubric_json(const std::vector<RubricItem>& rubric);
// The whole review: author, reviewer, draft, rubric (with a met count), comments, submitted.
nlohmann::json review_json(const PeerReview& review);

// Applies a reviewer's {"rule-id": bool, ...} to the rubric. On an unknown rule id or a
// value that is not a boolean returns why (naming "rubric.<id>") and changes nothing.
std::optional<std::pair<std::string, std::string>> apply_rubric(std::vector<RubricItem>& rubric,
                                                                const nlohmann::json& verdicts);

}  // namespace firedrill::api
