#include "sim/observe/alert_rules.h"

#include <catch2/catch.hpp>

#include <limits>
#include <string>

namespace firedrill {
namespace {

AlertRuleSpec latency_spec() {
  AlertRuleSpec spec;
  spec.name = "HighLatency";
  spec.expr = "avg_over(1m, lb.p99_ms) > 500";
  spec.hold = SimTime::minutes(2);
  spec.severity = AlertSeverity::page;
  spec.summary = "p99 on {{ $labels.component }} is {{ $value }} ms";
  spec.description = "Team {{$labels.team}}: {{ $labels.alertname }} ({{ $labels.severity }})";
  spec.runbook_url = "https://runbooks.example/high-latency";
  spec.labels = {{"team", "web"}};
  return spec;
}

std::string rule_error(const AlertRuleSpec& spec) {
  const auto r = make_alert_rule(spec);
  REQUIRE_FALSE(r);
  return r.error().formatted();
}

TEST_CASE("alert rules: $value prints with at most 3 decimals, the same on every machine",
          "[alerts]") {
  CHECK(format_alert_value(512.34567) == "512.346");
  CHECK(format_alert_value(0.5) == "0.5");
  CHECK(format_alert_value(2) == "2");
  CHECK(format_alert_value(1500) == "1500");
  CHECK(format_alert_value(-3.25) == "-3.25");
  CHECK(format_alert_value(0.1f) == "0.1");  // registry values are floats
  CHECK(format_alert_value(0) == "0");
  CHECK(format_alert_value(-0.0) == "0");
  CHECK(format_alert_value(0.0016) == "0.002");       // 3 decimals down to 0.001...
  CHECK(format_alert_value(0.000123) == "0.000123");  // ...3 significant digits below it
  CHECK(format_alert_value(-0.0004) == "-0.0004");
  CHECK(format_alert_value(1.5e-7) == "1.5e-07");
  CHECK(format_alert_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(format_alert_value(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(format_alert_value(-std::numeric_limits<double>::infinity()) == "-Inf");
}

TEST_CASE("alert rules: templates render $value and any label the instance carries", "[alerts]") {
  const AlertRule rule = make_alert_rule(latency_spec()).value();
  const auto labels = rule.instance_labels("lb");
  CHECK(labels == std::map<std::string, std::string>{{"alertname", "HighLatency"},
                                                     {"component", "lb"},
                                                     {"severity", "page"},
                                                     {"team", "web"}});
  CHECK(rule.summary.render(812.25, labels) == "p99 on lb is 812.25 ms");
  CHECK(rule.description.render(0, labels) == "Team web: HighLatency (page)");
  CHECK(rule.summary.label_names() == std::vector<std::string>{"component"});

  const auto plain = AlertTemplate::parse("no actions } here {");
  REQUIRE(plain);
  CHECK(plain.value().render(1, {}) == "no actions } here {");
  CHECK(AlertTemplate::parse("").value().render(1, {}).empty());
}

TEST_CASE("alert rules: template errors name the column of the bad action", "[alerts]") {
  CHECK(AlertTemplate::parse("at {{ $value").error().formatted() ==
        "column 4: '{{' is never closed (expected '}}')");
  CHECK(AlertTemplate::parse("v={{ $value }} {{ .Value }}").error().formatted() ==
        "column 16: expected {{ $value }} or {{ $labels.<name> }}, found '{{ .Value }}'");
  CHECK(AlertTemplate::parse("{{ $labels. }}").error().column == 1);
}

TEST_CASE("alert rules: make_alert_rule names the rule, the field and the column of a problem",
          "[alerts]") {
  const AlertRule rule = make_alert_rule(latency_spec()).value();
  CHECK(rule.name == "HighLatency");
  CHECK(rule.expr.canonical() == "(avg_over(60s, lb.p99_ms) > 500)");
  CHECK(rule.hold == SimTime::minutes(2));
  CHECK(rule.keep_firing_for == SimTime());
  CHECK(rule.severity == AlertSeverity::page);
  CHECK(rule.runbook_url == "https://runbooks.example/high-latency");

  AlertRuleSpec spec = latency_spec();
  spec.expr = "avg_over(1m, lb.p99_ms) >";
  CHECK(rule_error(spec) ==
        "rule 'HighLatency': expr: column 26: expected a number, selector, "
        "function or '(', found end of input");
  spec = latency_spec();
  spec.summary = "{{ $value }} {{ $labels.region }}";
  CHECK(rule_error(spec) ==
        "rule 'HighLatency': summary: uses $labels.region, which the rule does not have");
  spec = latency_spec();
  spec.description = "{{ $value";
  CHECK(rule_error(spec) ==
        "rule 'HighLatency': description: column 1: '{{' is never closed (expected '}}')");
  spec = latency_spec();
  spec.labels = {{"component", "x"}};
  CHECK(rule_error(spec) == "rule 'HighLatency': labels: 'component' is set by the engine");
  spec = latency_spec();
  spec.labels = {{"team-name", "x"}};
  CHECK(rule_error(spec) == "rule 'HighLatency': labels: 'team-name' is not a valid label name");
  spec = latency_spec();
  spec.hold = SimTime::seconds(-1);
  CHECK(rule_error(spec) == "rule 'HighLatency': for: must not be negative");
  spec = latency_spec();
  spec.keep_firing_for = SimTime::seconds(-1);
  CHECK(rule_error(spec) == "rule 'HighLatency': keep_firing_for: must not be negative");
  spec = latency_spec();
  spec.name = "high latency";
  CHECK(rule_error(spec) ==
        "rule 'high latency': the name must be letters, digits and '_', not starting with a "
        "digit");
}

TEST_CASE("alert rules: severities have their own names and accept Prometheus' conventions",
          "[alerts]") {
  CHECK(std::string(to_string(AlertSeverity::page)) == "page");
  CHECK(std::string(to_string(AlertSeverity::ticket)) == "ticket");
  CHECK(std::string(to_string(AlertSeverity::info)) == "info");
  CHECK(parse_severity("critical") == AlertSeverity::page);
  CHECK(parse_severity("warning") == AlertSeverity::ticket);
  CHECK(parse_severity("info") == AlertSeverity::info);
  CHECK(parse_severity("ticket") == AlertSeverity::ticket);
  CHECK_FALSE(parse_severity("urgent"));
}

}  // namespace
}  // namespace firedrill
