#include "reporter/lint/postmortem_lint.h"

#include <algorithm>

#include "reporter/lint/markdown_outline.h"
#include "reporter/lint/markdown_structure.h"
#include "reporter/lint/postmortem_rules.h"
#include "reporter/lint/postmortem_sections.h"
#include "reporter/lint/timeline_rules.h"

namespace firedrill::lint {

LintResult lint_postmortem(std::string_view markdown) {
  const MarkdownOutline outline = outline_markdown(markdown);
  LintResult result;
  result.words = outline.words;
  std::vector<LintFinding>& findings = result.findings;

  check_markdown_structure(outline, findings);
  const SectionLayout sections = locate_sections(outline, findings);
  // A missing section is reported once, by locate_sections, not once per rule it would fail.
  if (const auto& s = sections[Section::summary]) check_summary(outline, *s, findings);
  if (const auto& s = sections[Section::timeline]) check_timeline(outline, *s, findings);
  if (const auto& s = sections[Section::root_cause]) check_root_cause(outline, *s, findings);
  if (const auto& s = sections[Section::measures]) check_measures(outline, *s, findings);
  check_length(outline, findings);

  std::stable_sort(findings.begin(), findings.end(),
                   [](const LintFinding& a, const LintFinding& b) {
                     return a.line != b.line ? a.line < b.line : a.rule < b.rule;
                   });
  return result;
}

}  // namespace firedrill::lint
