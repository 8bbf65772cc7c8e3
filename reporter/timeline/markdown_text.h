// Small helpers to put plain text into a Markdown postmortem safely and briefly: escaping (so a
// trainee's note cannot open a comment, a link or a heading), code spans, word and sentence
// counts as the linter makes them, and fitting a quote into a sentence budget by shortening
// the quote only. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace firedrill {

// Plain text as inline Markdown: line breaks become spaces, runs of blanks one space, Markdown
// punctuation is backslash-escaped, and URLs go into code spans (no bare URLs).
std::string md_escape(std::string_view plain);
// A code span; backticks inside become quotes.
std::string md_code(std::string_view text);
// Counts on the rendered text, exactly as lint_postmortem counts them.
int md_words(std::string_view markdown);
int md_sentences(std::string_view markdown);
// The first `max_words` words of `plain`, with "…" when something was cut.
std::string clip_words(std::string_view plain, int max_words);
// before + md_escape(q) + after, where q is the longest beginning of `quote` (cut at a word,
// with "…") such that the whole has at most `max_words` words and `max_sentences` sentences.
// `before` and `after` are Markdown and are never cut.
std::string fit_quote(std::string_view before, std::string_view quote, std::string_view after,
                      int max_words, int max_sentences);

}  // namespace firedrill
