// Renders one line of inline Markdown to the plain text a reader sees: code spans keep their
// content, links and images keep their text and alt text, emphasis markers, HTML tags, escapes
// and every URL (link targets, autolinks, bare URLs) are dropped. It also reports the inline
// problems a Markdown host cares about. Pure functions; a line-level approximation of CommonMark.
#pragma once

#include <string>
#include <string_view>

namespace firedrill::lint {

struct InlineText {
  std::string plain;           // the rendered text, without URLs
  int images_without_alt = 0;  // `![](x.png)`
  std::string bare_url;        // the first URL written outside a link, autolink or code span
};

InlineText render_inline(std::string_view markdown);

// Words the way `wc -w` counts them: maximal runs of non-blank characters.
int count_words(std::string_view text);

}  // namespace firedrill::lint
