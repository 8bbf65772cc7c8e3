// Recognisers for the shape of one Markdown line, CommonMark's block starts: ATX headings,
// setext underlines, thematic breaks, list markers with task checkboxes, code fences, link
// reference definitions, table delimiter rows, and lines of only emphasis. Hand-written and
// linear in the line's length: std::regex recurses per character and overflows on long lines.
// Arguments named `trimmed` have no leading or trailing blanks; results view into the argument.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace firedrill::lint {

std::string_view trim_blanks(std::string_view s);  // spaces and tabs, both ends

struct AtxHeading {
  int level = 0;
  std::string_view title;  // without the #s and an optional closing #-sequence
};
std::optional<AtxHeading> parse_atx_heading(std::string_view trimmed);
bool is_atx_without_space(std::string_view trimmed);  // "##Timeline"

bool is_setext_underline(std::string_view trimmed);  // "===" or "---"
bool is_thematic_break(std::string_view trimmed);    // "---", "* * *", "___"

struct ListMarker {
  std::string_view marker;  // "-", "*", "+", "1." or "3)"
  bool ordered = false;
  bool starts_at_one = false;  // an ordered marker numbered 1 (may interrupt a paragraph)
  int spaces = 0;              // blanks between the marker and the content
  bool checkbox = false;       // content began with "[ ]", "[x]" or "[X]"
  std::string_view content;    // after the marker and checkbox, trimmed
};
// `line` as written, with its indentation.
std::optional<ListMarker> parse_list_marker(std::string_view line);

struct Fence {
  char ch = '`';
  std::size_t length = 0;
  std::string_view info;  // the first word after the fence: the language
};
std::optional<Fence> parse_fence_open(std::string_view trimmed);
bool closes_fence(std::string_view trimmed, char ch, std::size_t length);

bool is_link_definition(std::string_view trimmed);  // "[id]: https://..."
bool is_table_delimiter(std::string_view trimmed);  // "|---|:--:|"

// "**Tasks**" -> "Tasks": the text of a line that is nothing but one emphasised span.
std::optional<std::string_view> emphasis_only_text(std::string_view trimmed);

}  // namespace firedrill::lint
