#include "sim/api/workshop_review.h"

#include <fmt/format.h>

#include "reporter/lint/postmortem_lint.h"
#include "reporter/lint/rule_catalog.h"

namespace firedrill::api {

std::vector<size_t> review_derangement(size_t n) {
  std::vector<size_t> reviewer(n);
  for (size_t i = 0; i < n; ++i) reviewer[i] = (i + 1) % n;
  return reviewer;
}

std::vector<RubricItem> prefilled_rubric(const std::string& draft) {
  const lint::LintResult result = lint::lint_postmortem(draft);
  std::vector<RubricItem> rubric;
  for (const lint::RuleInfo& info : lint::rule_catalog()) {
    RubricItem item{std::string(info.id), std::string(info.requirement), true, true, ""};
    for (const lint::LintFinding& f : result.findings) {
      if (f.rule != info.rule) continue;
      item.met = item.linter_met = false;
      // The first finding of the rule says what to fix; its line helps find it.
      if (item.finding.empty()) item.finding = fmt::format("line {}: {}", f.line, f.message);
    }
    rubric.push_back(std::move(item));
  }
  return rubric;
}

nlohmann::json rubric_json(const std::vector<RubricItem>& rubric) {
  nlohmann::json items = nlohmann::json::array();
  for (const RubricItem& i : rubric) {
    items.push_back({{"rule", i.rule},
                     {"requirement", i.requirement},
                     {"met", i.met},
                     {"linter_met", i.linter_met},
                     {"finding", i.finding}});
  }
  return items;
}

nlohmann::json review_json(const PeerReview& r) {
  size_t met = 0;
  for (const RubricItem& i : r.rubric) met += i.met ? 1 : 0;
  return {{"author", r.author},
          {"reviewer", r.reviewer},
          {"draft", r.draft},
          {"draft_submitted", r.draft_submitted},
          {"rubric", rubric_json(r.rubric)},
          {"met", met},
          {"items", r.rubric.size()},
          {"comments", r.comments},
          {"submitted", r.submitted}};
}

std::optional<std::pair<std::string, std::string>> apply_rubric(std::vector<RubricItem>& rubric,
                                                                const nlohmann::json& verdicts) {
  if (!verdicts.is_object())
    return std::pair<std::string, std::string>{
        "rubric", "field \"rubric\" must be an object of rule id to true or false"};
  for (const auto& [id, value] : verdicts.items()) {
    const std::string field = "rubric." + id;
    bool known = false;
    for (const RubricItem& i : rubric) known = known || i.rule == id;
    if (!known) {
      const std::string shown = id.size() <= 64 ? id : id.substr(0, 64) + "...";
      return std::pair<std::string, std::string>{
          "rubric",
          fmt::format("no rubric item \"{}\" (the ids of `firedrill lint --rules`)", shown)};
    }
    if (!value.is_boolean())
      return std::pair<std::string, std::string>{
          field, fmt::format("field \"{}\" must be true or false", field)};
  }
  for (RubricItem& i : rubric) {
    if (verdicts.contains(i.rule)) i.met = verdicts.at(i.rule).get<bool>();
  }
  return std::nullopt;
}

}  // namespace firedrill::api
