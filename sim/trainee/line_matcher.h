// LineMatcher: one grep pattern, compiled once — a fixed string (grep -F, or any pattern
// without regex syntax, matched as a substring, cheap) or a POSIX regular expression, basic
// (grep's default, GNU's \| \+ \? included) or extended (grep -E, awk). Errors are returned as
// grep words them; nothing throws out of compile().
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill {

class LineMatcher {
 public:
  enum class Syntax { kFixed, kBasic, kExtended };
  struct Options {
    Syntax syntax = Syntax::kBasic;
    bool ignore_case = false;
    bool whole_word = false;  // grep -w
  };

  // On error, `error` is set ("Unmatched ( or \\(") and the matcher is unusable.
  static LineMatcher compile(std::string_view pattern, const Options& options, std::string* error);

  bool matches(std::string_view line) const;
  // Every non-overlapping match in the line (grep -o).
  std::vector<std::string> find_all(std::string_view line) const;

 private:
  std::string fixed_;  // lower-cased when ignore_case
  bool use_regex_ = false;
  bool ignore_case_ = false;
  bool whole_word_ = false;
  std::shared_ptr<const std::regex> regex_;
};

}  // namespace firedrill
