#include "reporter/lint/postmortem_sections.h"

#include <fmt/format.h>

#include <string>

#include "reporter/lint/text_patterns.h"

namespace firedrill::lint {
namespace {

constexpr std::string_view kOrder =
    "Issue Summary, Timeline, Root cause and resolution, Corrective and preventative measures";

struct FoundHeading {
  Section section;
  const Heading* heading;
};

std::string heading_markup(int level, Section section) {
  return std::string(static_cast<std::size_t>(level), '#') + " " +
         std::string(section_info(section).title);
}

// A short prose line that would open `section` if it were a heading ("**Timeline**",
// "Timeline:"), or 0.
int pseudo_heading_line(const MarkdownOutline& outline, Section section) {
  constexpr int kMaxWords = 6;
  for (const OutlineLine& line : outline.lines) {
    if (line.kind != LineKind::prose || line.words == 0 || line.words > kMaxWords) continue;
    if (classify_heading(line.text) == section) return line.number;
  }
  return 0;
}

// The headings that open sections. A deeper heading naming the section it sits in ("### Root
// cause" under "## Root cause and resolution") is a subsection; any other heading naming a
// section opens that section, whatever its level.
std::vector<FoundHeading> section_headings(const MarkdownOutline& outline) {
  std::vector<FoundHeading> found;
  bool inside_last = false;  // the heading at hand lies within found.back()'s section
  for (const Heading& heading : outline.headings) {
    if (inside_last && heading.level <= found.back().heading->level) inside_last = false;
    const auto section = classify_heading(heading.title);
    if (!section || (inside_last && found.back().section == *section)) continue;
    found.push_back({*section, &heading});
    inside_last = true;
  }
  return found;
}

// The lines a section owns: up to the next heading of its level or higher, or the next section.
SectionSpan span_of(const MarkdownOutline& outline, const Heading& heading, int next_section_line) {
  int end = outline.line_count();
  for (const Heading& next : outline.headings) {
    if (next.line > heading.line &&
        (next.level <= heading.level || next.line == next_section_line)) {
      end = next.line - 1;
      break;
    }
  }
  int first = heading.line + 1;
  if (first <= outline.line_count() && outline.line(first).kind == LineKind::setext_underline) {
    ++first;
  }
  return {heading.line, first, end};
}

}  // namespace

std::string section_text(const MarkdownOutline& outline, const SectionSpan& span) {
  std::string text;
  for (int n = span.first_line; n <= span.last_line; ++n) {
    if (outline.line(n).text.empty()) continue;
    if (!text.empty()) text += ' ';
    text += outline.line(n).text;
  }
  return text;
}

std::vector<const ListItem*> section_items(const MarkdownOutline& outline,
                                           const SectionSpan& span) {
  std::vector<const ListItem*> items;
  for (const ListItem& item : outline.items) {
    if (item.line >= span.first_line && item.line <= span.last_line) items.push_back(&item);
  }
  return items;
}

std::optional<Section> classify_heading(std::string_view title) {
  const auto sections = section_catalog();
  for (auto it = sections.rbegin(); it != sections.rend(); ++it) {
    std::string text(title);
    for (std::size_t at = text.find('&'); at != std::string::npos; at = text.find('&', at)) {
      text.replace(at, 1, " and ");
    }
    if (mentions_any(text, it->heading_words)) return it->section;
  }
  return std::nullopt;
}

SectionLayout locate_sections(const MarkdownOutline& outline, std::vector<LintFinding>& findings) {
  const std::vector<FoundHeading> found = section_headings(outline);
  SectionLayout layout;
  int level = 2;  // for suggested headings: the level the document already uses
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto [section, heading] = found[i];
    const std::string_view title = section_info(section).title;
    auto& span = layout.spans[static_cast<std::size_t>(section)];
    if (span) {
      findings.push_back({heading->line, Rule::section_duplicate,
                          fmt::format("a second '{}' section starts here; merge it into the one "
                                      "at line {}",
                                      title, span->heading_line)});
      continue;
    }
    level = heading->level;
    for (std::size_t j = 0; j < i; ++j) {
      if (found[j].section > section) {
        findings.push_back({heading->line, Rule::section_order,
                            fmt::format("'{}' comes after '{}' (line {}); move it up: the "
                                        "sections go {}",
                                        title, section_info(found[j].section).title,
                                        found[j].heading->line, kOrder)});
        break;
      }
    }
    span = span_of(outline, *heading, i + 1 < found.size() ? found[i + 1].heading->line : 0);
  }

  for (const SectionInfo& info : section_catalog()) {
    if (layout[info.section]) continue;
    const std::string markup = heading_markup(level, info.section);
    if (const int line = pseudo_heading_line(outline, info.section)) {
      findings.push_back({line, Rule::section_missing,
                          fmt::format("'{}' here is plain text, not a heading, so there is no "
                                      "{} section; write it as '{}'",
                                      outline.line(line).raw, info.title, markup)});
    } else {
      findings.push_back({1, Rule::section_missing,
                          fmt::format("there is no '{}' section; add a '{}' heading with {}",
                                      info.title, markup, info.contents)});
    }
  }
  return layout;
}

}  // namespace firedrill::lint
