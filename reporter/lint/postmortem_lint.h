// lint_postmortem: checks a Markdown postmortem against every rule of postmortem-format.md
// (sections, their contents, length, and the Markdown a host needs) and returns one finding per
// failed rule, sorted by line, plus the word count. Pure: no I/O; the caller reads the file.
#pragma once

#include <string_view>
#include <vector>

#include "reporter/lint/lint_finding.h"

namespace firedrill::lint {

struct LintResult {
  std::vector<LintFinding> findings;  // by line, then in rule_catalog order
  int words = 0;                      // counted like `wc -w` on the rendered text
  bool clean() const { return findings.empty(); }
};

LintResult lint_postmortem(std::string_view markdown);

}  // namespace firedrill::lint
