#include "sim/core/glob_match.h"

namespace firedrill {

// Iterative, with one backtrack point: on a mismatch after a '*', let that '*' swallow one
// more character and retry. Linear for patterns with one '*', quadratic at worst, never
// exponential (unlike the naive recursive matcher).
bool glob_match(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace firedrill
