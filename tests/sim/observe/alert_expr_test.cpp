#include "sim/observe/alert_expr.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace firedrill {
namespace {

std::string canonical(std::string_view text) {
  const auto e = AlertExpr::parse(text);
  if (!e) FAIL(e.error().formatted());
  return e.value().canonical();
}

// A registry with the given series, each holding `values` (one per second, from second 0).
MetricsRegistry registry_with(
    const std::vector<std::tuple<std::string, std::string, std::vector<double>>>& series) {
  MetricsRegistry reg(600);
  for (const auto& [component, metric, values] : series) reg.add(component, metric, "");
  const size_t seconds = std::get<2>(series.front()).size();
  for (size_t s = 0; s < seconds; ++s) {
    for (size_t i = 0; i < series.size(); ++i)
      reg.set(static_cast<SeriesId>(i), std::get<2>(series[i])[s]);
    reg.commit_second(static_cast<int64_t>(s));
  }
  return reg;
}

std::vector<AlertSample> eval(std::string_view text, const MetricsRegistry& reg) {
  const auto e = AlertExpr::parse(text);
  if (!e) FAIL(e.error().formatted());
  const auto bound = BoundAlertExpr::bind(e.value(), reg);
  if (!bound) FAIL(bound.error().formatted());
  return bound.value().evaluate(reg);
}

TEST_CASE("alert expr: arithmetic binds tighter than comparisons, 'and' tighter than 'or'",
          "[alerts]") {
  CHECK(canonical("lb.status_503 + lb.status_502 > 5") == "((lb.status_503 + lb.status_502) > 5)");
  CHECK(canonical("lb.a + lb.b * 2 - 1 >= 0") == "(((lb.a + (lb.b * 2)) - 1) >= 0)");
  CHECK(canonical("(lb.a + lb.b) / 2 < -3") == "(((lb.a + lb.b) / 2) < -3)");
  CHECK(canonical("lb.a > 1 or lb.b > 2 and lb.c > 3") ==
        "((lb.a > 1) or ((lb.b > 2) and (lb.c > 3)))");
  CHECK(canonical("(lb.a > 1 or lb.b > 2) and lb.c != 3") ==
        "(((lb.a > 1) or (lb.b > 2)) and (lb.c != 3))");
  CHECK(canonical("-lb.a <= 1e3") == "(-lb.a <= 1000)");
  CHECK(canonical("lb.a == .5") == "(lb.a == 0.5)");
}

TEST_CASE("alert expr: reads globs, component names with dashes and range windows", "[alerts]") {
  CHECK(canonical("web-*.errors / lb.requests > 0.1") == "((web-*.errors / lb.requests) > 0.1)");
  // After an operand '*' multiplies; where an operand is expected it starts a glob.
  CHECK(canonical("lb.a *web-1.b > 2") == "((lb.a * web-1.b) > 2)");
  CHECK(canonical("lb.a * *.b > 2") == "((lb.a * *.b) > 2)");
  CHECK(canonical("db-?.utilization>0.9") == "(db-?.utilization > 0.9)");
  CHECK(canonical("lb.a-lb.b>0") == "((lb.a - lb.b) > 0)");
  CHECK(canonical("avg_over(2m, lb.p99_ms) > 500") == "(avg_over(120s, lb.p99_ms) > 500)");
  CHECK(canonical("max_over(1m30s, lb.a + lb.b) > 1") == "(max_over(90s, (lb.a + lb.b)) > 1)");
  CHECK(canonical("min_over(500ms, lb.a) > 1") == "(min_over(1s, lb.a) > 1)");  // rounded up
  CHECK(canonical("sum_over(1h, lb.a) > 1") == "(sum_over(3600s, lb.a) > 1)");

  const auto e = AlertExpr::parse("web-*.errors / lb.requests > 0.1");
  REQUIRE(e);
  REQUIRE(e.value().selectors().size() == 2);
  CHECK(e.value().selectors()[0].component == "web-*");
  CHECK(e.value().selectors()[0].metric == "errors");
  CHECK(e.value().selectors()[0].glob);
  CHECK(e.value().selectors()[0].column == 1);
  CHECK_FALSE(e.value().selectors()[1].glob);
  CHECK(e.value().selectors()[1].column == 16);
}

TEST_CASE("alert expr: parse errors name the column and what was expected", "[alerts]") {
  struct Case {
    const char* text;
    size_t column;
    const char* message;
  };
  const Case c = GENERATE(
      Case{"lb.p99_ms", 10, "expected a comparison (> >= < <= == !=), found end of input"},
      Case{"lb.p99_ms > ", 13, "expected a number, selector, function or '(', found end of input"},
      Case{"lb.p99_ms 5", 11, "expected a comparison (> >= < <= == !=), found '5'"},
      Case{"lb.a > 1 lb.b > 2", 10, "expected 'and', 'or' or end of input, found 'lb.b'"},
      Case{"lb.a > 1 and lb.b", 18, "expected a comparison (> >= < <= == !=), found end of input"},
      Case{"lb.a > 5 > 3", 10, "comparisons do not chain; join them with 'and'"},
      Case{"lb.a = 5", 6, "expected '==' (a single '=' is not a comparison)"},
      Case{"lb.a ! 5", 6, "expected '!='"}, Case{"lb.a > 1 # x", 10, "unexpected character '#'"},
      Case{"(lb.a > 1", 10, "expected ')' to close the '(' at column 1, found end of input"},
      Case{"(lb.a > 1) + 2 > 3", 7, "expected a number or selector here, found a comparison"},
      Case{"lb.a > (lb.b > 2)", 14, "expected a number or selector here, found a comparison"},
      Case{"avg_over(2x, lb.a) > 5", 11, "unknown duration unit 'x' (use ms, s, m or h)"},
      Case{"avg_over(lb.a) > 5", 10, "expected a duration window such as 30s or 5m, found 'lb.a'"},
      Case{"avg_over(1m lb.a) > 5", 13, "expected ',' after the window, found 'lb.a'"},
      Case{"avg_over(1m, lb.a > 5", 19, "expected ')' to close 'avg_over(' at column 1, found '>'"},
      Case{"avg_over(0s, lb.a) > 5", 10, "the window must be longer than zero"},
      Case{"avg_over (1.5m, lb.a) > 5", 14,
           "durations are whole numbers of a unit (write 90s, not 1.5m)"},
      Case{"lb.p99_ms > 500ms", 13,
           "a duration like '500ms' is only allowed as the window of avg_over, max_over, "
           "min_over or sum_over"},
      Case{"rate(lb.requests) > 5", 1,
           "unknown function 'rate' (expected avg_over, max_over, min_over or sum_over)"},
      Case{"p99 > 5", 1, "expected a selector like 'lb.p99_ms', found 'p99'"},
      Case{"web-* > 5", 6, "expected '.' and a metric after component 'web-*'"},
      Case{"lb. > 5", 4, "expected a metric name after 'lb.'"},
      Case{"lb.a > 5.0xyz", 11, "expected an operator after the number, found 'xyz'"},
      Case{"lb.a > 5xyz", 9, "unknown duration unit 'xyz' (use ms, s, m or h)"},
      Case{"lb.a > 1 and", 13, "expected a number, selector, function or '(', found end of input"},
      Case{"", 1, "expected a number, selector, function or '(', found end of input"});
  INFO(c.text);
  const auto e = AlertExpr::parse(c.text);
  REQUIRE_FALSE(e);
  CHECK(e.error().message == c.message);
  CHECK(e.error().column == c.column);
  CHECK(e.error().formatted() == "column " + std::to_string(c.column) + ": " + c.message);
}

TEST_CASE("alert expr: refuses expressions nested too deeply or too long to read", "[alerts]") {
  CHECK(AlertExpr::parse(std::string(32, '(') + "lb.a > 1" + std::string(32, ')')));
  const auto deep = AlertExpr::parse(std::string(33, '(') + "lb.a > 1" + std::string(33, ')'));
  REQUIRE_FALSE(deep);
  CHECK(deep.error().formatted() == "column 33: nested more than 32 levels deep");
  CHECK(AlertExpr::parse(std::string(40, '-') + "lb.a > 1").error().column == 33);
  std::string sum = "lb.a";
  while (sum.size() < 1024) sum += " + 1";
  const auto longer = AlertExpr::parse(sum + " > 0");
  REQUIRE_FALSE(longer);
  CHECK(longer.error().formatted() == "column 1025: longer than 1024 characters");
}

TEST_CASE("alert expr: parse_duration reads ms, s, m, h and sums of them", "[alerts]") {
  CHECK(parse_duration("500ms").value() == SimTime::millis(500));
  CHECK(parse_duration("30s").value() == SimTime::seconds(30));
  CHECK(parse_duration("2m").value() == SimTime::minutes(2));
  CHECK(parse_duration("1h").value() == SimTime::minutes(60));
  CHECK(parse_duration("1m30s").value() == SimTime::seconds(90));
  CHECK(parse_duration("0s").value() == SimTime());
  CHECK(parse_duration("5").error().formatted() ==
        "column 2: expected a duration unit (ms, s, m or h) after the number");
  CHECK(parse_duration("5d").error().column == 2);
  CHECK(parse_duration("").error().column == 1);
  CHECK(parse_duration("5m ").error().formatted() ==
        "column 3: unexpected text after the duration");
}

TEST_CASE("alert expr: a glob selector yields one sample per component; a plain one broadcasts",
          "[alerts]") {
  const MetricsRegistry reg = registry_with({{"lb", "requests", {100}},
                                             {"web-1", "errors", {20}},
                                             {"web-2", "errors", {5}},
                                             {"web-3", "errors", {50}},
                                             {"db", "errors", {99}}});
  CHECK(eval("web-*.errors / lb.requests > 0.1", reg) ==
        std::vector<AlertSample>{{"web-1", 0.2}, {"web-3", 0.5}});
  CHECK(eval("lb.requests < web-*.errors * 3", reg) == std::vector<AlertSample>{{"web-3", 100}});
  // A rule whose selectors are all plain has one instance, named after the first selector.
  CHECK(eval("lb.requests > 50 and db.errors > 50", reg) == std::vector<AlertSample>{{"lb", 100}});
  // With a number on the left, a comparison keeps the series' value.
  CHECK(eval("50 < db.errors", reg) == std::vector<AlertSample>{{"db", 99}});
  // '?' matches one character; '*' any run, including none.
  CHECK(eval("web-?.errors > 10", reg).size() == 2);
  CHECK(eval("*.errors > 10", reg).size() == 3);
  CHECK(eval("web-*.errors > 1000", reg).empty());
  // No selector at all: one instance with an empty component.
  CHECK(eval("2 > 1", reg) == std::vector<AlertSample>{{"", 2}});
}

TEST_CASE("alert expr: two globs pair up by component; 'or' keeps the union", "[alerts]") {
  const MetricsRegistry reg = registry_with({{"web-1", "errors", {30}},
                                             {"web-1", "requests", {100}},
                                             {"web-2", "errors", {1}},
                                             {"web-2", "requests", {100}},
                                             {"web-3", "errors", {90}},
                                             {"db-1", "errors", {7}}});
  CHECK(eval("web-*.errors / web-*.requests > 0.2", reg) ==
        std::vector<AlertSample>{{"web-1", 0.3}});
  // *.errors has db-1 and web-3 too, but only web-1 and web-2 have requests.
  CHECK(eval("*.errors / web-*.requests >= 0", reg) ==
        std::vector<AlertSample>{{"web-1", 0.3}, {"web-2", 0.01}});
  CHECK(eval("db-*.errors > 5 or web-*.errors > 20", reg) ==
        std::vector<AlertSample>{{"db-1", 7}, {"web-1", 30}, {"web-3", 90}});
  CHECK(eval("web-*.errors > 20 and web-*.requests > 50", reg) ==
        std::vector<AlertSample>{{"web-1", 30}});
}

TEST_CASE("alert expr: division by zero yields no sample, so the instance is not active",
          "[alerts]") {
  const MetricsRegistry reg =
      registry_with({{"lb", "status_5xx", {0}}, {"lb", "requests", {0}}, {"web-1", "errors", {3}}});
  CHECK(eval("lb.status_5xx / lb.requests > 0.1", reg).empty());
  CHECK(eval("lb.status_5xx / lb.requests != 0.1", reg).empty());
  CHECK(eval("lb.status_5xx / lb.requests < 1", reg).empty());
  CHECK(eval("web-*.errors / lb.requests >= 0", reg).empty());
  // 'or' falls back to its right side where the left has no sample.
  CHECK(eval("lb.status_5xx / lb.requests > 0.1 or lb.requests == 0", reg) ==
        std::vector<AlertSample>{{"lb", 0}});
}

TEST_CASE("alert expr: range functions aggregate the last N seconds, or what history exists",
          "[alerts]") {
  const MetricsRegistry reg = registry_with({{"lb", "p99_ms", {100, 900, 200, 400, 600}},
                                             {"web-1", "cpu", {0.1, 0.2, 0.3, 0.4, 0.5}},
                                             {"web-2", "cpu", {0.9, 0.9, 0.9, 0.9, 0.1}}});
  CHECK(eval("avg_over(3s, lb.p99_ms) >= 0", reg) == std::vector<AlertSample>{{"lb", 400}});
  CHECK(eval("max_over(3s, lb.p99_ms) >= 0", reg) == std::vector<AlertSample>{{"lb", 600}});
  CHECK(eval("min_over(3s, lb.p99_ms) >= 0", reg) == std::vector<AlertSample>{{"lb", 200}});
  CHECK(eval("sum_over(2s, lb.p99_ms) >= 0", reg) == std::vector<AlertSample>{{"lb", 1000}});
  // Only 5 seconds exist: a 1m window uses those.
  CHECK(eval("avg_over(1m, lb.p99_ms) >= 0", reg) == std::vector<AlertSample>{{"lb", 440}});
  const auto cpu = eval("avg_over(2s, web-*.cpu) > 0", reg);
  REQUIRE(cpu.size() == 2);
  CHECK(cpu[0].component == "web-1");
  CHECK(cpu[0].value == Approx(0.45));
  CHECK(cpu[1].value == Approx(0.5));
  // The inner expression is evaluated second by second, then aggregated.
  CHECK(eval("max_over(5s, lb.p99_ms - 50) == 850", reg).size() == 1);

  const auto e = AlertExpr::parse("avg_over(1m, lb.p99_ms) > 0");
  const auto bound = BoundAlertExpr::bind(e.value(), reg);
  REQUIRE(bound);
  CHECK(bound.value().evaluate_at(reg, 1) == std::vector<AlertSample>{{"lb", 500}});
  CHECK(bound.value().evaluate_at(reg, -1).empty());  // before the history: no samples
  MetricsRegistry empty(10);
  empty.add("lb", "p99_ms", "ms");
  CHECK(BoundAlertExpr::bind(e.value(), empty).value().evaluate(empty).empty());
}

TEST_CASE("alert expr: binding names the column of a selector that matches no series", "[alerts]") {
  const MetricsRegistry reg =
      registry_with({{"lb", "p50_ms", {1}}, {"lb", "p99_ms", {1}}, {"web-1", "errors", {1}}});
  const auto error = [&](std::string_view text) {
    const auto bound = BoundAlertExpr::bind(AlertExpr::parse(text).value(), reg);
    REQUIRE_FALSE(bound);
    return bound.error().formatted();
  };
  CHECK(error("lb.p99_ms > 1 and lb.p99 > 2") ==
        "column 19: 'lb' has no metric 'p99' (it has: p50_ms, p99_ms)");
  CHECK(error("ldb.p99_ms > 1") == "column 1: no component named 'ldb' (components: lb, web-1)");
  CHECK(error("1 < cache*.hits") ==
        "column 5: no component matches 'cache*' (components: lb, "
        "web-1)");
  CHECK(error("web-*.p99_ms > 1") ==
        "column 1: no component matching 'web-*' has a metric "
        "'p99_ms'");
}

}  // namespace
}  // namespace firedrill
