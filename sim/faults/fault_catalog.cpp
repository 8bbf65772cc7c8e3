#include "sim/faults/fault_catalog.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/faults/fault_kinds.h"

namespace firedrill {

const std::vector<FaultKindInfo>& fault_kinds() {
  static const std::vector<FaultKindInfo> kinds = [] {
    std::vector<FaultKindInfo> out;
    add_request_fault_kinds(out);
    add_process_fault_kinds(out);
    add_resource_fault_kinds(out);
    add_leak_fault_kinds(out);
    add_database_fault_kinds(out);
    add_network_fault_kinds(out);
    add_release_fault_kinds(out);
    add_client_fault_kinds(out);
    add_split_brain_fault_kind(out);
    return out;
  }();
  return kinds;
}

const FaultKindInfo* find_fault_kind(std::string_view kind) {
  for (const FaultKindInfo& k : fault_kinds())
    if (k.kind == kind) return &k;
  return nullptr;
}

const std::vector<FaultParamSpec>& common_fault_params() {
  static const std::vector<FaultParamSpec> params = {
      number_param("intensity", "share 0-1", 1, 0, 1,
                   "how hard the fault hits: scales its parameters linearly (0: no effect)"),
      duration_param("ramp", 0, 0, 24 * 3600,
                     "start at intensity 0 and rise linearly to `intensity` over this time"),
      duration_param("duration", 0, 0, 7 * 24 * 3600,
                     "clear the fault by itself after this time (0: until cleared)"),
  };
  return params;
}

namespace {

std::vector<std::string> kind_names() {
  std::vector<std::string> names;
  for (const FaultKindInfo& k : fault_kinds()) names.push_back(k.kind);
  return names;
}

std::vector<FaultParamSpec> all_params(const FaultKindInfo& info) {
  std::vector<FaultParamSpec> specs = info.params;
  const auto& common = common_fault_params();
  specs.insert(specs.end(), common.begin(), common.end());
  return specs;
}

// `stack`: resolve the targets against it (better messages than the name-shape check).
FaultResult<std::unique_ptr<Fault>> make(WebStack* stack, std::string_view kind,
                                         std::vector<std::string> targets,
                                         const FaultParams& params) {
  const FaultKindInfo* info = find_fault_kind(kind);
  if (!info) {
    std::string message = fmt::format("unknown fault kind '{}'", kind);
    if (const std::string near = closest_name(kind, kind_names()); !near.empty())
      message += fmt::format(" (did you mean '{}'?)", near);
    return FaultError{"kind", message + "; valid kinds: " + join_names(kind_names())};
  }
  auto values = validate_fault_params(kind, all_params(*info), params);
  if (!values) return values.error();
  if (targets.empty()) targets = info->default_targets;
  if (!stack)
    if (auto error = check_fault_target_patterns(kind, targets, info->roles)) return *error;
  if (info->validate)
    if (auto error = info->validate(values.value(), targets)) return *error;
  auto fault = info->make(
      FaultSetup{info->kind, std::move(targets), std::move(values.value()), info->roles});
  if (stack)
    if (auto error = fault->check_against(*stack)) return *error;
  return fault;
}

}  // namespace

FaultResult<std::unique_ptr<Fault>> make_fault(std::string_view kind,
                                               std::vector<std::string> targets,
                                               const FaultParams& params) {
  return make(nullptr, kind, std::move(targets), params);
}

FaultResult<std::unique_ptr<Fault>> make_fault(WebStack& stack, std::string_view kind,
                                               std::vector<std::string> targets,
                                               const FaultParams& params) {
  return make(&stack, kind, std::move(targets), params);
}

namespace {

std::string default_text(const FaultParamSpec& p) {
  if (p.required) return "required";
  if (p.type == FaultParamType::kDuration) {
    const double s =
        std::holds_alternative<double>(p.default_value) ? std::get<double>(p.default_value) : 0.0;
    return format_fault_duration(SimTime::from_seconds(s));
  }
  if (p.type == FaultParamType::kText && std::get<std::string>(p.default_value).empty())
    return "none";
  return format_fault_value(p.default_value);
}

// `line` followed by `text`, wrapped at 100 columns; continuation lines indented by `indent`.
void wrapped(std::string& out, std::string line, const std::string& text, size_t indent) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const bool fresh = line.find_first_not_of(' ') == std::string::npos;
    if (!fresh && line.size() + 1 + (end - pos) > 100) {
      out += line + "\n";
      line = std::string(indent, ' ');
    } else if (!fresh) {
      line += ' ';
    }
    line += text.substr(pos, end - pos);
    pos = end + 1;
  }
  out += line + "\n";
}

void describe_params(std::string& out, const std::vector<FaultParamSpec>& params) {
  for (const FaultParamSpec& p : params) {
    const std::string head =
        fmt::format("    {:<14} {:<12} default {:<10}", p.name, p.unit, default_text(p));
    wrapped(out, head, p.help + " (" + p.expectation() + ")", head.size() + 1);
  }
}

void describe_kind(std::string& out, const FaultKindInfo& k) {
  wrapped(out, k.kind + " —", k.summary, 2);
  std::string targets = fault_roles_text(k.roles);
  if (!k.default_targets.empty()) targets += " (default: " + join_names(k.default_targets) + ")";
  if (!k.targets_note.empty()) targets += "; " + k.targets_note;
  wrapped(out, "  targets:", targets, 4);
  if (!k.params.empty()) {
    out += "  parameters (and the common intensity, ramp, duration):\n";
    describe_params(out, k.params);
  } else {
    out += "  parameters: only the common intensity, ramp, duration\n";
  }
  wrapped(out, "  intensity:", k.intensity, 4);
  wrapped(out, "  symptoms:", k.symptoms, 4);
  wrapped(out, "  fixes:", k.fixes, 4);
}

}  // namespace

std::string describe() {
  std::string out =
      "Fault kinds. Targets are component names or globs (web-*, web-?, db*); parameters are\n"
      "numbers, strings, booleans; durations are written 500ms, 30s, 1.5m, 1m30s, 1h or given\n"
      "as a number of seconds.\n\nCommon parameters (every kind):\n";
  describe_params(out, common_fault_params());
  for (const FaultKindInfo& k : fault_kinds()) {
    out += "\n";
    describe_kind(out, k);
  }
  return out;
}

std::string describe(std::string_view kind) {
  const FaultKindInfo* k = find_fault_kind(kind);
  if (!k) return "";
  std::string out;
  describe_kind(out, *k);
  return out;
}

}  // namespace firedrill
