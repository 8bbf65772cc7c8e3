// ScriptError: what a scenario script did wrong, as a value (never an exception): the file and
// line to blame, the message without its position prefix, and the Lua traceback when there is
// one. ScriptResult<T> carries either a value or a ScriptError. Plain data; no Lua include, so
// the engine and the CLI can report script problems without seeing the Lua API.
#pragma once

#include <cassert>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace firedrill::script {

enum class ScriptErrorKind {
  syntax,   // the chunk did not compile (or was not Lua source text)
  runtime,  // error() or a runtime error while running
  memory,   // the sandbox's memory cap was reached
  budget,   // the per-call instruction budget ran out
  io,       // the scenario file could not be read
  host,     // misuse from the host side (re-entrant call, not a function...)
};
const char* to_string(ScriptErrorKind kind);

struct ScriptError {
  std::string file;       // chunk name without its '@' ("scenarios/x.lua"); may be empty
  int line = 0;           // 1-based; 0 when unknown (memory errors, I/O, host misuse)
  std::string message;    // without the "FILE:LINE: " prefix
  std::string traceback;  // "stack traceback:\n\t..." or empty
  ScriptErrorKind kind = ScriptErrorKind::runtime;

  // "FILE:LINE: message"; "FILE: message" when the line is unknown; "message" without a file.
  std::string formatted() const;
};

// Splits a Lua error string as produced by the sandbox's message handler
// ("FILE:LINE: message\nstack traceback:\n\t...") into a ScriptError of the given kind. When the
// message has no position, file and line stay empty/0 for the caller to fill in. A position
// truncated by Lua ("...long/path.lua") is restored from `known_files` when one ends the same way.
ScriptError parse_lua_error(std::string_view raw, ScriptErrorKind kind,
                            std::span<const std::string> known_files = {});

// The display name of a Lua chunk name: "@file" and "=name" lose their first character.
std::string_view chunk_display_name(std::string_view chunk_name);

// Either a T or the ScriptError explaining why there is none (std::expected is C++23).
template <class T>
class ScriptResult {
 public:
  ScriptResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  ScriptResult(ScriptError error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok()
  const T& value() const {
    assert(ok() && "ScriptResult::value() on an error");
    return std::get<0>(v_);
  }
  // REQUIRES: !ok()
  const ScriptError& error() const {
    assert(!ok() && "ScriptResult::error() on a value");
    return std::get<1>(v_);
  }

 private:
  std::variant<T, ScriptError> v_;
};

}  // namespace firedrill::script
