#include "sim/faults/fault_targets.h"

#include <fmt/format.h>

#include <algorithm>

namespace firedrill {

namespace {

struct RoleName {
  FaultRole role;
  const char* text;     // for "applies to ..."
  const char* example;  // a name of that role without a stack
};
constexpr RoleName kRoleNames[] = {
    {kRoleWeb, "web servers (web-N)", "web-1"},
    {kRoleDb, "the database primary (db)", "db"},
    {kRoleReplica, "the read replica (db-replica)", "db-replica"},
    {kRoleLb, "the load balancer (lb)", "lb"},
    {kRoleCache, "the cache (cache)", "cache"},
    {kRoleUsers, "the users (users)", "users"},
};

std::string describe_role(FaultRole role) {
  for (const RoleName& r : kRoleNames)
    if (r.role == role) return r.text;
  return "a component";
}

}  // namespace

std::string fault_roles_text(FaultRoleMask roles) {
  std::vector<std::string> parts;
  for (const RoleName& r : kRoleNames)
    if (roles & r.role) parts.emplace_back(r.text);
  return join_names(parts);
}

std::vector<FaultComponent> stack_components(WebStack& stack) {
  std::vector<FaultComponent> out;
  for (size_t i = 0; i < stack.web_count(); ++i) {
    WebServer& w = stack.web(i);
    out.push_back({w.name(), kRoleWeb, &w.host(), &w});
  }
  out.push_back({stack.db().name(), kRoleDb, &stack.db().host(), nullptr, &stack.db()});
  if (Database* r = stack.replica())
    out.push_back({r->name(), kRoleReplica, &r->host(), nullptr, r});
  LoadBalancer& lb = stack.lb();
  out.push_back({lb.host().name(), kRoleLb, &lb.host(), nullptr, nullptr, &lb});
  if (Cache* c = stack.cache())
    out.push_back({"cache", kRoleCache, stack.host("cache"), nullptr, nullptr, nullptr, c});
  FaultComponent users{"users", kRoleUsers};
  users.client = &stack.client();
  out.push_back(std::move(users));
  return out;
}

FaultResult<std::vector<FaultComponent>> resolve_fault_targets(
    WebStack& stack, std::string_view kind, const std::vector<std::string>& patterns,
    FaultRoleMask roles, size_t first_index) {
  const std::vector<FaultComponent> all = stack_components(stack);
  std::vector<std::string> valid;
  for (const FaultComponent& c : all)
    if (roles & c.role) valid.push_back(c.name);
  if (patterns.empty())
    return FaultError{"targets", fmt::format("{} needs at least one target among {} ({})", kind,
                                             fault_roles_text(roles), join_names(valid))};
  std::vector<bool> taken(all.size(), false);
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string& pattern = patterns[i];
    bool matched = false;
    const FaultComponent* wrong_role = nullptr;
    for (size_t k = 0; k < all.size(); ++k) {
      if (!glob_match(pattern, all[k].name)) continue;
      if (!(roles & all[k].role)) {
        if (!wrong_role) wrong_role = &all[k];
        continue;
      }
      matched = true;
      taken[k] = true;
    }
    if (matched) continue;
    const std::string field = fmt::format("targets[{}]", first_index + i);
    const std::string valid_text =
        valid.empty() ? fmt::format("this stack has none of {}", fault_roles_text(roles))
                      : "valid: " + join_names(valid);
    if (wrong_role)
      return FaultError{field, fmt::format("'{}' is {}, which {} does not apply to; {}", pattern,
                                           describe_role(wrong_role->role), kind, valid_text)};
    return FaultError{field, fmt::format("'{}' matches no component {} applies to; {}", pattern,
                                         kind, valid_text)};
  }
  std::vector<FaultComponent> out;
  for (size_t k = 0; k < all.size(); ++k)
    if (taken[k]) out.push_back(all[k]);
  return out;
}

std::optional<FaultError> check_fault_target_patterns(std::string_view kind,
                                                      const std::vector<std::string>& patterns,
                                                      FaultRoleMask roles, size_t first_index) {
  std::vector<std::string> examples;
  for (const RoleName& r : kRoleNames)
    if (roles & r.role) examples.push_back(r.role == kRoleWeb ? "web-N" : r.example);
  if (patterns.empty())
    return FaultError{"targets", fmt::format("{} needs at least one target among {}", kind,
                                             fault_roles_text(roles))};
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string& pattern = patterns[i];
    const std::string field = fmt::format("targets[{}]", first_index + i);
    if (pattern.empty()) return FaultError{field, "a target must not be empty"};
    bool plausible = false;
    for (const RoleName& r : kRoleNames) {
      if (!(roles & r.role)) continue;
      if (glob_match(pattern, r.example)) plausible = true;
      // web-12, web-1?, web-*: any web server number.
      if (r.role == kRoleWeb && pattern.size() > 4 && pattern.compare(0, 4, "web-") == 0 &&
          pattern.find_first_not_of("0123456789*?", 4) == std::string::npos)
        plausible = true;
    }
    if (!plausible)
      return FaultError{field, fmt::format("'{}' cannot name any component {} applies to; valid: "
                                           "{} (globs such as web-* work)",
                                           pattern, kind, join_names(examples))};
  }
  return std::nullopt;
}

}  // namespace firedrill
