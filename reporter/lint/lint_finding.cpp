#include "reporter/lint/lint_finding.h"

#include <fmt/format.h>

namespace firedrill::lint {

std::string format_finding(std::string_view file, const LintFinding& finding) {
  return fmt::format("{}:{}: {} [{}]", file, finding.line, finding.message, rule_id(finding.rule));
}

}  // namespace firedrill::lint
