#include "sim/trainee/line_matcher.h"

#include "sim/observe/log_buffer.h"
#include "sim/trainee/text_util.h"

namespace firedrill {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether a pattern needs the regex engine at all in this syntax.
bool has_regex_syntax(std::string_view p, LineMatcher::Syntax syntax) {
  const std::string_view special =
      syntax == LineMatcher::Syntax::kExtended ? ".[]()*+?{}|^$\\" : ".[]*^$\\";
  return p.find_first_of(special) != std::string_view::npos;
}

// To the extended syntax std::regex knows. In GNU basic syntax \| \+ \? \( \) \{ \} are the
// operators and their bare forms literal; in both, GNU's \w \W \s \S become classes and the
// word anchors \< \> \b are dropped (std::regex's POSIX grammars lack them).
std::string to_extended(std::string_view p, bool basic) {
  constexpr std::string_view kOperators = "|+?(){}";
  std::string out;
  bool in_bracket = false;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (in_bracket) {
      out += c;
      if (c == ']') in_bracket = false;
      continue;
    }
    if (c == '[') {
      in_bracket = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == '\\' && i + 1 < p.size()) {
      const char n = p[++i];
      if (n == 'w')
        out += "[[:alnum:]_]";
      else if (n == 'W')
        out += "[^[:alnum:]_]";
      else if (n == 's')
        out += "[[:space:]]";
      else if (n == 'S')
        out += "[^[:space:]]";
      else if (n == 'd')
        out += "[0-9]";
      else if (n == '<' || n == '>' || n == 'b')
        continue;
      else if (basic && kOperators.find(n) != std::string_view::npos)
        out += n;
      else {
        out += '\\';
        out += n;
      }
      continue;
    }
    if (basic && kOperators.find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
      continue;
    }
    out += c;
  }
  return out;
}

bool word_at(std::string_view line, size_t pos, size_t len) {
  const bool left = pos == 0 || !is_word_char(line[pos - 1]);
  const bool right = pos + len >= line.size() || !is_word_char(line[pos + len]);
  return left && right;
}

}  // namespace

LineMatcher LineMatcher::compile(std::string_view pattern, const Options& options,
                                 std::string* error) {
  LineMatcher m;
  m.ignore_case_ = options.ignore_case;
  m.whole_word_ = options.whole_word;
  if (options.syntax == Syntax::kFixed || !has_regex_syntax(pattern, options.syntax)) {
    m.fixed_ = options.ignore_case ? text::to_lower(pattern) : std::string(pattern);
    return m;
  }
  std::string ere = to_extended(pattern, options.syntax == Syntax::kBasic);
  if (options.whole_word) ere = "(^|[^[:alnum:]_])(" + ere + ")($|[^[:alnum:]_])";
  auto flags = std::regex::extended | std::regex::nosubs;
  if (options.whole_word) flags = std::regex::extended;
  if (options.ignore_case) flags |= std::regex::icase;
  try {
    m.regex_ = std::make_shared<const std::regex>(ere, flags);
    m.use_regex_ = true;
  } catch (const std::regex_error& e) {
    switch (e.code()) {
      case std::regex_constants::error_paren:
        *error = "Unmatched ( or \\(";
        break;
      case std::regex_constants::error_brack:
        *error = "Unmatched [, [^, [:, [., or [=";
        break;
      case std::regex_constants::error_brace:
        *error = "Unmatched \\{";
        break;
      case std::regex_constants::error_badrepeat:
        *error = "Invalid preceding regular expression";
        break;
      default:
        *error = "Invalid regular expression";
        break;
    }
  }
  return m;
}

bool LineMatcher::matches(std::string_view line) const {
  if (use_regex_) {
    return std::regex_search(line.begin(), line.end(), *regex_);
  }
  if (!whole_word_) return log_text_contains(line, fixed_, ignore_case_);
  const std::string hay = ignore_case_ ? text::to_lower(line) : std::string(line);
  for (size_t pos = hay.find(fixed_); pos != std::string::npos; pos = hay.find(fixed_, pos + 1)) {
    if (word_at(hay, pos, fixed_.size())) return true;
  }
  return false;
}

std::vector<std::string> LineMatcher::find_all(std::string_view line) const {
  std::vector<std::string> out;
  if (use_regex_) {
    for (auto it = std::cregex_iterator(line.data(), line.data() + line.size(), *regex_);
         it != std::cregex_iterator(); ++it) {
      const auto& match = *it;
      const size_t group = whole_word_ ? 2 : 0;
      if (match[group].length() > 0) out.push_back(match[group].str());
    }
    return out;
  }
  if (fixed_.empty()) return out;
  const std::string hay = ignore_case_ ? text::to_lower(line) : std::string(line);
  for (size_t pos = hay.find(fixed_); pos != std::string::npos;
       pos = hay.find(fixed_, pos + fixed_.size())) {
    if (!whole_word_ || word_at(hay, pos, fixed_.size())) {
      out.emplace_back(line.substr(pos, fixed_.size()));
    }
  }
  return out;
}

}  // namespace firedrill
