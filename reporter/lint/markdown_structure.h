// The Markdown checks a host needs for the page to render as meant, and the markdownlint
// default rules that matter most for a postmortem (ids in rule_catalog.cpp): unclosed code
// blocks and comments, heading shape and levels, blank lines around blocks, code block
// languages, image alt text, list markers, bare URLs and whitespace. Not all of markdownlint.
#pragma once

#include <vector>

#include "reporter/lint/lint_finding.h"
#include "reporter/lint/markdown_outline.h"

namespace firedrill::lint {

void check_markdown_structure(const MarkdownOutline& outline, std::vector<LintFinding>& findings);

}  // namespace firedrill::lint
