#include "reporter/lint/markdown_line_shapes.h"

namespace firedrill::lint {
namespace {

bool is_space_or_tab(char c) {
  return c == ' ' || c == '\t';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::size_t run_length(std::string_view s, char c) {
  std::size_t n = 0;
  while (n < s.size() && s[n] == c) ++n;
  return n;
}

}  // namespace

std::string_view trim_blanks(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::optional<AtxHeading> parse_atx_heading(std::string_view trimmed) {
  const std::size_t hashes = run_length(trimmed, '#');
  if (hashes == 0 || hashes > 6) return std::nullopt;
  if (hashes < trimmed.size() && !is_space_or_tab(trimmed[hashes])) return std::nullopt;
  std::string_view title = trim_blanks(trimmed.substr(hashes));
  std::size_t end = title.size();
  while (end > 0 && title[end - 1] == '#') --end;
  if (end == 0) {
    title = {};
  } else if (end < title.size() && is_space_or_tab(title[end - 1])) {
    title = trim_blanks(title.substr(0, end));
  }
  return AtxHeading{static_cast<int>(hashes), title};
}

bool is_atx_without_space(std::string_view trimmed) {
  const std::size_t hashes = run_length(trimmed, '#');
  return hashes >= 1 && hashes <= 6 && hashes < trimmed.size() && !is_space_or_tab(trimmed[hashes]);
}

bool is_setext_underline(std::string_view trimmed) {
  return !trimmed.empty() && (trimmed[0] == '=' || trimmed[0] == '-') &&
         run_length(trimmed, trimmed[0]) == trimmed.size();
}

bool is_thematic_break(std::string_view trimmed) {
  if (trimmed.empty() || std::string_view("-*_").find(trimmed[0]) == std::string_view::npos)
    return false;
  std::size_t marks = 0;
  for (const char c : trimmed) {
    if (c == trimmed[0]) {
      ++marks;
    } else if (!is_space_or_tab(c)) {
      return false;
    }
  }
  return marks >= 3;
}

std::optional<ListMarker> parse_list_marker(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && is_space_or_tab(line[i])) ++i;
  const std::size_t start = i;
  ListMarker out;
  if (i < line.size() && (line[i] == '-' || line[i] == '*' || line[i] == '+')) {
    ++i;
  } else {
    while (i < line.size() && is_digit(line[i]) && i - start < 9) ++i;
    if (i == start || i >= line.size() || (line[i] != '.' && line[i] != ')')) return std::nullopt;
    out.ordered = true;
    out.starts_at_one = line.substr(start, i - start) == "1";
    ++i;
  }
  if (i < line.size() && !is_space_or_tab(line[i])) return std::nullopt;
  out.marker = line.substr(start, i - start);
  std::size_t content = i;
  while (content < line.size() && is_space_or_tab(line[content])) ++content;
  out.spaces = static_cast<int>(content - i);
  out.content = trim_blanks(line.substr(content));
  const std::string_view c = out.content;
  if (c.size() >= 3 && c[0] == '[' && (c[1] == ' ' || c[1] == 'x' || c[1] == 'X') && c[2] == ']' &&
      (c.size() == 3 || is_space_or_tab(c[3]))) {
    out.checkbox = true;
    out.content = trim_blanks(c.substr(3));
  }
  return out;
}

std::optional<Fence> parse_fence_open(std::string_view trimmed) {
  if (trimmed.empty() || (trimmed[0] != '`' && trimmed[0] != '~')) return std::nullopt;
  const std::size_t length = run_length(trimmed, trimmed[0]);
  if (length < 3) return std::nullopt;
  const std::string_view info = trim_blanks(trimmed.substr(length));
  if (trimmed[0] == '`' && info.find('`') != std::string_view::npos) return std::nullopt;
  return Fence{trimmed[0], length, info.substr(0, info.find_first_of(" \t"))};
}

bool closes_fence(std::string_view trimmed, char ch, std::size_t length) {
  const std::size_t n = run_length(trimmed, ch);
  return n >= length && n == trimmed.size();
}

bool is_link_definition(std::string_view trimmed) {
  const std::size_t close = trimmed.find("]:");
  return trimmed.starts_with('[') && close != std::string_view::npos && close > 1 &&
         trimmed.find(']') == close && !trim_blanks(trimmed.substr(close + 2)).empty();
}

bool is_table_delimiter(std::string_view trimmed) {
  return trimmed.find('|') != std::string_view::npos &&
         trimmed.find('-') != std::string_view::npos &&
         trimmed.find_first_not_of("|:- \t") == std::string_view::npos;
}

std::optional<std::string_view> emphasis_only_text(std::string_view trimmed) {
  for (const std::string_view mark : {"**", "__", "*", "_"}) {
    if (trimmed.size() <= 2 * mark.size() || !trimmed.starts_with(mark) ||
        !trimmed.ends_with(mark)) {
      continue;
    }
    const std::string_view inner = trimmed.substr(mark.size(), trimmed.size() - 2 * mark.size());
    if (inner[0] == '*' || inner[0] == '_' || inner.find(mark) != std::string_view::npos)
      return std::nullopt;
    return inner;
  }
  return std::nullopt;
}

}  // namespace firedrill::lint
