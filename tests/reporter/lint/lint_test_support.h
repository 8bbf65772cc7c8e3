// Helpers for the lint tests: the good sample postmortem, exact text edits that fail the test
// when their anchor text is gone, line lookup, and "rule R is reported at these lines" checks.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "reporter/lint/postmortem_lint.h"

namespace firedrill::lint::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The invented outage write-up that passes every rule (about 520 words).
inline std::string good_postmortem() {
  return read_file(FIREDRILL_SOURCE_DIR "/tests/reporter/lint/data/good_postmortem.md");
}

// `text` with the first `from` replaced by `to`; `from` must be there.
inline std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  INFO("text to replace: " << from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

// The 1-based line on which `needle` first appears; it must be there.
inline int line_of(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  INFO("text to find: " << needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// Replaces everything between the heading line `heading` and the next "\n## " (or the end).
inline std::string with_section_body(std::string text, std::string_view heading,
                                     std::string_view body) {
  const std::size_t at = text.find(heading);
  REQUIRE(at != std::string::npos);
  const std::size_t start = text.find('\n', at) + 1;
  std::size_t end = text.find("\n## ", start);
  end = end == std::string::npos ? text.size() : end + 1;
  text.replace(start, end - start, "\n" + std::string(body) + "\n");
  return text;
}

inline std::string describe(const LintResult& result) {
  std::string out = "findings:\n";
  for (const LintFinding& f : result.findings) out += format_finding("pm.md", f) + "\n";
  return out;
}

inline std::vector<LintFinding> findings_of(const LintResult& result, Rule rule) {
  std::vector<LintFinding> out;
  for (const LintFinding& f : result.findings) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

// Lints `text` and checks that `rule` is reported exactly at `lines`; returns the findings.
inline std::vector<LintFinding> require_reported(const std::string& text, Rule rule,
                                                 const std::vector<int>& lines) {
  const LintResult result = lint_postmortem(text);
  INFO(describe(result));
  const std::vector<LintFinding> found = findings_of(result, rule);
  std::vector<int> found_lines;
  for (const LintFinding& f : found) found_lines.push_back(f.line);
  CHECK(found_lines == lines);
  CHECK_FALSE(result.clean());
  return found;
}

inline void require_clean(const std::string& text) {
  const LintResult result = lint_postmortem(text);
  INFO(describe(result));
  CHECK(result.clean());
}

}  // namespace firedrill::lint::testing
