// LintFinding: one failed rule at one place in the checked file. `line` is 1-based: the line
// with the problem, the heading of the section that lacks something, or 1 when a whole section
// is missing. The message says, in plain words, what is wrong and what to add.
#pragma once

#include <string>
#include <string_view>

#include "reporter/lint/rule_catalog.h"

namespace firedrill::lint {

struct LintFinding {
  int line = 1;
  Rule rule = Rule::section_missing;
  std::string message;
};

// "FILE:LINE: message [rule-id]", the line `firedrill lint` prints per finding.
std::string format_finding(std::string_view file, const LintFinding& finding);

}  // namespace firedrill::lint
