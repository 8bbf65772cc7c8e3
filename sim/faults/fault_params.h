// Fault parameters: the values a scenario or the HTTP API passes (numbers, strings, booleans;
// durations as "30s" / "1m30s" / "250ms" or a number of seconds), the spec of each parameter a
// fault kind accepts, and their validation into typed values. Every problem is a FaultError
// value naming the field ("kind", "targets[1]", "params.rate") and what would be valid; this
// is the contract the Lua scenario API and the HTTP inject endpoint pass on to their users.
#pragma once

#include <cassert>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/core/sim_time.h"

namespace firedrill {

// One parameter value as given: a boolean, a number or a string.
using FaultValue = std::variant<bool, double, std::string>;
using FaultParams = std::map<std::string, FaultValue, std::less<>>;

struct FaultError {
  std::string field;    // "kind", "targets", "targets[1]", "params.rate", "params"; may be empty
  std::string message;  // what is wrong and what would be valid, as a sentence for the user
  // "field: message" (just the message when there is no field).
  std::string formatted() const { return field.empty() ? message : field + ": " + message; }
};

// Either a T or the FaultError explaining why there is none (std::expected is C++23).
template <class T>
class FaultResult {
 public:
  FaultResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  FaultResult(FaultError error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok()
  T& value() {
    assert(ok() && "FaultResult::value() on an error");
    return std::get<0>(v_);
  }
  const T& value() const {
    assert(ok() && "FaultResult::value() on an error");
    return std::get<0>(v_);
  }
  // REQUIRES: !ok()
  const FaultError& error() const {
    assert(!ok() && "FaultResult::error() on a value");
    return std::get<1>(v_);
  }

 private:
  std::variant<T, FaultError> v_;
};

enum class FaultParamType : uint8_t {
  kNumber,    // any number in [min, max]
  kCount,     // a whole number in [min, max]
  kDuration,  // "30s" or seconds; [min, max] in seconds
  kChoice,    // one of `choices`
  kText,      // any non-empty string
  kFlag,      // true / false
};
std::string_view fault_param_type_name(FaultParamType t);

struct FaultParamSpec {
  std::string name;
  FaultParamType type = FaultParamType::kNumber;
  std::string unit;                  // "ms", "share 0-1", "MB/min", "x"... (for docs)
  FaultValue default_value = 0.0;    // used when not given (unless `required`)
  double min = 0, max = 0;           // kNumber, kCount, kDuration (seconds)
  std::vector<std::string> choices;  // kChoice
  std::string help;                  // what it does, one line
  bool required = false;

  // "a number from 0 to 1", "a duration from 0s to 1h"... (for messages and docs)
  std::string expectation() const;
};

// Validated parameters: every spec'd parameter has a value (given or default).
class FaultParamValues {
 public:
  // REQUIRES: `name` is a parameter of the kind, of the matching type.
  double number(std::string_view name) const { return slot(name).number; }
  uint32_t count(std::string_view name) const { return static_cast<uint32_t>(slot(name).number); }
  SimTime duration(std::string_view name) const { return slot(name).duration; }
  bool flag(std::string_view name) const { return std::get<bool>(slot(name).shown); }
  const std::string& text(std::string_view name) const {
    return std::get<std::string>(slot(name).shown);
  }
  // Whether the caller passed it (rather than the default applying).
  bool given(std::string_view name) const { return given_.count(name) > 0; }
  // Every parameter with its value, durations in canonical text ("90s" -> "1m30s").
  FaultParams normalized() const;

  void set(const FaultParamSpec& spec, const FaultValue& value, bool given);

 private:
  struct Slot {
    FaultValue shown;
    double number = 0;
    SimTime duration;
  };
  const Slot& slot(std::string_view name) const {
    const auto it = slots_.find(name);
    assert(it != slots_.end() && "parameter not in the kind's spec");
    return it->second;
  }
  std::map<std::string, Slot, std::less<>> slots_;
  std::set<std::string, std::less<>> given_;
};

// Checks `given` against `specs`: unknown names (with a suggestion), wrong types, values out of
// range, missing required ones. `kind` is used in the messages.
FaultResult<FaultParamValues> validate_fault_params(std::string_view kind,
                                                    const std::vector<FaultParamSpec>& specs,
                                                    const FaultParams& given);

// "500ms", "30s", "1.5m", "1m30s", "2h" -> SimTime; nullopt-like error text otherwise.
FaultResult<SimTime> parse_fault_duration(std::string_view text);
// Canonical text of a duration: "1h", "1m30s", "250ms", "1.5ms" for sub-millisecond parts.
std::string format_fault_duration(SimTime d);
// A value as a user would write it: true, 0.25, "web-*".
std::string format_fault_value(const FaultValue& v);

// The closest of `candidates` to `word` within a small edit distance, or "".
std::string closest_name(std::string_view word, const std::vector<std::string>& candidates);
// "a, b, c" of the names.
std::string join_names(const std::vector<std::string>& names, std::string_view sep = ", ");

}  // namespace firedrill
