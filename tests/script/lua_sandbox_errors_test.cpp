// Loading scenarios, and how every script problem comes back as FILE:LINE: message.
#include <catch2/catch.hpp>

#include <string>

#include "sandbox_test_util.h"
#include "sim/script/lua_sandbox.h"

using firedrill::script::LuaSandbox;
using firedrill::script::ScriptErrorKind;
using firedrill::script::testing::CapturedSandbox;

namespace {
const std::string kData = std::string(FIREDRILL_SOURCE_DIR) + "/tests/script/data/";
}

TEST_CASE("lua sandbox: a syntax error comes back as FILE:LINE: message", "[script]") {
  LuaSandbox sandbox;
  const auto error = sandbox.run_file(kData + "syntax_error.lua");
  REQUIRE(error.has_value());
  CHECK(error->kind == ScriptErrorKind::syntax);
  CHECK(error->file == kData + "syntax_error.lua");
  CHECK(error->line == 4);
  CHECK(error->message == "'then' expected near 'them'");
  CHECK(error->formatted() == kData + "syntax_error.lua:4: 'then' expected near 'them'");
}

TEST_CASE("lua sandbox: a syntax error in a string chunk names the chunk", "[script]") {
  LuaSandbox sandbox;
  const auto error = sandbox.run_string("x = = 1", "scenarios/inline.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() == "scenarios/inline.lua:1: unexpected symbol near '='");
}

TEST_CASE("lua sandbox: a runtime error has FILE:LINE and a traceback", "[script]") {
  LuaSandbox sandbox;
  const std::string file = kData + "runtime_error.lua";
  const auto error = sandbox.run_file(file);
  REQUIRE(error.has_value());
  CHECK(error->kind == ScriptErrorKind::runtime);
  CHECK(error->file == file);  // full path, although Lua shortens long chunk names
  CHECK(error->line == 3);
  CHECK(error->message == "attempt to index a nil value (field '?')");
  CHECK(error->traceback.find("stack traceback:") == 0);
  CHECK(error->traceback.find("runtime_error.lua:3: in upvalue 'lookup'") != std::string::npos);
  CHECK(error->traceback.find("runtime_error.lua:8: in local 'start'") != std::string::npos);
  CHECK(error->traceback.find("runtime_error.lua:12: in main chunk") != std::string::npos);
}

TEST_CASE("lua sandbox: error() with a message is reported where it was raised", "[script]") {
  LuaSandbox sandbox;
  const auto error = sandbox.run_string("\n\nerror('fault not found')", "e.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() == "e.lua:3: fault not found");
  const auto blamed = sandbox.run_string(
      "local function check(x)\n if not x then error('x is required', 2) end\nend\ncheck(nil)",
      "e.lua");
  REQUIRE(blamed.has_value());
  CHECK(blamed->formatted() == "e.lua:4: x is required");
}

TEST_CASE("lua sandbox: an error without a position is placed at the raising line", "[script]") {
  LuaSandbox sandbox;
  const auto table_error = sandbox.run_string("\nerror({code = 1})", "t.lua");
  REQUIRE(table_error.has_value());
  CHECK(table_error->formatted() == "t.lua:2: (error object is a table value)");
  const auto level0 = sandbox.run_string("\n\nerror('bare', 0)", "t.lua");
  REQUIRE(level0.has_value());
  CHECK(level0->formatted() == "t.lua:3: bare");
  const auto described = sandbox.run_string(
      "error(setmetatable({}, {__tostring = function() return 'described' end}))", "t.lua");
  REQUIRE(described.has_value());
  CHECK(described->formatted() == "t.lua:1: described");
}

TEST_CASE("lua sandbox: binary chunks are refused, even ones starting with \\x1b", "[script]") {
  LuaSandbox sandbox;
  const auto from_file = sandbox.run_file(kData + "binary_chunk.luac");
  REQUIRE(from_file.has_value());
  CHECK(from_file->kind == ScriptErrorKind::syntax);
  CHECK(from_file->formatted() ==
        kData +
            "binary_chunk.luac: binary (precompiled) chunks are refused: a scenario must be "
            "Lua source");
  const auto from_string = sandbox.run_string(std::string("\x1b", 1) + "print('x')", "b.lua");
  REQUIRE(from_string.has_value());
  CHECK(from_string->kind == ScriptErrorKind::syntax);
}

TEST_CASE("lua sandbox: a missing scenario file is an I/O error naming the file", "[script]") {
  LuaSandbox sandbox;
  const auto missing = sandbox.run_file(kData + "no_such_file.lua");
  REQUIRE(missing.has_value());
  CHECK(missing->kind == ScriptErrorKind::io);
  CHECK(missing->formatted() ==
        kData + "no_such_file.lua: cannot open the scenario: No such file or directory");
  const auto directory = sandbox.run_file(kData);
  REQUIRE(directory.has_value());
  CHECK(directory->kind == ScriptErrorKind::io);
}

TEST_CASE("lua sandbox: a loaded chunk runs only when called and can be run again", "[script]") {
  CapturedSandbox sandbox;
  const auto chunk = sandbox->load_string("count = (count or 0) + 1 print(count)", "c.lua");
  REQUIRE(chunk.ok());
  CHECK(sandbox.lines->empty());
  REQUIRE_FALSE(sandbox->call(chunk.value()).has_value());
  REQUIRE_FALSE(sandbox->call(chunk.value()).has_value());
  CHECK(*sandbox.lines == std::vector<std::string>{"1", "2"});
}

TEST_CASE("lua sandbox: calling a global that is not a function is a host error", "[script]") {
  LuaSandbox sandbox;
  const auto error = sandbox.call_global("on_start");
  REQUIRE(error.has_value());
  CHECK(error->kind == ScriptErrorKind::host);
  CHECK(error->formatted() == "global 'on_start' is not a function (a nil value)");
}
