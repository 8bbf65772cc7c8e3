#include <catch2/catch.hpp>

#include "reporter/lint/markdown_outline.h"

using namespace firedrill::lint;

TEST_CASE("outline: ATX and setext headings are found with their level and line", "[lint]") {
  const auto outline = outline_markdown("# Title #\n\nSub title\n---------\n\n### Deep\n");
  REQUIRE(outline.headings.size() == 3);
  CHECK(outline.headings[0].line == 1);
  CHECK(outline.headings[0].level == 1);
  CHECK(outline.headings[0].title == "Title");
  CHECK(outline.headings[1].line == 3);
  CHECK(outline.headings[1].level == 2);
  CHECK(outline.headings[1].title == "Sub title");
  CHECK(outline.line(4).kind == LineKind::setext_underline);
  CHECK(outline.headings[2].level == 3);
  CHECK(outline.words == 4);
}

TEST_CASE("outline: list items carry their checkbox and continuation lines", "[lint]") {
  const auto outline = outline_markdown(
      "Intro.\n\n- [ ] patch nginx\n  to 1.25\n- [x] done\n* other\n\n1. first\n\nAfter.\n");
  REQUIRE(outline.items.size() == 4);
  CHECK(outline.items[0].checkbox);
  CHECK(outline.items[0].text == "patch nginx to 1.25");
  CHECK(outline.items[0].last_line == 4);
  CHECK(outline.line(4).kind == LineKind::continuation);
  CHECK(outline.items[1].checkbox);
  CHECK(outline.items[2].marker == '*');
  CHECK(outline.items[3].marker == '.');
  REQUIRE(outline.lists.size() == 1);
  CHECK(outline.lists[0].last_line == 8);
  CHECK(outline.line(10).kind == LineKind::prose);
  CHECK(outline.words == 1 + 4 + 1 + 1 + 1 + 1);
}

TEST_CASE("outline: a paragraph line after a blank ends the list", "[lint]") {
  const auto outline = outline_markdown("- a\n\nplain\n- b\n");
  CHECK(outline.line(3).kind == LineKind::prose);
  CHECK(outline.lists.size() == 2);
}

TEST_CASE("outline: fenced code, Mermaid source and HTML comments are not counted", "[lint]") {
  const auto outline = outline_markdown(
      "one two\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n<!-- a\nlong comment -->\n"
      "three <!-- inline --> four\n~~~\ncode\n~~~\n");
  CHECK(outline.words == 4);
  CHECK(outline.line(3).kind == LineKind::fence);
  CHECK(outline.line(4).kind == LineKind::code);
  CHECK(outline.line(9).kind == LineKind::comment);
  REQUIRE(outline.fences.size() == 2);
  CHECK(outline.fences[0].info == "mermaid");
  CHECK(outline.fences[0].close_line == 6);
  CHECK(outline.fences[1].info.empty());
  CHECK(outline.unclosed_comment_line == 0);
}

TEST_CASE("outline: an unclosed fence and an unclosed comment are remembered", "[lint]") {
  CHECK(outline_markdown("a\n```text\nb\n").fences.at(0).close_line == 0);
  const auto outline = outline_markdown("a\n\n<!-- never\nclosed\n");
  CHECK(outline.unclosed_comment_line == 3);
  CHECK(outline.words == 1);
}

TEST_CASE("outline: front matter, indented code, tables and link definitions add no words",
          "[lint]") {
  const auto outline = outline_markdown(
      "---\ntitle: x y z\n---\n\nText here.\n\n    indented code\n\n| a | b |\n|---|---|\n"
      "| c | d |\n\n[ref]: https://example.com\n");
  CHECK(outline.line(2).kind == LineKind::front_matter);
  CHECK(outline.line(7).kind == LineKind::code);
  CHECK(outline.line(10).kind == LineKind::table_delimiter);
  CHECK(outline.line(13).kind == LineKind::link_definition);
  CHECK(outline.words == 2 + 2 + 2);
}

TEST_CASE("outline: CRLF line endings and a missing final newline are handled", "[lint]") {
  const auto outline = outline_markdown("# T\r\n\r\nbody");
  CHECK(outline.line_count() == 3);
  CHECK(outline.headings.at(0).title == "T");
  CHECK_FALSE(outline.ends_with_newline);
}

TEST_CASE("outline: very long and unbalanced lines are handled without blowing the stack",
          "[lint]") {
  const std::string brackets(100000, '[');
  const std::string heading = "# " + std::string(100000, 'x');
  const std::string bold = "**" + std::string(100000, 'y') + "**";
  const auto outline = outline_markdown(brackets + "\n\n" + heading + "\n\n" + bold + "\n");
  CHECK(outline.words == 3);
  CHECK(outline.headings.size() == 1);
}
