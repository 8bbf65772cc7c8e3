// Finds the four postmortem sections by their headings (any level, any case, wording variants
// per rule_catalog's heading words), reports sections that are missing, repeated or out of
// order, and gives each section found the span of lines it owns. A section runs to the next
// heading of its level or higher, or to the next of the four sections, whichever comes first.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reporter/lint/lint_finding.h"
#include "reporter/lint/markdown_outline.h"
#include "reporter/lint/rule_catalog.h"

namespace firedrill::lint {

struct SectionSpan {
  int heading_line = 0;
  int first_line = 0;  // the first line after the heading (and its setext underline)
  int last_line = 0;   // first_line - 1 when the section is empty
};

struct SectionLayout {
  std::array<std::optional<SectionSpan>, kSectionCount> spans;
  const std::optional<SectionSpan>& operator[](Section s) const {
    return spans[static_cast<std::size_t>(s)];
  }
};

// The rendered text of the section's lines, joined by blanks.
std::string section_text(const MarkdownOutline& outline, const SectionSpan& span);
// The list items whose marker lies in the section, in document order.
std::vector<const ListItem*> section_items(const MarkdownOutline& outline, const SectionSpan& span);

// The section a heading opens, if any.
std::optional<Section> classify_heading(std::string_view title);

// Appends section-missing, section-duplicate and section-order findings.
SectionLayout locate_sections(const MarkdownOutline& outline, std::vector<LintFinding>& findings);

}  // namespace firedrill::lint
