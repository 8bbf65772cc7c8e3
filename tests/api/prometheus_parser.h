// A strict reader of the Prometheus text format 0.0.4 for tests: it parses an exposition and
// checks what promtool checks (syntax, HELP/TYPE placement, promlint's naming rules) and what
// promtool 2.42 lets through (platform-facts §1.2): a family split into several groups,
// duplicate series, histogram buckets out of order, not cumulative, without +Inf or with
// +Inf unequal to _count. Every problem is one message "line N: ...".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace firedrill::api::test {

struct ParsedSample {
  std::string name;                                         // as written, suffix included
  std::vector<std::pair<std::string, std::string>> labels;  // unescaped
  double value = 0;
  int line = 0;
};

struct ParsedFamily {
  std::string name;
  std::string help;  // unescaped
  std::string type;  // "counter", "gauge", "histogram", "summary", "untyped"
  bool has_help = false;
  bool has_type = false;
  std::vector<ParsedSample> samples;
};

struct ParsedExposition {
  std::vector<ParsedFamily> families;  // in order of appearance
  std::vector<std::string> errors;

  const ParsedFamily* family(std::string_view name) const;
};

ParsedExposition parse_prometheus(std::string_view text);

}  // namespace firedrill::api::test
