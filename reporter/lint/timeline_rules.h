// The Timeline rules of postmortem-format.md: a bullet list whose every bullet is
// "TIME - one or two short sentences", and whose bullets together tell detection and how,
// actions and assumptions, a misleading path, an escalation and the resolution (keyword
// heuristics from rule_catalog.h). Appends one finding per failed rule.
#pragma once

#include <vector>

#include "reporter/lint/lint_finding.h"
#include "reporter/lint/markdown_outline.h"
#include "reporter/lint/postmortem_sections.h"

namespace firedrill::lint {

void check_timeline(const MarkdownOutline& outline, const SectionSpan& span,
                    std::vector<LintFinding>& findings);

}  // namespace firedrill::lint
