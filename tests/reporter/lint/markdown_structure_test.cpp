// The Markdown checks, each broken once in the good sample and reported at the right line.
#include <catch2/catch.hpp>

#include "tests/reporter/lint/lint_test_support.h"

using namespace firedrill::lint;
using namespace firedrill::lint::testing;

TEST_CASE("markdown: a code block that is never closed is reported where it opens", "[lint]") {
  const std::string text = replaced(good_postmortem(), "  E --> F[15:10 resolved]\n```\n",
                                    "  E --> F[15:10 resolved]\n");
  require_reported(text, Rule::md_unclosed_fence, {line_of(text, "```mermaid")});
}

TEST_CASE("markdown: an HTML comment that is never closed is reported where it opens", "[lint]") {
  // The sample's Mermaid arrows (-->) would close the comment, as they would for a renderer.
  const std::string good = good_postmortem();
  const std::size_t mermaid = good.find("```mermaid");
  std::string text = good;
  text.erase(mermaid, good.find("## Root cause") - mermaid);
  text = replaced(text, "by editing this text. -->", "by editing this text.");
  require_reported(text, Rule::md_unclosed_comment, {line_of(text, "<!--")});
}

TEST_CASE("markdown: a heading without a space after its hashes is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "## Timeline", "##Timeline");
  require_reported(text, Rule::md_heading_space, {line_of(text, "##Timeline")});
}

TEST_CASE("markdown: a heading that skips a level is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "## Issue Summary", "### Issue Summary");
  require_reported(text, Rule::md_heading_increment, {line_of(text, "### Issue Summary")});
}

TEST_CASE("markdown: a second top-level heading under a title is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "## Issue Summary", "# Issue Summary");
  require_reported(text, Rule::md_single_title, {line_of(text, "# Issue Summary")});
}

TEST_CASE("markdown: a repeated heading is reported at the repeat", "[lint]") {
  const std::string text = good_postmortem() + "\n## Appendix\n\nOne.\n\n## Appendix\n\nTwo.\n";
  require_reported(text, Rule::md_duplicate_heading, {line_of(text, "Two.") - 2});
}

TEST_CASE("markdown: a heading ending in a colon is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "## Timeline\n", "## Timeline:\n");
  require_reported(text, Rule::md_heading_punctuation, {line_of(text, "## Timeline:")});
}

TEST_CASE("markdown: a heading without a blank line after it is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "## Timeline\n\n", "## Timeline\n");
  const auto found =
      require_reported(text, Rule::md_blanks_around_headings, {line_of(text, "## Timeline")});
  CHECK_THAT(found.at(0).message, Catch::Contains("after"));
  CHECK(findings_of(lint_postmortem(text), Rule::md_blanks_around_lists).empty());
}

TEST_CASE("markdown: a code block without a blank line before it is reported", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "and closed.\n\n```mermaid", "and closed.\n```mermaid");
  require_reported(text, Rule::md_blanks_around_fences, {line_of(text, "```mermaid")});
}

TEST_CASE("markdown: a code block without a language is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "```mermaid", "```");
  require_reported(text, Rule::md_fence_language, {line_of(text, "```\nflowchart")});
}

TEST_CASE("markdown: a list glued to the paragraph above it is reported", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "instead of last.\n\n- [ ]", "instead of last.\n- [ ]");
  require_reported(text, Rule::md_blanks_around_lists, {line_of(text, "- [ ] Add a CI check")});
}

TEST_CASE("markdown: an image without alt text is reported", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "![Checkout error rate during the outage]", "![]");
  require_reported(text, Rule::md_image_alt, {line_of(text, "![](outage.svg)")});
}

TEST_CASE("markdown: a bold line standing in for a heading is reported", "[lint]") {
  const std::string text =
      replaced(good_postmortem(), "\n- [ ] Add a CI check", "\n**Tasks**\n\n- [ ] Add a CI check");
  require_reported(text, Rule::md_emphasis_heading, {line_of(text, "**Tasks**")});
}

TEST_CASE("markdown: a bullet with a different marker than the first list is reported", "[lint]") {
  const std::string text = replaced(good_postmortem(), "- [ ] Add an alert", "* [ ] Add an alert");
  require_reported(text, Rule::md_list_marker, {line_of(text, "* [ ] Add an alert")});
}

TEST_CASE("markdown: a bare URL is reported at its line", "[lint]") {
  const std::string text = replaced(good_postmortem(), "The 14:03 deploy carried",
                                    "See https://wiki.example.com/pools for the setting.\n"
                                    "The 14:03 deploy carried");
  const auto found = require_reported(text, Rule::md_bare_url, {line_of(text, "See https://")});
  CHECK_THAT(found.at(0).message, Catch::Contains("<https://wiki.example.com/pools>"));
}

TEST_CASE("markdown: trailing spaces are reported, except two for a line break", "[lint]") {
  const std::string text =
      replaced(replaced(good_postmortem(), "by accident.\n", "by accident. \n"), "to production.\n",
               "to production.  \n");
  require_reported(text, Rule::md_trailing_spaces, {line_of(text, "by accident. ")});
}

TEST_CASE("markdown: a hard tab is reported, in code blocks too", "[lint]") {
  const std::string text = replaced(good_postmortem(), "  B --> C", "\tB --> C");
  require_reported(text, Rule::md_hard_tabs, {line_of(text, "\tB --> C")});
}

TEST_CASE("markdown: two blank lines in a row are reported at the second", "[lint]") {
  const std::string text = replaced(good_postmortem(), "\n\n## Timeline", "\n\n\n## Timeline");
  require_reported(text, Rule::md_blank_lines, {line_of(text, "## Timeline") - 1});
}

TEST_CASE("markdown: a file without a final newline is reported at its last line", "[lint]") {
  std::string text = good_postmortem();
  REQUIRE(text.ends_with('\n'));
  text.pop_back();
  require_reported(text, Rule::md_final_newline, {line_of(text, "And yes,")});
}
