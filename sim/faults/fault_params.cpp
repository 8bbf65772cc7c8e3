#include "sim/faults/fault_params.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace firedrill {

std::string_view fault_param_type_name(FaultParamType t) {
  switch (t) {
    case FaultParamType::kNumber:
      return "number";
    case FaultParamType::kCount:
      return "whole number";
    case FaultParamType::kDuration:
      return "duration";
    case FaultParamType::kChoice:
      return "choice";
    case FaultParamType::kText:
      return "text";
    case FaultParamType::kFlag:
      return "boolean";
  }
  return "value";
}

namespace {

std::string number_text(double v) {
  return fmt::format("{}", v);
}

// How a given value reads in an error message: the string "abc", the number 3, true.
std::string describe_given(const FaultValue& v) {
  if (std::holds_alternative<bool>(v)) return std::get<bool>(v) ? "true" : "false";
  if (std::holds_alternative<double>(v)) return "the number " + number_text(std::get<double>(v));
  return "the string \"" + std::get<std::string>(v) + "\"";
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string FaultParamSpec::expectation() const {
  switch (type) {
    case FaultParamType::kNumber:
      return fmt::format("a number from {} to {}", number_text(min), number_text(max));
    case FaultParamType::kCount:
      return fmt::format("a whole number from {} to {}", number_text(min), number_text(max));
    case FaultParamType::kDuration:
      return fmt::format("a duration from {} to {}, like 500ms, 30s, 5m, 1h or seconds",
                         format_fault_duration(SimTime::from_seconds(min)),
                         format_fault_duration(SimTime::from_seconds(max)));
    case FaultParamType::kChoice:
      return "one of " + join_names(choices);
    case FaultParamType::kText:
      return "a non-empty string";
    case FaultParamType::kFlag:
      return "true or false";
  }
  return "a value";
}

FaultParams FaultParamValues::normalized() const {
  FaultParams out;
  for (const auto& [name, slot] : slots_) out.emplace(name, slot.shown);
  return out;
}

void FaultParamValues::set(const FaultParamSpec& spec, const FaultValue& value, bool given) {
  Slot s;
  s.shown = value;
  if (spec.type == FaultParamType::kDuration) {
    s.duration = std::holds_alternative<double>(value)
                     ? SimTime::from_seconds(std::get<double>(value))
                     : parse_fault_duration(std::get<std::string>(value)).value();
    s.number = s.duration.to_seconds();
    s.shown = format_fault_duration(s.duration);
  } else if (std::holds_alternative<double>(value)) {
    s.number = std::get<double>(value);
  }
  slots_[spec.name] = std::move(s);
  if (given) given_.insert(spec.name);
}

FaultResult<FaultParamValues> validate_fault_params(std::string_view kind,
                                                    const std::vector<FaultParamSpec>& specs,
                                                    const FaultParams& given) {
  std::vector<std::string> names;
  for (const FaultParamSpec& s : specs) names.push_back(s.name);
  for (const auto& [name, value] : given) {
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string message = fmt::format("unknown parameter for {}", kind);
    if (const std::string near = closest_name(name, names); !near.empty())
      message += fmt::format(" (did you mean '{}'?)", near);
    return FaultError{"params." + name, message + "; valid: " + join_names(names)};
  }
  FaultParamValues out;
  for (const FaultParamSpec& spec : specs) {
    const auto it = given.find(spec.name);
    if (it == given.end()) {
      if (spec.required)
        return FaultError{"params." + spec.name, fmt::format("{} needs this parameter: {} ({})",
                                                             kind, spec.expectation(), spec.help)};
      out.set(spec, spec.default_value, false);
      continue;
    }
    const FaultValue& v = it->second;
    auto bad = [&](std::string why) {
      return FaultError{"params." + spec.name,
                        fmt::format("must be {}, got {}{}", spec.expectation(), describe_given(v),
                                    why.empty() ? "" : " (" + why + ")")};
    };
    switch (spec.type) {
      case FaultParamType::kNumber:
      case FaultParamType::kCount: {
        if (!std::holds_alternative<double>(v)) return bad("");
        const double x = std::get<double>(v);
        if (!std::isfinite(x) || x < spec.min || x > spec.max) return bad("out of range");
        if (spec.type == FaultParamType::kCount && x != std::floor(x))
          return bad("not a whole number");
        break;
      }
      case FaultParamType::kDuration: {
        double seconds = 0;
        if (std::holds_alternative<double>(v)) {
          seconds = std::get<double>(v);
          if (!std::isfinite(seconds)) return bad("");
        } else if (std::holds_alternative<std::string>(v)) {
          const auto d = parse_fault_duration(std::get<std::string>(v));
          if (!d) return bad(d.error().message);
          seconds = d.value().to_seconds();
        } else {
          return bad("");
        }
        if (seconds < spec.min || seconds > spec.max) return bad("out of range");
        break;
      }
      case FaultParamType::kChoice:
        if (!std::holds_alternative<std::string>(v)) return bad("");
        if (std::find(spec.choices.begin(), spec.choices.end(), std::get<std::string>(v)) ==
            spec.choices.end()) {
          const std::string near = closest_name(std::get<std::string>(v), spec.choices);
          return bad(near.empty() ? "" : "did you mean '" + near + "'?");
        }
        break;
      case FaultParamType::kText:
        if (!std::holds_alternative<std::string>(v) || std::get<std::string>(v).empty())
          return bad("");
        break;
      case FaultParamType::kFlag:
        if (!std::holds_alternative<bool>(v)) return bad("");
        break;
    }
    out.set(spec, v, true);
  }
  return out;
}

FaultResult<SimTime> parse_fault_duration(std::string_view text) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"us", 1.0}, {"ms", 1e3}, {"s", 1e6}, {"m", 60e6}, {"h", 3600e6}};
  const FaultError bad{"", "expected a duration like 500ms, 30s, 1.5m, 1m30s or 1h"};
  if (text.empty()) return bad;
  double us = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.')) ++end;
    double n = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + end, n);
    if (end == i || ec != std::errc() || ptr != text.data() + end) return bad;
    size_t unit_end = end;
    while (unit_end < text.size() && text[unit_end] >= 'a' && text[unit_end] <= 'z') ++unit_end;
    const std::string_view unit = text.substr(end, unit_end - end);
    const auto* u = std::find_if(std::begin(kUnits), std::end(kUnits),
                                 [&](const auto& k) { return k.first == unit; });
    if (u == std::end(kUnits)) return bad;
    us += n * u->second;
    i = unit_end;
  }
  if (!(us < 1e15)) return FaultError{"", "duration is too large"};
  return SimTime::from_micros(us);
}

std::string format_fault_duration(SimTime d) {
  int64_t us = d.us();
  if (us == 0) return "0s";
  std::string out;
  if (us < 0) {
    out = "-";
    us = -us;
  }
  const int64_t h = us / 3'600'000'000, m = us / 60'000'000 % 60, s = us / 1'000'000 % 60;
  const int64_t rest_us = us % 1'000'000;
  if (h) out += fmt::format("{}h", h);
  if (m) out += fmt::format("{}m", m);
  if (s) out += fmt::format("{}s", s);
  if (rest_us % 1000 == 0 && rest_us) {
    out += fmt::format("{}ms", rest_us / 1000);
  } else if (rest_us) {
    out += fmt::format("{}ms", number_text(static_cast<double>(rest_us) / 1000.0));
  }
  return out;
}

std::string format_fault_value(const FaultValue& v) {
  if (std::holds_alternative<bool>(v)) return std::get<bool>(v) ? "true" : "false";
  if (std::holds_alternative<double>(v)) return number_text(std::get<double>(v));
  return "\"" + std::get<std::string>(v) + "\"";
}

std::string closest_name(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string join_names(const std::vector<std::string>& names, std::string_view sep) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += sep;
    out += n;
  }
  return out;
}

}  // namespace firedrill
