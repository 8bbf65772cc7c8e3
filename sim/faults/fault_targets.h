// Fault targets: the stack's components as faults see them (a name, a role and the objects
// behind the name) and the resolution of a fault's target patterns (globs such as "web-*",
// matched by sim/core/glob_match.h) against a WebStack. A pattern that matches nothing a kind
// applies to is an error naming the pattern ("targets[1]") and listing the valid names. Pointers in
// a FaultComponent point into the stack and live as long as it does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/glob_match.h"  // the targets' glob_match(), for its users too
#include "sim/faults/fault_params.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

// What a component is; kinds accept a mask of these.
enum FaultRole : uint32_t {
  kRoleWeb = 1,      // web-1 ... web-N
  kRoleDb = 2,       // db, the primary
  kRoleReplica = 4,  // db-replica
  kRoleLb = 8,       // lb
  kRoleCache = 16,   // cache
  kRoleUsers = 32,   // users: the client population (DNS, retries, traffic)
};
using FaultRoleMask = uint32_t;
inline constexpr FaultRoleMask kRoleDatabases = kRoleDb | kRoleReplica;
inline constexpr FaultRoleMask kRoleProcesses = kRoleWeb | kRoleDb | kRoleReplica | kRoleLb;

// "web servers, the database primary or its replica" — for messages and docs.
std::string fault_roles_text(FaultRoleMask roles);

struct FaultComponent {
  std::string name;
  FaultRole role = kRoleWeb;
  Host* host = nullptr;  // null for the users
  WebServer* web = nullptr;
  Database* db = nullptr;
  LoadBalancer* lb = nullptr;
  Cache* cache = nullptr;
  Client* client = nullptr;
};

// Every component of the stack, in a stable order: web servers, db, db-replica, lb, cache,
// users.
std::vector<FaultComponent> stack_components(WebStack& stack);

// Every component of `roles` matched by one of `patterns`, each once, in stack order. Errors
// name "targets[i]" (i counted from `first_index`) for a pattern matching nothing valid.
FaultResult<std::vector<FaultComponent>> resolve_fault_targets(
    WebStack& stack, std::string_view kind, const std::vector<std::string>& patterns,
    FaultRoleMask roles, size_t first_index = 0);

// Without a stack: whether every pattern could name a component of `roles` (web-N, db,
// db-replica, lb, cache, users). Catches "lb" for a database fault before any stack exists.
std::optional<FaultError> check_fault_target_patterns(std::string_view kind,
                                                      const std::vector<std::string>& patterns,
                                                      FaultRoleMask roles, size_t first_index = 0);

}  // namespace firedrill
