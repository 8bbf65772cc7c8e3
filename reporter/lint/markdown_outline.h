// MarkdownOutline: a Markdown document split into classified lines (headings, list items and
// their continuation lines, prose, code, comments...) with 1-based line numbers, the rendered
// plain text of each line and its `wc -w` word count, plus the headings, lists and code fences
// found. A line-level approximation of CommonMark, enough for linting; it never fails.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace firedrill::lint {

enum class LineKind {
  blank,
  front_matter,      // a leading --- YAML block
  heading,           // ATX (## Title) or the text line of a setext heading
  setext_underline,  // the === or --- under a setext heading
  list_item,         // the first line of a list item
  continuation,      // a later line of the current list item
  prose,             // paragraph, blockquote or table row text
  fence,             // an opening or closing ``` / ~~~ line
  code,              // inside a fenced or indented code block
  comment,           // inside an HTML comment
  thematic_break,
  link_definition,  // [id]: https://...
  table_delimiter,  // |---|---|
};

struct OutlineLine {
  int number = 0;
  LineKind kind = LineKind::blank;
  std::string raw;   // as written, without the line ending
  std::string text;  // rendered text of this line alone (markers, URLs, comments removed)
  int words = 0;     // count_words(text)
  int indent = 0;    // leading columns, tabs to the next multiple of 4
  int item = -1;     // list_item / continuation: index into MarkdownOutline::items
  int images_without_alt = 0;
  std::string bare_url;  // see InlineText::bare_url
};

struct Heading {
  int line = 0;
  int level = 0;  // 1..6
  std::string title;
};

struct ListItem {
  int line = 0;       // the marker's line
  int last_line = 0;  // the last continuation line
  int indent = 0;     // column of the marker
  char marker = '-';  // '-', '*', '+', or '.' / ')' for ordered items
  bool checkbox = false;
  std::string text;  // rendered text after the marker and checkbox, continuation lines joined
  int list = 0;      // index into MarkdownOutline::lists
};

// Consecutive items (blank lines between them allowed), nested ones included.
struct List {
  int first_item = 0;
  int last_item = 0;
  int first_line = 0;
  int last_line = 0;
};

struct FencedBlock {
  int open_line = 0;
  int close_line = 0;  // 0 when the block is never closed
  std::string info;    // the language after the fence, "" if none
};

struct MarkdownOutline {
  std::vector<OutlineLine> lines;  // lines[i].number == i + 1
  std::vector<Heading> headings;
  std::vector<ListItem> items;
  std::vector<List> lists;
  std::vector<FencedBlock> fences;
  int unclosed_comment_line = 0;  // where a never-closed <!-- starts, 0 if none
  bool ends_with_newline = true;
  int words = 0;  // the whole document

  // REQUIRES: 1 <= number <= lines.size().
  const OutlineLine& line(int number) const { return lines[static_cast<std::size_t>(number - 1)]; }
  int line_count() const { return static_cast<int>(lines.size()); }
  // Words on lines first..last (inclusive, clamped to the document).
  int words_between(int first, int last) const;
};

MarkdownOutline outline_markdown(std::string_view document);

}  // namespace firedrill::lint
