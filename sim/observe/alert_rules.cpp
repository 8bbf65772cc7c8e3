#include "sim/observe/alert_rules.h"

#include <fmt/format.h>

#include <cmath>
#include <tuple>
#include <utility>

namespace firedrill {

const char* to_string(AlertSeverity severity) {
  switch (severity) {
    case AlertSeverity::page:
      return "page";
    case AlertSeverity::ticket:
      return "ticket";
    case AlertSeverity::info:
      return "info";
  }
  return "?";
}

std::optional<AlertSeverity> parse_severity(std::string_view text) {
  if (text == "page" || text == "critical") return AlertSeverity::page;
  if (text == "ticket" || text == "warning") return AlertSeverity::ticket;
  if (text == "info") return AlertSeverity::info;
  return std::nullopt;
}

std::string format_alert_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return "0";  // also -0
  if (std::fabs(value) < 0.001) return fmt::format("{:.3g}", value);
  std::string s = fmt::format("{:.3f}", value);
  s.erase(s.find_last_not_of('0') + 1);  // "{:.3f}" always has a '.', so this stops there
  if (s.back() == '.') s.pop_back();
  return s;
}

namespace {

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && (i == 0 || c < '0' || c > '9')) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

AlertResult<AlertTemplate> AlertTemplate::parse(std::string_view text) {
  AlertTemplate t;
  t.source_ = std::string(text);
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("{{", i);
    if (open == std::string_view::npos) {
      t.segments_.push_back({Part::text, std::string(text.substr(i))});
      break;
    }
    if (open > i) t.segments_.push_back({Part::text, std::string(text.substr(i, open - i))});
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
      return AlertError{"", open + 1, "'{{' is never closed (expected '}}')"};
    const std::string_view action = trim(text.substr(open + 2, close - open - 2));
    constexpr std::string_view kLabels = "$labels.";
    if (action == "$value") {
      t.segments_.push_back({Part::value, ""});
    } else if (action.starts_with(kLabels) && is_name(action.substr(kLabels.size()))) {
      t.segments_.push_back({Part::label, std::string(action.substr(kLabels.size()))});
    } else {
      return AlertError{"", open + 1,
                        fmt::format("expected {{{{ $value }}}} or {{{{ $labels.<name> }}}}, found "
                                    "'{}'",
                                    text.substr(open, close + 2 - open))};
    }
    i = close + 2;
  }
  return t;
}

std::vector<std::string> AlertTemplate::label_names() const {
  std::vector<std::string> out;
  for (const Segment& s : segments_)
    if (s.part == Part::label) out.push_back(s.text);
  return out;
}

std::string AlertTemplate::render(double value,
                                  const std::map<std::string, std::string>& labels) const {
  std::string out;
  for (const Segment& s : segments_) {
    if (s.part == Part::text) {
      out += s.text;
    } else if (s.part == Part::value) {
      out += format_alert_value(value);
    } else if (const auto it = labels.find(s.text); it != labels.end()) {
      out += it->second;
    }
  }
  return out;
}

std::map<std::string, std::string> AlertRule::instance_labels(std::string_view component) const {
  std::map<std::string, std::string> out = labels;
  out.emplace(kAlertNameLabel, name);
  out.emplace(kComponentLabel, component);
  out.emplace(kSeverityLabel, to_string(severity));
  return out;
}

AlertResult<AlertRule> make_alert_rule(const AlertRuleSpec& spec) {
  const std::string where = fmt::format("rule '{}'", spec.name);
  const auto error = [&](std::string_view field, AlertError e) {
    e.where = field.empty() ? where : fmt::format("{}: {}", where, field);
    return e;
  };
  if (!is_name(spec.name))
    return error("",
                 {"", 0, "the name must be letters, digits and '_', not starting with a digit"});
  AlertRule rule;
  rule.name = spec.name;
  auto expr = AlertExpr::parse(spec.expr);
  if (!expr) return error("expr", expr.error());
  rule.expr = std::move(expr.value());
  if (spec.hold < SimTime()) return error("for", {"", 0, "must not be negative"});
  if (spec.keep_firing_for < SimTime())
    return error("keep_firing_for", {"", 0, "must not be negative"});
  rule.hold = spec.hold;
  rule.keep_firing_for = spec.keep_firing_for;
  rule.severity = spec.severity;
  rule.runbook_url = spec.runbook_url;
  for (const auto& [key, value] : spec.labels) {
    if (!is_name(key))
      return error("labels", {"", 0, fmt::format("'{}' is not a valid label name", key)});
    if (key == kAlertNameLabel || key == kComponentLabel || key == kSeverityLabel)
      return error("labels", {"", 0, fmt::format("'{}' is set by the engine", key)});
  }
  rule.labels = spec.labels;
  const std::map<std::string, std::string> known = rule.instance_labels("");
  for (const auto& [field, text, out] :
       {std::tuple{"summary", &spec.summary, &rule.summary},
        std::tuple{"description", &spec.description, &rule.description}}) {
    auto parsed = AlertTemplate::parse(*text);
    if (!parsed) return error(field, parsed.error());
    for (const std::string& label : parsed.value().label_names())
      if (!known.contains(label))
        return error(field,
                     {"", 0, fmt::format("uses $labels.{}, which the rule does not have", label)});
    *out = std::move(parsed.value());
  }
  return rule;
}

}  // namespace firedrill
