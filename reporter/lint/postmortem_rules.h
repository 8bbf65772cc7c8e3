// The content rules of postmortem-format.md for the Issue Summary, Root cause and resolution,
// Corrective and preventative measures, and the document's length (the Timeline's are in
// timeline_rules.h). Each check appends one finding per failed rule, at the line at fault or
// at the section's heading; keywords and limits come from rule_catalog.h.
#pragma once

#include <vector>

#include "reporter/lint/lint_finding.h"
#include "reporter/lint/markdown_outline.h"
#include "reporter/lint/postmortem_sections.h"

namespace firedrill::lint {

void check_summary(const MarkdownOutline& outline, const SectionSpan& span,
                   std::vector<LintFinding>& findings);
void check_root_cause(const MarkdownOutline& outline, const SectionSpan& span,
                      std::vector<LintFinding>& findings);
void check_measures(const MarkdownOutline& outline, const SectionSpan& span,
                    std::vector<LintFinding>& findings);
// 400 to 600 words in the whole document.
void check_length(const MarkdownOutline& outline, std::vector<LintFinding>& findings);

}  // namespace firedrill::lint
