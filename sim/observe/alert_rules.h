// AlertRule: one alerting rule as a scenario declares it (name, parsed expression, `for` hold,
// keep_firing_for, severity, summary/description templates, runbook, labels), and AlertTemplate,
// the "{{ $value }}" / "{{ $labels.x }}" text its annotations are rendered from.
// make_alert_rule() checks a spec and returns problems as AlertError values naming the field
// and column. Plain copyable values; rendering is deterministic (format_alert_value).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/observe/alert_expr.h"

namespace firedrill {

// Who hears about an alert: `page` wakes someone now (Prometheus "critical"), `ticket` is
// handled in working hours ("warning"), `info` is for dashboards only.
enum class AlertSeverity : uint8_t { page, ticket, info };
const char* to_string(AlertSeverity severity);  // "page", "ticket", "info"
// Accepts the names above and the Prometheus conventions "critical" and "warning".
std::optional<AlertSeverity> parse_severity(std::string_view text);

// How $value prints: at most 3 decimals with trailing zeros dropped ("512.346", "0.5", "2");
// non-zero values below 0.001 in magnitude keep 3 significant digits instead ("0.000123",
// "1.5e-07"); "NaN", "+Inf", "-Inf". Same text on every machine (fmt, no locale).
std::string format_alert_value(double value);

// The label set every instance carries on top of the rule's own labels. Rule labels may not
// use these names.
inline constexpr std::string_view kAlertNameLabel = "alertname";
inline constexpr std::string_view kComponentLabel = "component";
inline constexpr std::string_view kSeverityLabel = "severity";

// Text with "{{ $value }}" and "{{ $labels.<name> }}" actions (spaces inside the braces are
// optional). There is no escape for a literal "{{".
class AlertTemplate {
 public:
  AlertTemplate() = default;
  // Errors name the 1-based column of the offending action.
  static AlertResult<AlertTemplate> parse(std::string_view text);

  const std::string& source() const { return source_; }
  // Every "$labels.<name>" the template uses, in order of appearance.
  std::vector<std::string> label_names() const;
  // A label missing from `labels` renders as "" (make_alert_rule rejects that case up front).
  std::string render(double value, const std::map<std::string, std::string>& labels) const;

 private:
  enum class Part : uint8_t { text, value, label };
  struct Segment {
    Part part;
    std::string text;  // the literal text, or the label name
  };
  std::string source_;
  std::vector<Segment> segments_;
};

struct AlertRule {
  std::string name;         // [A-Za-z_][A-Za-z0-9_]*, unique within an engine
  AlertExpr expr;           // parsed; an instance per component it yields
  SimTime hold;             // Prometheus `for`: pending this long before firing
  SimTime keep_firing_for;  // stay firing this long after the condition clears
  AlertSeverity severity = AlertSeverity::ticket;
  AlertTemplate summary;      // one line, for lists and notifications
  AlertTemplate description;  // longer text for the alert's detail view
  std::string runbook_url;
  std::map<std::string, std::string> labels;  // e.g. team=web; not the reserved names above

  // The rule's labels plus alertname, component and severity.
  std::map<std::string, std::string> instance_labels(std::string_view component) const;
};

// What a scenario writes: the same fields as text, checked and parsed by make_alert_rule().
struct AlertRuleSpec {
  std::string name;
  std::string expr;
  SimTime hold;
  SimTime keep_firing_for;
  AlertSeverity severity = AlertSeverity::ticket;
  std::string summary;
  std::string description;
  std::string runbook_url;
  std::map<std::string, std::string> labels;
};

// Errors: a bad name, an expression or template error (where = "rule 'X': expr" and so on,
// column within that field), a negative duration, a reserved or malformed label name, a
// template using a label the rule does not have.
AlertResult<AlertRule> make_alert_rule(const AlertRuleSpec& spec);

}  // namespace firedrill
