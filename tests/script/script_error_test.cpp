#include "sim/script/script_error.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using firedrill::script::parse_lua_error;
using firedrill::script::ScriptError;
using firedrill::script::ScriptErrorKind;

TEST_CASE("script error: formats as FILE:LINE: message, dropping what is unknown", "[script]") {
  CHECK(ScriptError{"a.lua", 3, "boom", {}, ScriptErrorKind::runtime}.formatted() ==
        "a.lua:3: boom");
  CHECK(ScriptError{"a.lua", 0, "too big", {}, ScriptErrorKind::memory}.formatted() ==
        "a.lua: too big");
  CHECK(ScriptError{"", 0, "no file", {}, ScriptErrorKind::host}.formatted() == "no file");
}

TEST_CASE("script error: a Lua message splits into file, line, message and traceback", "[script]") {
  const ScriptError error = parse_lua_error(
      "scenarios/x.lua:12: attempt to index a nil value\nstack traceback:\n\t[C]: in ?",
      ScriptErrorKind::runtime);
  CHECK(error.file == "scenarios/x.lua");
  CHECK(error.line == 12);
  CHECK(error.message == "attempt to index a nil value");
  CHECK(error.traceback == "stack traceback:\n\t[C]: in ?");
}

TEST_CASE("script error: a message without a position keeps its text whole", "[script]") {
  const ScriptError error = parse_lua_error("not enough memory", ScriptErrorKind::memory);
  CHECK(error.file.empty());
  CHECK(error.line == 0);
  CHECK(error.message == "not enough memory");
}

TEST_CASE("script error: a chunk name Lua shortened is restored from the files loaded",
          "[script]") {
  const std::vector<std::string> known{"scenarios/a/very/deep/folder/with/a/long/name/outage.lua"};
  const ScriptError error = parse_lua_error("...deep/folder/with/a/long/name/outage.lua:7: boom",
                                            ScriptErrorKind::runtime, known);
  CHECK(error.file == known.front());
  CHECK(error.line == 7);
}

TEST_CASE("script error: string chunk names may contain colons", "[script]") {
  const ScriptError error =
      parse_lua_error("[string \"a:1: b\"]:1: oops", ScriptErrorKind::runtime);
  CHECK(error.file == "[string \"a:1: b\"]");
  CHECK(error.line == 1);
  CHECK(error.message == "oops");
}
