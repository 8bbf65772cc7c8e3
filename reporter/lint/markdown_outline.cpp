#include "reporter/lint/markdown_outline.h"

#include <algorithm>

#include "reporter/lint/markdown_inline.h"
#include "reporter/lint/markdown_line_shapes.h"

namespace firedrill::lint {
namespace {

std::vector<std::string_view> split_lines(std::string_view doc) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < doc.size()) {
    std::size_t end = doc.find('\n', start);
    if (end == std::string_view::npos) end = doc.size();
    std::string_view line = doc.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

int indent_columns(std::string_view line) {
  int col = 0;
  for (const char c : line) {
    if (c == ' ') {
      ++col;
    } else if (c == '\t') {
      col += 4 - col % 4;
    } else {
      break;
    }
  }
  return col;
}

// Removes complete <!-- --> comments; an unterminated one cuts the line and sets `opened`.
std::string strip_comments(std::string_view line, bool& opened) {
  std::string out;
  std::size_t i = 0;
  while (true) {
    const std::size_t open = line.find("<!--", i);
    if (open == std::string_view::npos) {
      out += line.substr(i);
      return out;
    }
    out += line.substr(i, open - i);
    const std::size_t close = line.find("-->", open + 4);
    if (close == std::string_view::npos) {
      opened = true;
      return out;
    }
    out += ' ';
    i = close + 3;
  }
}

// Strips blockquote markers and turns table-row pipes into blanks.
std::string_view prose_content(std::string_view trimmed, std::string& scratch) {
  while (!trimmed.empty() && trimmed[0] == '>') trimmed = trim_blanks(trimmed.substr(1));
  if (trimmed.starts_with('|')) {
    scratch = std::string(trimmed);
    std::replace(scratch.begin(), scratch.end(), '|', ' ');
    return scratch;
  }
  return trimmed;
}

class OutlineBuilder {
 public:
  // `front_matter_end`: the line closing a leading YAML block, 0 when there is none.
  OutlineBuilder(MarkdownOutline& out, int front_matter_end)
      : out_(out), front_matter_end_(front_matter_end) {}

  void add(int number, std::string_view raw) {
    OutlineLine line;
    line.number = number;
    line.raw = std::string(raw);
    line.indent = indent_columns(raw);
    classify(line, raw);
    out_.words += line.words;
    prev_blank_ = line.kind == LineKind::blank;
    out_.lines.push_back(std::move(line));
  }

  void finish() {
    if (in_comment_) out_.unclosed_comment_line = comment_open_line_;
  }

 private:
  void classify(OutlineLine& line, std::string_view raw) {
    const std::string_view trimmed = trim_blanks(raw);
    if (line.number <= front_matter_end_) {
      line.kind = LineKind::front_matter;
      return;
    }
    if (in_fence_) {
      line.kind = LineKind::code;
      if (fence_in_list_) out_.lists.back().last_line = line.number;
      if (closes_fence(trimmed, fence_char_, fence_length_)) {
        line.kind = LineKind::fence;
        out_.fences.back().close_line = line.number;
        in_fence_ = false;
      }
      return;
    }
    if (in_comment_) {
      line.kind = LineKind::comment;
      if (raw.find("-->") != std::string_view::npos) in_comment_ = false;
      return;
    }
    if (trimmed.empty()) {
      line.kind = in_indented_code_ ? LineKind::code : LineKind::blank;
      return;
    }
    if (in_indented_code_ && line.indent >= 4) {
      line.kind = LineKind::code;
      return;
    }
    in_indented_code_ = false;
    if (line.indent >= 4 && prev_blank_ && !list_open_) {
      line.kind = LineKind::code;
      in_indented_code_ = true;
      return;
    }
    const auto fence = line.indent < 4 || list_open_ ? parse_fence_open(trimmed) : std::nullopt;
    if (fence) {
      line.kind = LineKind::fence;
      fence_char_ = fence->ch;
      fence_length_ = fence->length;
      out_.fences.push_back({line.number, 0, std::string(fence->info)});
      in_fence_ = true;
      if (list_open_ && line.indent < content_indent_) list_open_ = false;
      fence_in_list_ = list_open_;
      if (fence_in_list_) out_.lists.back().last_line = line.number;
      return;
    }

    bool opened = false;
    const std::string visible = strip_comments(raw, opened);
    if (opened) {
      in_comment_ = true;
      comment_open_line_ = line.number;
    }
    const std::string_view vis = trim_blanks(visible);
    if (vis.empty()) {
      line.kind = LineKind::comment;
      return;
    }
    classify_visible(line, visible, vis);
  }

  void classify_visible(OutlineLine& line, std::string_view visible, std::string_view vis) {
    const bool shallow = line.indent < 4;
    const bool prev_prose = !out_.lines.empty() && out_.lines.back().kind == LineKind::prose;
    const auto atx = shallow ? parse_atx_heading(vis) : std::nullopt;
    const auto item = parse_list_marker(visible);

    if (atx) {
      set_heading(line, atx->level, atx->title);
      list_open_ = false;
    } else if (shallow && prev_prose && is_setext_underline(vis)) {
      OutlineLine& text_line = out_.lines.back();
      out_.words -= text_line.words;
      set_heading(text_line, vis[0] == '=' ? 1 : 2, trim_blanks(text_line.raw));
      out_.words += text_line.words;
      line.kind = LineKind::setext_underline;
    } else if (shallow && is_thematic_break(vis)) {
      line.kind = LineKind::thematic_break;
      list_open_ = false;
    } else if (item && !(prev_prose && item->ordered && !item->starts_at_one)) {
      add_item(line, *item);
    } else if (shallow && is_link_definition(vis)) {
      line.kind = LineKind::link_definition;
    } else if (is_table_delimiter(vis)) {
      line.kind = LineKind::table_delimiter;
    } else {
      std::string scratch;
      set_text(line, prose_content(vis, scratch));
      const bool continues = list_open_ && (!prev_blank_ || line.indent >= content_indent_);
      if (continues) {
        line.kind = LineKind::continuation;
        line.item = static_cast<int>(out_.items.size()) - 1;
        ListItem& current = out_.items.back();
        current.text += ' ';
        current.text += line.text;
        current.last_line = line.number;
        out_.lists.back().last_line = line.number;
      } else {
        line.kind = LineKind::prose;
        list_open_ = false;
      }
    }
  }

  void set_text(OutlineLine& line, std::string_view markdown) {
    InlineText text = render_inline(markdown);
    line.text = std::move(text.plain);
    line.words = count_words(line.text);
    line.images_without_alt = text.images_without_alt;
    line.bare_url = std::move(text.bare_url);
  }

  void set_heading(OutlineLine& line, int level, std::string_view title) {
    line.kind = LineKind::heading;
    set_text(line, title);
    out_.headings.push_back({line.number, level, std::string(trim_blanks(line.text))});
  }

  void add_item(OutlineLine& line, const ListMarker& marker) {
    content_indent_ =
        line.indent + static_cast<int>(marker.marker.size()) + std::clamp(marker.spaces, 1, 4);
    ListItem item;
    item.line = item.last_line = line.number;
    item.indent = line.indent;
    item.marker = marker.marker.back();
    item.checkbox = marker.checkbox;
    if (!list_open_) {
      const int index = static_cast<int>(out_.items.size());
      out_.lists.push_back({index, index, line.number, line.number});
    }
    list_open_ = true;
    set_text(line, marker.content);
    item.text = line.text;
    item.list = static_cast<int>(out_.lists.size()) - 1;
    line.kind = LineKind::list_item;
    line.item = static_cast<int>(out_.items.size());
    out_.lists.back().last_item = line.item;
    out_.lists.back().last_line = line.number;
    out_.items.push_back(std::move(item));
  }

  MarkdownOutline& out_;
  bool prev_blank_ = true;
  int front_matter_end_ = 0;
  bool in_fence_ = false;
  char fence_char_ = '`';
  std::size_t fence_length_ = 0;
  bool fence_in_list_ = false;  // the open fence belongs to the current list item
  bool in_comment_ = false;
  int comment_open_line_ = 0;
  bool in_indented_code_ = false;
  bool list_open_ = false;
  int content_indent_ = 0;  // column where the current list item's text starts
};

}  // namespace

int MarkdownOutline::words_between(int first, int last) const {
  int words_in_range = 0;
  for (int n = std::max(first, 1); n <= std::min(last, line_count()); ++n) {
    words_in_range += line(n).words;
  }
  return words_in_range;
}

MarkdownOutline outline_markdown(std::string_view document) {
  if (document.starts_with("\xEF\xBB\xBF")) document.remove_prefix(3);  // UTF-8 BOM
  MarkdownOutline out;
  out.ends_with_newline = document.empty() || document.ends_with('\n');
  const std::vector<std::string_view> raw_lines = split_lines(document);
  int front_matter_end = 0;
  if (!raw_lines.empty() && trim_blanks(raw_lines[0]) == "---") {
    for (std::size_t i = 1; i < raw_lines.size() && front_matter_end == 0; ++i) {
      const std::string_view t = trim_blanks(raw_lines[i]);
      if (t == "---" || t == "...") front_matter_end = static_cast<int>(i) + 1;
    }
  }
  OutlineBuilder builder(out, front_matter_end);
  int number = 0;
  for (const std::string_view raw : raw_lines) builder.add(++number, raw);
  builder.finish();
  return out;
}

}  // namespace firedrill::lint
