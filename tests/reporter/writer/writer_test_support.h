// Helpers for the writer tests: the draft of a builder's journal, and the checks every draft
// must pass (lint clean, 400-600 words, the four sections in order).
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "reporter/debrief/debrief.h"
#include "reporter/journal/journal_reader.h"
#include "reporter/lint/lint_finding.h"
#include "reporter/writer/postmortem_draft.h"
#include "tests/reporter/support/journal_builder.h"

namespace firedrill::testing {

inline Debrief debrief_of(const JournalBuilder& b) {
  const auto records = b.records();
  return build_debrief(records);
}

inline std::string lint_report(const PostmortemDraft& d) {
  std::string out = d.markdown + "\n---- findings:\n";
  for (const lint::LintFinding& f : d.lint.findings) {
    out += lint::format_finding("postmortem.md", f) + "\n";
  }
  return out;
}

// Lint clean, within the length, sections in order; returns the draft for more checks.
inline PostmortemDraft require_good_draft(const Debrief& debrief) {
  const PostmortemDraft draft = write_postmortem(debrief);
  INFO(lint_report(draft));
  CHECK(draft.lint.clean());
  CHECK(draft.lint.words >= 400);
  CHECK(draft.lint.words <= 600);
  const std::size_t summary = draft.markdown.find("\n## Issue Summary\n");
  const std::size_t timeline = draft.markdown.find("\n## Timeline\n");
  const std::size_t cause = draft.markdown.find("\n## Root cause and resolution\n");
  const std::size_t measures = draft.markdown.find("\n## Corrective and preventative measures\n");
  CHECK(summary != std::string::npos);
  CHECK(summary < timeline);
  CHECK(timeline < cause);
  CHECK(cause < measures);
  CHECK(measures != std::string::npos);
  CHECK(draft.markdown.find("](outage.svg)") != std::string::npos);
  CHECK(draft.markdown.find("```mermaid\n") != std::string::npos);
  return draft;
}

// The text of one section (from its heading to the next "## ").
inline std::string section(const std::string& markdown, const std::string& heading) {
  const std::size_t at = markdown.find("## " + heading + "\n");
  REQUIRE(at != std::string::npos);
  const std::size_t end = markdown.find("\n## ", at + 1);
  return markdown.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace firedrill::testing
