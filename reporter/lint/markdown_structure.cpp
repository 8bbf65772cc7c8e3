#include "reporter/lint/markdown_structure.h"

#include <fmt/format.h>

#include <map>
#include <string>

#include "reporter/lint/markdown_line_shapes.h"

namespace firedrill::lint {
namespace {

using Findings = std::vector<LintFinding>;

bool is_blank_at(const MarkdownOutline& outline, int number) {
  return number < 1 || number > outline.line_count() ||
         outline.line(number).kind == LineKind::blank;
}

std::string_view blank_lines_message(bool before, bool after) {
  if (before && after) return "before and after";
  return before ? "before" : "after";
}

void check_unclosed(const MarkdownOutline& outline, Findings& findings) {
  for (const FencedBlock& fence : outline.fences) {
    if (fence.close_line != 0) continue;
    findings.push_back({fence.open_line, Rule::md_unclosed_fence,
                        "this code block is never closed, so the rest of the page renders as "
                        "code; add a closing ``` line where it ends"});
  }
  if (outline.unclosed_comment_line != 0) {
    findings.push_back({outline.unclosed_comment_line, Rule::md_unclosed_comment,
                        "this HTML comment is never closed, so the rest of the page is hidden; "
                        "add '-->' where it should end"});
  }
}

void check_headings(const MarkdownOutline& outline, Findings& findings) {
  int first_content = 1;
  while (first_content <= outline.line_count() &&
         (outline.line(first_content).kind == LineKind::blank ||
          outline.line(first_content).kind == LineKind::front_matter)) {
    ++first_content;
  }
  int title_line = 0;  // a level-1 heading on the first line of content is the page title
  std::map<std::string, int> seen;
  int previous_level = 0;
  for (const Heading& h : outline.headings) {
    if (previous_level != 0 && h.level > previous_level + 1) {
      findings.push_back(
          {h.line, Rule::md_heading_increment,
           fmt::format("this heading jumps from level {} to {}; use {} (one level "
                       "deeper than the heading above)",
                       previous_level, h.level,
                       std::string(static_cast<std::size_t>(previous_level + 1), '#'))});
    }
    previous_level = h.level;
    if (h.level == 1) {
      if (h.line == first_content) {
        title_line = h.line;
      } else if (title_line != 0) {
        findings.push_back({h.line, Rule::md_single_title,
                            fmt::format("a second top-level heading; the title on line {} is the "
                                        "only '# ' heading, so write this one as '## {}'",
                                        title_line, h.title)});
      }
    }
    if (const auto [it, inserted] = seen.emplace(h.title, h.line); !inserted) {
      findings.push_back({h.line, Rule::md_duplicate_heading,
                          fmt::format("the heading '{}' repeats the one on line {}; rename or "
                                      "merge them",
                                      h.title, it->second)});
    }
    if (!h.title.empty() && std::string_view(".,;:!").find(h.title.back()) != std::string::npos) {
      findings.push_back({h.line, Rule::md_heading_punctuation,
                          fmt::format("this heading ends with '{}'; remove it", h.title.back())});
    }
    int after = h.line + 1;
    if (after <= outline.line_count() && outline.line(after).kind == LineKind::setext_underline) {
      ++after;
    }
    const bool before_missing = h.line > first_content && !is_blank_at(outline, h.line - 1);
    const bool after_missing = !is_blank_at(outline, after);
    if (before_missing || after_missing) {
      findings.push_back({h.line, Rule::md_blanks_around_headings,
                          fmt::format("add a blank line {} this heading",
                                      blank_lines_message(before_missing, after_missing))});
    }
  }
}

void check_prose_lines(const MarkdownOutline& outline, Findings& findings) {
  for (const OutlineLine& line : outline.lines) {
    if (line.kind != LineKind::prose) continue;
    const std::string_view trimmed = trim_blanks(line.raw);
    if (is_atx_without_space(trimmed)) {
      findings.push_back({line.number, Rule::md_heading_space,
                          "this line starts with '#' but has no space after it, so it is not a "
                          "heading; add a space: '## Title'"});
    }
    const auto emphasised = emphasis_only_text(trimmed);
    if (emphasised && is_blank_at(outline, line.number - 1) &&
        is_blank_at(outline, line.number + 1) &&
        std::string_view(".,;:!?").find(emphasised->back()) == std::string::npos) {
      findings.push_back({line.number, Rule::md_emphasis_heading,
                          fmt::format("this line is only bold or italic text; if it is a "
                                      "heading, write it as '## {}'",
                                      *emphasised)});
    }
  }
}

void check_fences(const MarkdownOutline& outline, Findings& findings) {
  for (const FencedBlock& fence : outline.fences) {
    const bool before_missing = !is_blank_at(outline, fence.open_line - 1);
    const bool after_missing = fence.close_line != 0 && !is_blank_at(outline, fence.close_line + 1);
    if (before_missing || after_missing) {
      findings.push_back({fence.open_line, Rule::md_blanks_around_fences,
                          fmt::format("add a blank line {} this code block",
                                      blank_lines_message(before_missing, after_missing))});
    }
    if (fence.info.empty()) {
      findings.push_back({fence.open_line, Rule::md_fence_language,
                          "this code block names no language; add one after the fence, e.g. "
                          "```mermaid or ```text"});
    }
  }
}

void check_lists(const MarkdownOutline& outline, Findings& findings) {
  // A heading next to a list is reported by md-blanks-around-headings already.
  auto needs_blank = [&outline](int number) {
    return !is_blank_at(outline, number) && outline.line(number).kind != LineKind::heading;
  };
  for (const List& list : outline.lists) {
    if (needs_blank(list.first_line - 1)) {
      findings.push_back(
          {list.first_line, Rule::md_blanks_around_lists, "add a blank line before this list"});
    }
    if (needs_blank(list.last_line + 1)) {
      findings.push_back(
          {list.last_line, Rule::md_blanks_around_lists, "add a blank line after this list"});
    }
  }
  // One finding per list, at its first bullet that differs from the document's first bullet.
  char first_marker = 0;
  int reported_list = -1;
  for (const ListItem& item : outline.items) {
    if (item.marker == '.' || item.marker == ')') continue;
    if (first_marker == 0) first_marker = item.marker;
    if (item.marker == first_marker || item.list == reported_list) continue;
    reported_list = item.list;
    findings.push_back({item.line, Rule::md_list_marker,
                        fmt::format("this list uses '{}' but the first list uses '{}'; use '{}' "
                                    "for every bullet",
                                    item.marker, first_marker, first_marker)});
  }
}

void check_line_text(const MarkdownOutline& outline, Findings& findings) {
  for (const OutlineLine& line : outline.lines) {
    if (!line.bare_url.empty()) {
      findings.push_back({line.number, Rule::md_bare_url,
                          fmt::format("the URL {0} is bare; write it as <{0}> or as a link "
                                      "[text]({0})",
                                      line.bare_url)});
    }
    if (line.images_without_alt > 0) {
      findings.push_back({line.number, Rule::md_image_alt,
                          "this image has no alt text; describe it inside the brackets, e.g. "
                          "![Error rate during the outage](outage.svg)"});
    }
  }
}

void check_whitespace(const MarkdownOutline& outline, Findings& findings) {
  for (const OutlineLine& line : outline.lines) {
    const std::string& raw = line.raw;
    if (raw.find('\t') != std::string::npos) {
      findings.push_back(
          {line.number, Rule::md_hard_tabs, "replace the tab on this line with spaces"});
    }
    const bool checked = line.kind != LineKind::code && line.kind != LineKind::front_matter;
    const std::size_t end = raw.find_last_not_of(" \t");
    const std::size_t trailing = raw.size() - (end == std::string::npos ? 0 : end + 1);
    const bool line_break =
        trailing == 2 && end != std::string::npos && raw.compare(raw.size() - 2, 2, "  ") == 0;
    if (checked && trailing > 0 && !line_break) {
      findings.push_back(
          {line.number, Rule::md_trailing_spaces, "remove the spaces at the end of this line"});
    }
    if (line.kind == LineKind::blank && line.number > 1 &&
        outline.line(line.number - 1).kind == LineKind::blank &&
        (line.number == 2 || outline.line(line.number - 2).kind != LineKind::blank)) {
      findings.push_back({line.number, Rule::md_blank_lines, "two blank lines in a row; keep one"});
    }
  }
  if (!outline.ends_with_newline) {
    findings.push_back({outline.line_count(), Rule::md_final_newline,
                        "the file does not end with a newline; add one after this line"});
  }
}

}  // namespace

void check_markdown_structure(const MarkdownOutline& outline, std::vector<LintFinding>& findings) {
  check_unclosed(outline, findings);
  check_headings(outline, findings);
  check_prose_lines(outline, findings);
  check_fences(outline, findings);
  check_lists(outline, findings);
  check_line_text(outline, findings);
  check_whitespace(outline, findings);
}

}  // namespace firedrill::lint
