// AlertExpr: the alert expression language, parsed from a string into an immutable, copyable
// tree; BoundAlertExpr resolves its selectors against one MetricsRegistry and evaluates it at a
// committed second. Parse and bind problems come back as values (AlertError: the 1-based column
// and what was expected); nothing here throws. Single-threaded use; reads no wall clock.
//
// Grammar (free whitespace between tokens; keywords and function names are lower case):
//   rule      := cond END                      -- must be a comparison, or and/or of them
//   cond      := conj ('or' conj)*
//   conj      := test ('and' test)*
//   test      := sum (CMP sum)?                -- comparisons do not chain
//   sum       := product (('+' | '-') product)*
//   product   := unary (('*' | '/') unary)*
//   unary     := '-' unary | primary
//   primary   := NUMBER | SELECTOR | FUNC '(' DURATION ',' sum ')' | '(' cond ')'
//   CMP       := '>' | '>=' | '<' | '<=' | '==' | '!='
//   FUNC      := 'avg_over' | 'max_over' | 'min_over' | 'sum_over'
//   SELECTOR  := COMPONENT '.' METRIC           lb.p99_ms  web-*.errors  db*.utilization
//   COMPONENT := [A-Za-z_*?] [A-Za-z0-9_*?-]*   '*' matches any run, '?' one character
//   METRIC    := [A-Za-z_] [A-Za-z0-9_]*
//   NUMBER    := digits ('.' digits)? ([eE] [+-]? digits)?
//   DURATION  := (digits ('ms' | 's' | 'm' | 'h'))+          500ms 30s 2m 1h 1m30s
// Where an operand is expected, '*' starts a glob component; after an operand it multiplies.
//
// Values: a NUMBER is a plain number; a selector without a glob is one series named after its
// component; a glob selector is one series per matching component that has the metric. Binary
// operators broadcast a number or single series over a glob's series; two glob sides pair up by
// component name ('or' keeps the union, everything else the intersection). A missing sample
// (x / 0, an empty window, a failed comparison) propagates: the instance is simply not active.
// A comparison or 'and' keeps its left value, unless only the right side has a selector
// ('500 < lb.p99_ms' keeps the latency); 'or' keeps the left value where present, else the
// right. See docs/alerts.md for examples.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/observe/metric_series.h"

namespace firedrill {

// A rule-file or expression problem. `column` is 1-based within the text named by `where`
// ("" for a bare expression, "expr", "summary"...); 0 when no column applies.
struct AlertError {
  std::string where;
  size_t column = 0;
  std::string message;

  // "where: column 12: message", dropping the parts that are empty/0.
  std::string formatted() const;
};

// Either a T or the AlertError explaining why there is none (std::expected is C++23).
template <class T>
class AlertResult {
 public:
  AlertResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  AlertResult(AlertError error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok()
  const T& value() const {
    assert(ok() && "AlertResult::value() on an error");
    return std::get<0>(v_);
  }
  T& value() {
    assert(ok() && "AlertResult::value() on an error");
    return std::get<0>(v_);
  }
  // REQUIRES: !ok()
  const AlertError& error() const {
    assert(!ok() && "AlertResult::error() on a value");
    return std::get<1>(v_);
  }

 private:
  std::variant<T, AlertError> v_;
};

// "500ms", "30s", "2m", "1h", "1m30s" -> SimTime. Errors name the column within `text`.
AlertResult<SimTime> parse_duration(std::string_view text);

// clang-format off
enum class ExprOp : uint8_t {
  number, selector, range, negate,  // operands
  add, sub, mul, div,               // arithmetic
  gt, ge, lt, le, eq, ne,           // comparisons (numbers in, a condition out)
  logical_and, logical_or           // between conditions
};
// clang-format on
enum class RangeFn : uint8_t { avg, max, min, sum };

struct ExprSelector {
  std::string component;  // may hold '*' / '?'
  std::string metric;
  bool glob = false;
  uint32_t column = 0;
};

// One node of the parsed tree; children are indices into AlertExpr::nodes().
struct ExprNode {
  ExprOp op = ExprOp::number;
  uint32_t column = 0;         // where the node's text starts (operators: the operator's column)
  double number = 0;           // ExprOp::number
  uint32_t selector = 0;       // ExprOp::selector: index into selectors()
  RangeFn fn = RangeFn::avg;   // ExprOp::range
  int64_t window_seconds = 0;  // ExprOp::range: the duration rounded up to whole seconds, >= 1
  uint32_t lhs = 0, rhs = 0;   // operands; negate and range use lhs only
};

class AlertExpr {
 public:
  // Parses a whole rule expression; the top level must be a comparison or and/or of them.
  static AlertResult<AlertExpr> parse(std::string_view text);

  const std::string& source() const { return source_; }
  const std::vector<ExprNode>& nodes() const { return nodes_; }
  uint32_t root() const { return root_; }
  const std::vector<ExprSelector>& selectors() const { return selectors_; }
  // Fully parenthesised canonical form, e.g. "((lb.status_502 + lb.status_503) > 5)".
  std::string canonical() const;

 private:
  friend class ExprParser;
  std::string source_;
  std::vector<ExprNode> nodes_;
  std::vector<ExprSelector> selectors_;
  uint32_t root_ = 0;
};

// One active element of an evaluation: the instance's component ("" when the expression has
// no selector at all) and the expression's value.
struct AlertSample {
  std::string component;
  double value = 0;
  bool operator==(const AlertSample&) const = default;
};

namespace alert_detail {
struct EvalValue;  // an intermediate result, defined in alert_expr_eval.cpp
}

// An AlertExpr with each selector resolved to series ids of one registry. The registry must
// hold every series already (add() happens before the first commit) and outlive evaluations.
class BoundAlertExpr {
 public:
  // Errors when a selector matches no series, naming its column and the metrics that exist.
  static AlertResult<BoundAlertExpr> bind(AlertExpr expr, const MetricsRegistry& registry);

  const AlertExpr& expr() const { return expr_; }
  // The active instances at `second` (range windows end there), sorted by component.
  // Seconds outside the registry's history have no samples.
  std::vector<AlertSample> evaluate_at(const MetricsRegistry& registry, int64_t second) const;
  // The same at the latest committed second; empty before the first commit.
  std::vector<AlertSample> evaluate(const MetricsRegistry& registry) const;

 private:
  struct Binding {
    std::vector<uint32_t> components;  // indices into components_, ascending
    std::vector<SeriesId> series;      // parallel to components
  };
  alert_detail::EvalValue eval(const MetricsRegistry& registry, uint32_t node,
                               int64_t second) const;

  AlertExpr expr_;
  std::vector<std::string> components_;  // every component of the registry, sorted
  std::vector<Binding> bindings_;        // parallel to expr_.selectors()
};

}  // namespace firedrill
