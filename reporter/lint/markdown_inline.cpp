#include "reporter/lint/markdown_inline.h"

#include <array>
#include <vector>

namespace firedrill::lint {
namespace {

constexpr auto npos = std::string_view::npos;
// How far a closing backtick run, '>' or "-->" is looked for, and how deeply link text may
// nest: bounds that keep rendering near-linear on hostile input, far beyond real postmortems.
constexpr std::size_t kMaxReach = 4096;
constexpr int kMaxNesting = 8;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8 letters count as word characters
}
bool is_punct(char c) {
  return c > ' ' && c < 0x7f && !is_alnum(c);
}

// For every '[' and '(' in `s`, the index of the bracket closing it (nesting and backslash
// escapes respected), npos for the others: one pass, so rendering stays linear.
std::vector<std::size_t> matching_brackets(std::string_view s) {
  std::vector<std::size_t> close(s.size(), npos);
  std::vector<std::size_t> squares;
  std::vector<std::size_t> rounds;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      squares.push_back(i);
    } else if (c == '(') {
      rounds.push_back(i);
    } else if (c == ']' && !squares.empty()) {
      close[squares.back()] = i;
      squares.pop_back();
    } else if (c == ')' && !rounds.empty()) {
      close[rounds.back()] = i;
      rounds.pop_back();
    }
  }
  return close;
}

bool starts_url(std::string_view s, std::size_t i) {
  const std::string_view rest = s.substr(i);
  return rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
}

// Length of an autolink or HTML tag starting at s[i] == '<', or 0 when it is a plain '<'.
std::size_t tag_length(std::string_view s, std::size_t i) {
  if (s.substr(i).starts_with("<!--")) {
    const std::size_t end = s.substr(0, i + kMaxReach).find("-->", i + 4);
    return end == npos ? 0 : end + 3 - i;
  }
  if (i + 1 >= s.size()) return 0;
  const char next = s[i + 1];
  if (!(is_alnum(next) || next == '/' || next == '!')) return 0;
  for (std::size_t j = i + 1; j < s.size() && j - i < kMaxReach; ++j) {
    if (s[j] == '>') return j + 1 - i;
    if (s[j] == '<') return 0;
  }
  return 0;
}

struct Entity {
  std::string_view name;
  std::string_view text;
};
constexpr std::array<Entity, 8> kEntities{{{"&nbsp;", " "},
                                           {"&amp;", "&"},
                                           {"&lt;", "<"},
                                           {"&gt;", ">"},
                                           {"&quot;", "\""},
                                           {"&#39;", "'"},
                                           {"&mdash;", "\xE2\x80\x94"},
                                           {"&ndash;", "\xE2\x80\x93"}}};

class Renderer {
 public:
  explicit Renderer(InlineText& out) : out_(out) {}

  // `in_link`: inside link text, where a URL is the link's label, not a bare URL.
  void render(std::string_view s, bool in_link) {
    if (depth_ > kMaxNesting) {
      out_.plain += s;
      return;
    }
    const std::vector<std::size_t> closes = matching_brackets(s);
    std::size_t i = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '\\' && i + 1 < s.size() && is_punct(s[i + 1])) {
        out_.plain += s[i + 1];
        i += 2;
      } else if (c == '\\' && i + 1 == s.size()) {
        ++i;  // a hard line break
      } else if (c == '`') {
        i = code_span(s, i);
      } else if (c == '!' && i + 1 < s.size() && s[i + 1] == '[') {
        i = link(s, closes, i + 1, /*image=*/true);
      } else if (c == '[') {
        i = link(s, closes, i, /*image=*/false);
      } else if (c == '<' && tag_length(s, i) > 0) {
        // Tags and autolinks render no words of their own; a <br> still separates two.
        if (s.substr(i).starts_with("<br")) out_.plain += ' ';
        i += tag_length(s, i);
      } else if (c == '*' || c == '_' || c == '~') {
        i = emphasis(s, i);
      } else if (c == '&') {
        i = entity(s, i);
      } else if (starts_url(s, i) && (i == 0 || !is_alnum(s[i - 1]))) {
        i = url(s, i, in_link);
      } else {
        out_.plain += c;
        ++i;
      }
    }
  }

 private:
  std::size_t code_span(std::string_view s, std::size_t i) {
    std::size_t run = 0;
    while (i + run < s.size() && s[i + run] == '`') ++run;
    for (std::size_t j = i + run; j < s.size() && j - i < kMaxReach;) {
      if (s[j] != '`') {
        ++j;
        continue;
      }
      std::size_t close = 0;
      while (j + close < s.size() && s[j + close] == '`') ++close;
      if (close == run) {
        out_.plain += s.substr(i + run, j - i - run);
        return j + close;
      }
      j += close;
    }
    out_.plain += s.substr(i, run);  // no closing run: the backticks are literal
    return i + run;
  }

  // s[open] == '['. Inline `[text](url)` and reference `[text][ref]` links render their text.
  std::size_t link(std::string_view s, const std::vector<std::size_t>& closes, std::size_t open,
                   bool image) {
    const std::size_t close = closes[open];
    std::size_t end = npos;
    if (close != npos && close + 1 < s.size()) {
      if (s[close + 1] == '(') {
        const std::size_t paren = closes[close + 1];
        if (paren != npos) end = paren + 1;
      } else if (s[close + 1] == '[') {
        const std::size_t ref = s.substr(0, close + kMaxReach).find(']', close + 2);
        if (ref != npos) end = ref + 1;
      }
    }
    if (end == npos) {  // not a link: the brackets are literal text
      out_.plain += image ? "![" : "[";
      return open + 1;
    }
    const std::string_view text = s.substr(open + 1, close - open - 1);
    if (image && text.find_first_not_of(" \t") == npos) ++out_.images_without_alt;
    ++depth_;
    render(text, /*in_link=*/true);
    --depth_;
    return end;
  }

  // A run of * _ or ~ is emphasis markup unless it stands alone between blanks, and an
  // underscore run inside a word (snake_case) is literal.
  std::size_t emphasis(std::string_view s, std::size_t i) {
    std::size_t run = 0;
    while (i + run < s.size() && s[i + run] == s[i]) ++run;
    const bool blank_before = i == 0 || is_blank(s[i - 1]);
    const bool blank_after = i + run >= s.size() || is_blank(s[i + run]);
    const bool intraword =
        i > 0 && i + run < s.size() && is_alnum(s[i - 1]) && is_alnum(s[i + run]);
    if ((blank_before && blank_after) || (s[i] == '_' && intraword)) {
      out_.plain += s.substr(i, run);
    }
    return i + run;
  }

  std::size_t entity(std::string_view s, std::size_t i) {
    for (const Entity& e : kEntities) {
      if (s.substr(i).starts_with(e.name)) {
        out_.plain += e.text;
        return i + e.name.size();
      }
    }
    out_.plain += '&';
    return i + 1;
  }

  // A URL runs to the next blank or '<'; trailing punctuation belongs to the sentence.
  std::size_t url(std::string_view s, std::size_t i, bool in_link) {
    std::size_t end = i;
    while (end < s.size() && !is_blank(s[end]) && s[end] != '<') ++end;
    while (end > i && std::string_view(".,;:!?)*_").find(s[end - 1]) != npos) --end;
    if (!in_link && out_.bare_url.empty()) out_.bare_url = std::string(s.substr(i, end - i));
    return end;
  }

  InlineText& out_;
  int depth_ = 0;  // link text being rendered inside link text
};

}  // namespace

InlineText render_inline(std::string_view markdown) {
  InlineText out;
  Renderer(out).render(markdown, /*in_link=*/false);
  return out;
}

int count_words(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool blank = is_blank(c) || c == '\v';
    if (!blank && !in_word) ++words;
    in_word = !blank;
  }
  return words;
}

}  // namespace firedrill::lint
