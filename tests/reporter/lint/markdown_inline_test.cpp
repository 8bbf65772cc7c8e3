#include <catch2/catch.hpp>

#include "reporter/lint/markdown_inline.h"

using firedrill::lint::count_words;
using firedrill::lint::render_inline;

TEST_CASE("inline: words are counted like wc -w, as runs of non-blank characters", "[lint]") {
  CHECK(count_words("") == 0);
  CHECK(count_words("   \t ") == 0);
  CHECK(count_words("14:03 EST - Alert fired.") == 5);
  CHECK(count_words("  two\twords\n") == 2);
}

TEST_CASE("inline: a link renders its text and drops its URL", "[lint]") {
  const auto text = render_inline("the [checkout SLO](https://wiki.example.com/slo \"t\") burned");
  CHECK(text.plain == "the checkout SLO burned");
  CHECK(text.bare_url.empty());
  CHECK(render_inline("see [the docs][docs].").plain == "see the docs.");
}

TEST_CASE("inline: an image renders its alt text and one without alt text is counted", "[lint]") {
  CHECK(render_inline("![Error rate](outage.svg)").plain == "Error rate");
  const auto empty = render_inline("![](outage.svg) and ![ ](b.png)");
  CHECK(empty.images_without_alt == 2);
}

TEST_CASE("inline: code spans keep their content and emphasis markers vanish", "[lint]") {
  CHECK(render_inline("set `db.pool.max` to **5**").plain == "set db.pool.max to 5");
  CHECK(render_inline("_really_ ~~slow~~").plain == "really slow");
  CHECK(render_inline("max_connections and 5 * 3").plain == "max_connections and 5 * 3");
  CHECK(render_inline("``a ` b``").plain == "a ` b");
}

TEST_CASE("inline: escapes, entities, tags and autolinks render as a reader sees them", "[lint]") {
  CHECK(render_inline(R"(\*not emphasis\*)").plain == "*not emphasis*");
  CHECK(render_inline("A&amp;B").plain == "A&B");
  CHECK(render_inline("one<br>two <b>bold</b>").plain == "one two bold");
  const auto autolink = render_inline("mail <https://example.com/x> now");
  CHECK(autolink.plain == "mail  now");
  CHECK(autolink.bare_url.empty());
}

TEST_CASE("inline: a bare URL is dropped from the text and reported", "[lint]") {
  const auto text = render_inline("see https://example.com/pools. Then go");
  CHECK(text.bare_url == "https://example.com/pools");
  CHECK(text.plain == "see . Then go");
  CHECK(render_inline("[https://example.com](https://example.com)").bare_url.empty());
}
