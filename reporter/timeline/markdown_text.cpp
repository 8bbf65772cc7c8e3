#include "reporter/timeline/markdown_text.h"

#include <vector>

#include "reporter/lint/markdown_inline.h"
#include "reporter/lint/text_patterns.h"

namespace firedrill {
namespace {

constexpr std::string_view kEllipsis = "\u2026";

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) {
      ++i;
    }
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t' &&
           text[i] != '\r') {
      ++i;
    }
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

bool is_url(std::string_view word) {
  return word.find("://") != std::string_view::npos || word.starts_with("www.");
}

std::string escape_word(std::string_view word) {
  if (is_url(word)) return md_code(word);
  std::string out;
  for (const char c : word) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '#':
      case '|':
      case '~':
        out += '\\';
        break;
      default:
        break;
    }
    out += c;
  }
  return out;
}

std::string join(const std::vector<std::string_view>& words, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < words.size(); ++i) {
    if (i) out += ' ';
    out += words[i];
  }
  return out;
}

}  // namespace

std::string md_escape(std::string_view plain) {
  std::string out;
  for (const std::string_view word : split_words(plain)) {
    if (!out.empty()) out += ' ';
    out += escape_word(word);
  }
  return out;
}

std::string md_code(std::string_view text) {
  std::string inner;
  for (const std::string_view word : split_words(text)) {
    if (!inner.empty()) inner += ' ';
    inner += word;
  }
  for (char& c : inner) {
    if (c == '`') c = '\'';
  }
  return "`" + inner + "`";
}

int md_words(std::string_view markdown) {
  return lint::count_words(lint::render_inline(markdown).plain);
}

int md_sentences(std::string_view markdown) {
  return lint::count_sentences(lint::render_inline(markdown).plain);
}

std::string clip_words(std::string_view plain, int max_words) {
  const std::vector<std::string_view> words = split_words(plain);
  const auto n = static_cast<std::size_t>(max_words < 0 ? 0 : max_words);
  if (words.size() <= n) return join(words, words.size());
  return join(words, n) + std::string(kEllipsis);
}

std::string fit_quote(std::string_view before, std::string_view quote, std::string_view after,
                      int max_words, int max_sentences) {
  const std::vector<std::string_view> words = split_words(quote);
  auto build = [&](std::size_t n) {
    std::string q = join(words, n);
    if (n < words.size()) q += kEllipsis;
    return std::string(before) + md_escape(q) + std::string(after);
  };
  std::size_t n = std::min(words.size(), static_cast<std::size_t>(max_words > 0 ? max_words : 0));
  for (;; --n) {
    std::string candidate = build(n);
    if ((md_words(candidate) <= max_words && md_sentences(candidate) <= max_sentences) || n == 0) {
      return candidate;
    }
  }
}

}  // namespace firedrill
