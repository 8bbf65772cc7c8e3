// BoundAlertExpr: resolving an AlertExpr's selectors against a registry, and evaluating it.
#include "sim/observe/alert_expr.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/glob_match.h"

// [SECTION] binding
// [SECTION] evaluation

namespace firedrill {

namespace {
constexpr double kNoSample = std::numeric_limits<double>::quiet_NaN();
}  // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] binding
//-------------------------------------------------------------------------------------------------

AlertResult<BoundAlertExpr> BoundAlertExpr::bind(AlertExpr expr, const MetricsRegistry& registry) {
  BoundAlertExpr b;
  for (size_t i = 0; i < registry.series_count(); ++i)
    b.components_.push_back(registry.info(static_cast<SeriesId>(i)).component);
  std::sort(b.components_.begin(), b.components_.end());
  b.components_.erase(std::unique(b.components_.begin(), b.components_.end()), b.components_.end());
  const std::string all_components = fmt::format("{}", fmt::join(b.components_, ", "));

  for (const ExprSelector& sel : expr.selectors()) {
    Binding binding;
    bool any_component = false;
    for (size_t c = 0; c < b.components_.size(); ++c) {
      const std::string& name = b.components_[c];
      if (sel.glob ? !glob_match(sel.component, name) : sel.component != name) continue;
      any_component = true;
      if (const auto id = registry.find(name, sel.metric)) {
        binding.components.push_back(static_cast<uint32_t>(c));
        binding.series.push_back(*id);
      }
    }
    if (binding.series.empty()) {
      std::string why;
      if (!any_component) {
        why = fmt::format("no component {} '{}' (components: {})", sel.glob ? "matches" : "named",
                          sel.component, all_components);
      } else if (sel.glob) {
        why =
            fmt::format("no component matching '{}' has a metric '{}'", sel.component, sel.metric);
      } else {
        std::vector<std::string> metrics;
        for (size_t i = 0; i < registry.series_count(); ++i) {
          const SeriesInfo& info = registry.info(static_cast<SeriesId>(i));
          if (info.component == sel.component) metrics.push_back(info.metric);
        }
        why = fmt::format("'{}' has no metric '{}' (it has: {})", sel.component, sel.metric,
                          fmt::join(metrics, ", "));
      }
      return AlertError{"", sel.column, why};
    }
    b.bindings_.push_back(std::move(binding));
  }
  b.expr_ = std::move(expr);
  return b;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] evaluation
//-------------------------------------------------------------------------------------------------

// An intermediate result: a plain number, one series, or a glob's series (ascending component
// ids). kNoSample (NaN) marks "no sample"; every operator propagates it.
namespace alert_detail {
struct EvalValue {
  enum class Shape : uint8_t { number, single, set };
  Shape shape = Shape::number;
  std::vector<uint32_t> comps;  // number: empty; single: one; set: ascending
  std::vector<double> vals;     // number and single: one
};
}  // namespace alert_detail

namespace {

using Value = alert_detail::EvalValue;
using Shape = Value::Shape;

// Applies f pairwise with the broadcasting rules in the header. Two sets pair up by component:
// the union when `union_sets` ('or'), otherwise the intersection.
template <class F>
Value combine(const Value& l, const Value& r, bool union_sets, F f) {
  Value out;
  if (l.shape == Shape::set && r.shape == Shape::set) {
    out.shape = Shape::set;
    size_t i = 0, j = 0;
    while (i < l.comps.size() || j < r.comps.size()) {
      const bool take_l = j == r.comps.size() || (i < l.comps.size() && l.comps[i] < r.comps[j]);
      const bool take_r = i == l.comps.size() || (j < r.comps.size() && r.comps[j] < l.comps[i]);
      if (take_l || take_r) {
        if (union_sets) {
          out.comps.push_back(take_l ? l.comps[i] : r.comps[j]);
          out.vals.push_back(take_l ? f(l.vals[i], kNoSample) : f(kNoSample, r.vals[j]));
        }
        take_l ? ++i : ++j;
      } else {
        out.comps.push_back(l.comps[i]);
        out.vals.push_back(f(l.vals[i++], r.vals[j++]));
      }
    }
  } else if (l.shape == Shape::set || r.shape == Shape::set) {
    const bool left_set = l.shape == Shape::set;
    const Value& set = left_set ? l : r;
    const double x = (left_set ? r : l).vals[0];
    out.shape = Shape::set;
    out.comps = set.comps;
    for (const double v : set.vals) out.vals.push_back(left_set ? f(v, x) : f(x, v));
  } else {
    out.shape =
        l.shape == Shape::single || r.shape == Shape::single ? Shape::single : Shape::number;
    if (out.shape == Shape::single)
      out.comps.push_back(l.shape == Shape::single ? l.comps[0] : r.comps[0]);
    out.vals.push_back(f(l.vals[0], r.vals[0]));
  }
  return out;
}

bool compare(ExprOp op, double a, double b) {
  switch (op) {
    case ExprOp::gt:
      return a > b;
    case ExprOp::ge:
      return a >= b;
    case ExprOp::lt:
      return a < b;
    case ExprOp::le:
      return a <= b;
    case ExprOp::eq:
      return a == b;
    default:
      return a != b;
  }
}

}  // namespace

Value BoundAlertExpr::eval(const MetricsRegistry& reg, uint32_t index, int64_t second) const {
  const ExprNode& n = expr_.nodes()[index];
  Value out;
  switch (n.op) {
    case ExprOp::number:
      out.vals.push_back(n.number);
      return out;
    case ExprOp::selector: {
      const Binding& b = bindings_[n.selector];
      out.shape = expr_.selectors()[n.selector].glob ? Shape::set : Shape::single;
      out.comps = b.components;
      const bool held = second >= reg.first_second() && second < reg.end_second();
      for (const SeriesId id : b.series)
        out.vals.push_back(held ? reg.value(id, second) : kNoSample);
      return out;
    }
    case ExprOp::negate:
      out = eval(reg, n.lhs, second);
      for (double& v : out.vals) v = -v;
      return out;
    case ExprOp::range: {
      const int64_t first = std::max(second - n.window_seconds + 1, reg.first_second());
      const int64_t last = std::min(second, reg.end_second() - 1);
      out = eval(reg, n.lhs, std::min(second, last));  // the shape, and the newest second
      std::vector<double> acc(out.vals.size(), kNoSample);
      std::vector<int64_t> count(out.vals.size(), 0);
      for (int64_t t = first; t <= last; ++t) {
        const Value v = t == last ? out : eval(reg, n.lhs, t);
        for (size_t i = 0; i < v.vals.size(); ++i) {
          const double x = v.vals[i];
          if (std::isnan(x)) continue;
          double& a = acc[i];
          if (count[i]++ == 0)
            a = x;
          else if (n.fn == RangeFn::max)
            a = std::max(a, x);
          else if (n.fn == RangeFn::min)
            a = std::min(a, x);
          else
            a += x;
        }
      }
      for (size_t i = 0; i < acc.size(); ++i)
        out.vals[i] =
            n.fn == RangeFn::avg && count[i] > 0 ? acc[i] / static_cast<double>(count[i]) : acc[i];
      return out;
    }
    default:
      break;
  }
  const Value l = eval(reg, n.lhs, second);
  const Value r = eval(reg, n.rhs, second);
  // Comparisons and 'and' keep the left value unless only the right side has a selector.
  const bool keep_right = l.shape == Shape::number && r.shape != Shape::number;
  const auto pick = [keep_right](double a, double b) { return keep_right ? b : a; };
  switch (n.op) {
    case ExprOp::add:
      return combine(l, r, false, [](double a, double b) { return a + b; });
    case ExprOp::sub:
      return combine(l, r, false, [](double a, double b) { return a - b; });
    case ExprOp::mul:
      return combine(l, r, false, [](double a, double b) { return a * b; });
    case ExprOp::div:
      return combine(l, r, false, [](double a, double b) { return b == 0 ? kNoSample : a / b; });
    case ExprOp::logical_and:
      return combine(l, r, false, [&](double a, double b) {
        return std::isnan(a) || std::isnan(b) ? kNoSample : pick(a, b);
      });
    case ExprOp::logical_or:
      return combine(l, r, true, [](double a, double b) { return std::isnan(a) ? b : a; });
    default:
      return combine(l, r, false, [&](double a, double b) {
        if (std::isnan(a) || std::isnan(b)) return kNoSample;  // NaN != x would be true
        return compare(n.op, a, b) ? pick(a, b) : kNoSample;
      });
  }
}

std::vector<AlertSample> BoundAlertExpr::evaluate_at(const MetricsRegistry& registry,
                                                     int64_t second) const {
  const Value v = eval(registry, expr_.root(), second);
  std::vector<AlertSample> out;
  for (size_t i = 0; i < v.vals.size(); ++i) {
    if (std::isnan(v.vals[i])) continue;
    out.push_back({v.shape == Shape::number ? std::string() : components_[v.comps[i]], v.vals[i]});
  }
  return out;
}

std::vector<AlertSample> BoundAlertExpr::evaluate(const MetricsRegistry& registry) const {
  if (registry.end_second() == registry.first_second()) return {};
  return evaluate_at(registry, registry.end_second() - 1);
}

}  // namespace firedrill
