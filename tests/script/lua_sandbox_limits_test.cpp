// The instruction budget and the memory cap: a runaway script is stopped, reported with its
// file and line, and the sandbox goes on working.
#include <catch2/catch.hpp>

#include <string>

#include "sandbox_test_util.h"
#include "sim/script/lua_sandbox.h"

using firedrill::script::LuaSandbox;
using firedrill::script::ScriptErrorKind;
using firedrill::script::testing::CapturedSandbox;

namespace {

LuaSandbox::Options small_budget() {
  LuaSandbox::Options options;
  options.instruction_budget = 100'000;
  return options;
}

void check_budget_error(LuaSandbox& sandbox, const std::string& code, int line) {
  const auto error = sandbox.run_string(code, "loop.lua");
  REQUIRE(error.has_value());
  CHECK(error->kind == ScriptErrorKind::budget);
  CHECK(error->file == "loop.lua");
  CHECK(error->line == line);
  CHECK(error->message == "instruction budget of 100000 exceeded");
  CHECK(sandbox.budget_exceeded());
}

}  // namespace

TEST_CASE("lua sandbox: an endless loop is stopped by the instruction budget", "[script]") {
  CapturedSandbox sandbox(small_budget());
  const auto error = sandbox->run_string("local n = 0\nwhile true do n = n + 1 end", "loop.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() == "loop.lua:2: instruction budget of 100000 exceeded");
  CHECK(error->traceback.find("stack traceback:") == 0);
  CHECK(sandbox->instructions_used() > 100'000);
}

TEST_CASE("lua sandbox: an endless loop is stopped by the instruction budget even inside pcall",
          "[script]") {
  CapturedSandbox sandbox(small_budget());
  // The script's pcall catches the budget error each time and finishes "normally".
  check_budget_error(*sandbox, "for i = 1, 5 do\n pcall(function() while true do end end)\nend", 2);
  // An outer endless loop around pcall cannot outlive the budget either.
  check_budget_error(*sandbox, "while true do\n pcall(function() while true do end end)\nend", 2);
}

TEST_CASE("lua sandbox: the budget cannot be caught by xpcall, even with a looping handler",
          "[script]") {
  CapturedSandbox sandbox(small_budget());
  check_budget_error(*sandbox,
                     "xpcall(function()\n while true do end\nend, function(e)\n while true do end "
                     "\nend)",
                     2);
}

TEST_CASE("lua sandbox: the budget stops endless loops inside coroutines", "[script]") {
  CapturedSandbox sandbox(small_budget());
  check_budget_error(
      *sandbox, "local co = coroutine.wrap(function()\n while true do end\nend)\npcall(co)", 2);
  check_budget_error(*sandbox,
                     "local co = coroutine.create(function()\n while true do end\nend)\n"
                     "while true do coroutine.resume(co) end",
                     2);
}

TEST_CASE("lua sandbox: endless recursion is stopped", "[script]") {
  CapturedSandbox sandbox(small_budget());
  check_budget_error(*sandbox, "local function f()\n return f()\nend\nf()", 2);
  const auto overflow =
      sandbox->run_string("local function f(n)\n return 1 + f(n)\nend\nf(1)", "deep.lua");
  REQUIRE(overflow.has_value());
  CHECK(overflow->file == "deep.lua");
  CHECK_FALSE(overflow->message.empty());
}

TEST_CASE("lua sandbox: the state is still usable after a budget error", "[script]") {
  CapturedSandbox sandbox(small_budget());
  sandbox.run("counter = 1");
  REQUIRE(sandbox->run_string("while true do end", "loop.lua").has_value());
  CHECK(sandbox.print_of("counter = counter + 1 print(counter)") == "2");
  CHECK_FALSE(sandbox->budget_exceeded());
  // A coroutine that was running when the budget tripped does not poison later calls.
  REQUIRE(sandbox
              ->run_string("co = coroutine.create(function() while true do end end) "
                           "coroutine.resume(co)",
                           "loop.lua")
              .has_value());
  CHECK(sandbox.print_of("local n = 0 for i = 1, 1000 do n = n + i end print(n)") == "500500");
}

TEST_CASE("lua sandbox: the budget is per call and counts deterministically", "[script]") {
  CapturedSandbox sandbox(small_budget());
  // Each call gets a fresh budget: 20 calls of ~60k instructions each all succeed.
  sandbox.run("function work() local n = 0 for i = 1, 15000 do n = n + i end return n end");
  for (int i = 0; i < 20; ++i) REQUIRE_FALSE(sandbox->call_global("work").has_value());
  const auto used = sandbox->instructions_used();
  REQUIRE_FALSE(sandbox->call_global("work").has_value());
  CHECK(sandbox->instructions_used() == used);
}

TEST_CASE("lua sandbox: a memory bomb from string.rep of 1 GiB is stopped with the cap message",
          "[script]") {
  CapturedSandbox sandbox;  // default cap: 64 MiB
  const auto error = sandbox->run_string("local s = string.rep('x', 1 << 30)", "bomb.lua");
  REQUIRE(error.has_value());
  CHECK(error->kind == ScriptErrorKind::memory);
  CHECK(error->formatted() == "bomb.lua: scenario exceeded its memory cap of 64 MiB");
  CHECK(sandbox.print_of("print(#string.rep('x', 1000))") == "1000");
}

TEST_CASE("lua sandbox: a growing table is stopped by the memory cap and then collected",
          "[script]") {
  LuaSandbox::Options options;
  options.memory_cap = size_t{8} << 20;
  options.instruction_budget = 1'000'000'000;
  CapturedSandbox sandbox(std::move(options));
  const auto error = sandbox->run_string(
      "local t = {}\nfor i = 1, math.huge do t[i] = string.rep('x', 100) .. i end", "grow.lua");
  REQUIRE(error.has_value());
  CHECK(error->kind == ScriptErrorKind::memory);
  CHECK(error->formatted() == "grow.lua: scenario exceeded its memory cap of 8 MiB");
  CHECK(sandbox->memory_in_use() < (size_t{1} << 20));  // the table was garbage and is gone
  CHECK(sandbox.print_of("local t = {} for i = 1, 1000 do t[i] = i end print(#t)") == "1000");
}

TEST_CASE("lua sandbox: an out-of-memory error re-raised by the script is still named as such",
          "[script]") {
  LuaSandbox::Options options;
  options.memory_cap = size_t{4} << 20;
  CapturedSandbox sandbox(std::move(options));
  const auto error = sandbox->run_string(
      "local ok, e = pcall(string.rep, 'x', 1 << 30)\nif not ok then error(e) end", "again.lua");
  REQUIRE(error.has_value());
  CHECK(error->kind == ScriptErrorKind::memory);
  CHECK(error->formatted() == "again.lua:2: scenario exceeded its memory cap of 4 MiB");
}

TEST_CASE("lua sandbox: a <close> handler in a coroutine the budget stopped cannot hang the host",
          "[script]") {
  // The budget error leaves hooks off in the dead coroutine; closing it would run the looping
  // __close handler with no budget at all. The sandbox never closes such a coroutine.
  CapturedSandbox sandbox(small_budget());
  const std::string closer =
      "local x <close> = setmetatable({}, {__close = function() while true do end end})\n";
  check_budget_error(
      *sandbox,
      "local co = coroutine.wrap(function()\n while true do end\n" + closer + "end)\nco()", 2);
  check_budget_error(*sandbox,
                     "co = coroutine.create(function()\n while true do end\n" + closer +
                         "end)\ncoroutine.resume(co)\ncoroutine.close(co)",
                     2);
  // In a later call, with a fresh budget, the dead coroutine still cannot be closed.
  CHECK(sandbox.print_of("print(coroutine.close(co))") ==
        "false\tthe instruction budget stopped this coroutine; it cannot be closed");
}
