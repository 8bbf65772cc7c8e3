// What a scenario script sees of the standard library.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sandbox_test_util.h"
#include "sim/script/lua_sandbox.h"

using firedrill::RandomStream;
using firedrill::script::LuaSandbox;
using firedrill::script::testing::CapturedSandbox;

TEST_CASE("lua sandbox: every forbidden global is nil", "[script]") {
  CapturedSandbox sandbox;
  const auto forbidden =
      GENERATE(as<std::string>{}, "dofile", "loadfile", "io", "os", "require", "package", "debug",
               "warn", "loadstring", "module", "setfenv", "getfenv", "newproxy", "string.dump");
  CAPTURE(forbidden);
  CHECK(sandbox.print_of("print(type(" + forbidden + "))") == "nil");
}

TEST_CASE("lua sandbox: the allowed libraries are there", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("print(type(table.concat), type(string.format), type(math.floor), "
                         "type(utf8.char), type(coroutine.wrap), type(pcall), type(load))") ==
        "function\tfunction\tfunction\tfunction\tfunction\tfunction\tfunction");
}

TEST_CASE("lua sandbox: print goes to the host sink, arguments joined by tabs", "[script]") {
  CapturedSandbox sandbox;
  const auto printed = sandbox.run(
      "print('a', 1, nil, true) print() print(setmetatable({}, "
      "{__tostring = function() return 'obj' end}))");
  REQUIRE(printed.size() == 3);
  CHECK(printed[0] == "a\t1\tnil\ttrue");
  CHECK(printed[1].empty());
  CHECK(printed[2] == "obj");
}

TEST_CASE("lua sandbox: a print sink that throws becomes a script error, not a crash", "[script]") {
  LuaSandbox::Options options;
  options.print_sink = [](std::string_view) { throw std::runtime_error("disk full"); };
  LuaSandbox sandbox(std::move(options));
  const auto error = sandbox.run_string("print('x')", "sink.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() == "sink.lua:1: print: the host could not take the output");
}

TEST_CASE("lua sandbox: collectgarbage answers only 'count'", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("print(math.type(collectgarbage('count')))") == "float");
  const auto error = sandbox->run_string("collectgarbage('stop')", "gc.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() ==
        "gc.lua:1: collectgarbage('stop') is not available in a scenario (only 'count' is)");
  CHECK(sandbox->run_string("collectgarbage()", "gc.lua").has_value());
}

TEST_CASE("lua sandbox: load compiles text in the sandbox globals", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("answer = 42 print(load('return answer')())") == "42");
  CHECK(sandbox.print_of("print(load('return x', 'c', 't', {x = 'own env'})())") == "own env");
  CHECK(sandbox.print_of("print(load('return io')())") == "nil");
}

TEST_CASE("lua sandbox: load refuses binary chunks whatever mode the script asks for", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("print(load('\\27Lua\\84\\0', 'bin', 'b'))") ==
        "nil\tattempt to load a binary chunk (mode is 't')");
  CHECK(sandbox.print_of("print(load('\\27Lua'))") ==
        "nil\tattempt to load a binary chunk (mode is 't')");
  const auto error = sandbox->run_string("load('return 1', 'x', 't', 'not a table')", "env.lua");
  REQUIRE(error.has_value());
  CHECK(error->message.find("bad argument #4 to 'load'") != std::string::npos);
}

TEST_CASE("lua sandbox: the string metatable is protected", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("print(getmetatable(''))") == "false");
  CHECK(sandbox.print_of("print(('abc'):upper())") == "ABC");
  const auto error = sandbox->run_string("setmetatable('', {})", "mt.lua");
  REQUIRE(error.has_value());
  CHECK(error->message.find("bad argument #1 to 'setmetatable'") != std::string::npos);
}

TEST_CASE("lua sandbox: setmetatable works but refuses finalizers", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("local t = setmetatable({}, {__index = function() return 7 end}) "
                         "print(t.anything)") == "7");
  const auto error = sandbox->run_string("setmetatable({}, {__gc = true})", "gc.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() ==
        "gc.lua:1: setmetatable: __gc (finalizers) is not allowed in a "
        "scenario");
  const auto locked = sandbox->run_string(
      "local t = setmetatable({}, {__metatable = 'locked'}) setmetatable(t, {})", "lock.lua");
  REQUIRE(locked.has_value());
  CHECK(locked->message == "cannot change a protected metatable");
}

TEST_CASE("lua sandbox: string.rep keeps working, and an empty repeat returns at once",
          "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("print(string.rep('ab', 3, '-'))") == "ab-ab-ab");
  CHECK(sandbox.print_of("print(#string.rep('', math.maxinteger))") == "0");
}

TEST_CASE("lua sandbox: table.move refuses a range no scenario could hold", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("print(table.concat(table.move({1, 2, 3}, 1, 3, 2), ','))") == "1,1,2,3");
  const auto error = sandbox->run_string(
      "local t = setmetatable({}, {__newindex = rawequal}) table.move({}, 1, 1e15, 1, t)",
      "move.lua");
  REQUIRE(error.has_value());
  CHECK(error->message.find("table.move") != std::string::npos);
}

TEST_CASE("lua sandbox: math.random is deterministic for a seed and differs for another",
          "[script]") {
  const std::string draw =
      "local t = {} for i = 1, 8 do t[#t + 1] = math.random(1000) end "
      "t[#t + 1] = math.random() t[#t + 1] = math.random(-5, 5) print(table.concat(t, ' '))";
  auto run_with_seed = [&](uint64_t seed) {
    LuaSandbox::Options options;
    options.random = RandomStream(seed);
    CapturedSandbox sandbox(std::move(options));
    return sandbox.print_of(draw);
  };
  CHECK(run_with_seed(7) == run_with_seed(7));
  CHECK(run_with_seed(7) != run_with_seed(8));
}

TEST_CASE("lua sandbox: math.random follows Lua's contract", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of(R"(
    local ok = true
    for _ = 1, 2000 do
      local f = math.random()
      local m = math.random(6)
      local n = math.random(-3, 3)
      local one = math.random(5, 5)
      ok = ok and math.type(f) == 'float' and f >= 0 and f < 1
              and math.type(m) == 'integer' and m >= 1 and m <= 6
              and n >= -3 and n <= 3 and one == 5
    end
    local wide = math.random(math.mininteger, math.maxinteger)
    print(ok, math.type(wide), math.type(math.random(0)))
  )") == "true\tinteger\tinteger");
  const auto empty = sandbox->run_string("math.random(5, 1)", "r.lua");
  REQUIRE(empty.has_value());
  CHECK(empty->formatted() == "r.lua:1: bad argument #1 to 'random' (interval is empty)");
  const auto zero = sandbox->run_string("math.random(-1)", "r.lua");
  REQUIRE(zero.has_value());
  CHECK(zero->message.find("interval is empty") != std::string::npos);
  CHECK(sandbox->run_string("math.random(1, 2, 3)", "r.lua")->message ==
        "wrong number of arguments");
}

TEST_CASE("lua sandbox: math.random draws from the stream the host passed in", "[script]") {
  LuaSandbox::Options options;
  options.random = RandomStream(99);
  CapturedSandbox sandbox(std::move(options));
  RandomStream expected(99);
  CHECK(sandbox.print_of("print(math.random(1000000))") ==
        std::to_string(expected.below(1000000) + 1));
  CHECK(sandbox->random().next_u64() == expected.next_u64());
}

TEST_CASE("lua sandbox: math.randomseed is an error, so a reseed cannot silently break replay",
          "[script]") {
  CapturedSandbox sandbox;
  const auto error = sandbox->run_string("math.randomseed(42)", "seed.lua");
  REQUIRE(error.has_value());
  CHECK(error->line == 1);
  CHECK(error->message.find("math.randomseed is not available") != std::string::npos);
}

TEST_CASE("lua sandbox: coroutines work and yield through xpcall", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of(R"(
    local co = coroutine.wrap(function(a)
      local ok, b = xpcall(function() return coroutine.yield(a + 1) end, debug_handler or print)
      return ok, b
    end)
    local first = co(1)
    local ok, second = co(10)
    print(first, ok, second)
  )") == "2\ttrue\t10");
  CHECK(sandbox.print_of("print(xpcall(error, function(e) return 'handled ' .. e end, 'x', 0))") ==
        "false\thandled x");
}

TEST_CASE("lua sandbox: coroutine.wrap keeps Lua's behaviour", "[script]") {
  CapturedSandbox sandbox;
  CHECK(sandbox.print_of("local t = {} for x in coroutine.wrap(function() for i = 1, 3 do "
                         "coroutine.yield(i) end end) do t[#t + 1] = x end "
                         "print(table.concat(t, ','))") == "1,2,3");
  // An ordinary error still closes the coroutine's to-be-closed variables and carries positions.
  const auto printed = sandbox.run(R"(local co = coroutine.wrap(function()
  local x <close> = setmetatable({}, {__close = function() print('closed') end})
  error('boom')
end)
print(pcall(function() co() end))
print(pcall(function() co() end)))");
  REQUIRE(printed.size() == 3);
  CHECK(printed[0] == "closed");
  CHECK(printed[1] == "false\ttest.lua:5: test.lua:3: boom");
  CHECK(printed[2] == "false\ttest.lua:6: cannot resume dead coroutine");
  CHECK(sandbox.print_of("local co = coroutine.create(function() return 1 end) "
                         "coroutine.resume(co) print(coroutine.close(co), coroutine.status(co))") ==
        "true\tdead");
}
