// The fault catalog: every fault kind with its parameters (units, defaults, ranges), what it
// does, its symptoms and what fixes it; make_fault(), the one way scenarios and the HTTP API
// build faults; describe() for --help and the docs. Every problem — unknown kind or parameter,
// wrong type, value out of range, a target that names nothing — is a FaultError value naming
// the field and listing what would be valid. The catalog is constant data; thread-safe to read.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/faults/fault.h"
#include "sim/faults/fault_params.h"
#include "sim/faults/fault_targets.h"

namespace firedrill {

struct FaultKindInfo {
  std::string kind{};
  std::string summary{};                       // what it does, one line
  FaultRoleMask roles = 0;                     // what it applies to
  std::vector<std::string> default_targets{};  // when none are given (empty: targets required)
  std::string targets_note{};                  // extra words on targets (network: two sides)
  std::vector<FaultParamSpec> params{};        // the kind's own (common ones: common_params())
  std::string intensity{};                     // what intensity scales
  std::string symptoms{};                      // what the trainee sees
  std::string fixes{};                         // which trainee action ends it
  // Checks across parameters and targets once each value passed its own spec.
  std::function<std::optional<FaultError>(const FaultParamValues&,
                                          const std::vector<std::string>& targets)>
      validate{};
  std::function<std::unique_ptr<Fault>(FaultSetup)> make{};
};

// Every kind, in documentation order.
const std::vector<FaultKindInfo>& fault_kinds();
const FaultKindInfo* find_fault_kind(std::string_view kind);
// The parameters every kind takes: intensity, ramp, duration.
const std::vector<FaultParamSpec>& common_fault_params();

// A fault ready to inject. `targets` are names or globs ("web-*"); empty means the kind's
// default targets. Checks everything that can be checked without a stack.
FaultResult<std::unique_ptr<Fault>> make_fault(std::string_view kind,
                                               std::vector<std::string> targets,
                                               const FaultParams& params);
// The same, and also resolves the targets against `stack` and runs the kind's stack checks
// (nothing in the stack changes): an error here is one inject() would return.
FaultResult<std::unique_ptr<Fault>> make_fault(WebStack& stack, std::string_view kind,
                                               std::vector<std::string> targets,
                                               const FaultParams& params);

// Every kind with its targets, parameters (unit, default, range), symptoms and fixes, as
// plain text for --help.
std::string describe();
// One kind; "" for an unknown one.
std::string describe(std::string_view kind);

}  // namespace firedrill
