#include "reporter/timeline/markdown_text.h"

#include <catch2/catch.hpp>

namespace firedrill {
namespace {

TEST_CASE("markdown text: escaping keeps words and neutralises Markdown", "[markdown]") {
  CHECK(md_escape("a  b\nc") == "a b c");
  CHECK(md_escape("*bold* # [x]") == "\\*bold\\* \\# \\[x\\]");
  CHECK(md_escape("see www.example.com") == "see `www.example.com`");
}

TEST_CASE("markdown text: code spans replace backticks", "[markdown]") {
  CHECK(md_code("echo `date`") == "`echo 'date'`");
}

TEST_CASE("markdown text: words and sentences are counted as the linter counts them",
          "[markdown]") {
  CHECK(md_words("Ran `df -h` on [web-1](x).") == 5);
  CHECK(md_sentences("One. Two. Three") == 3);
}

TEST_CASE("markdown text: clip_words cuts with an ellipsis only when needed", "[markdown]") {
  CHECK(clip_words("a b c", 3) == "a b c");
  CHECK(clip_words("a b c d", 2) == "a b\u2026");
}

TEST_CASE("markdown text: fit_quote shortens the quote, never the frame", "[markdown]") {
  const std::string fitted =
      fit_quote("Note: \u201c", "one two three four five six", "\u201d.", 5, 2);
  CHECK(fitted == "Note: \u201cone two three four\u2026\u201d.");
  CHECK(fit_quote("A ", "short", ".", 40, 2) == "A short.");
}

}  // namespace
}  // namespace firedrill
