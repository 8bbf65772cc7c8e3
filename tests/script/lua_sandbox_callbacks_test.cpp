// The helpers the scenario API is built from: libraries with a host context, callbacks a script
// hands over and the host calls later, userdata types, and disabling a failing callback.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sandbox_test_util.h"
#include "sim/script/lua_sandbox.h"

using firedrill::script::CallbackId;
using firedrill::script::LuaSandbox;
using firedrill::script::ScriptErrorKind;
using firedrill::script::testing::CapturedSandbox;

namespace {

// A miniature scenario API: drill.every(fn) holds fn; drill.note(text) records text.
struct FakeDrill {
  std::vector<CallbackId> callbacks;
  std::vector<std::string> notes;
};

int drill_every(lua_State* L) noexcept {
  FakeDrill* drill = LuaSandbox::upvalue_context<FakeDrill>(L);
  const CallbackId id = LuaSandbox::from(L).hold_callback(L, 1);  // raises if not a function
  drill->callbacks.push_back(id);  // a member vector, not a local: nothing to unwind here
  lua_pushinteger(L, static_cast<lua_Integer>(id.value));
  return 1;
}

int drill_note(lua_State* L) noexcept {
  size_t length = 0;
  const char* text = luaL_checklstring(L, 1, &length);
  LuaSandbox::upvalue_context<FakeDrill>(L)->notes.emplace_back(text, length);
  return 0;
}

int drill_cancel(lua_State* L) noexcept {
  const CallbackId id{luaL_checkinteger(L, 1)};
  LuaSandbox::from(L).release_callback(id, L);
  return 0;
}

const luaL_Reg kDrillLibrary[] = {
    {"every", drill_every}, {"note", drill_note}, {"cancel", drill_cancel}, {nullptr, nullptr}};

// An identity object: a host handle, trivially destructible.
struct HostHandle {
  int index;
};
constexpr const char* kHostType = "firedrill.host";

int host_name(lua_State* L) noexcept {
  const HostHandle* host = LuaSandbox::check_object<HostHandle>(L, 1, kHostType);
  lua_pushfstring(L, "web-%d", host->index);
  return 1;
}

int host_tostring(lua_State* L) noexcept {
  const HostHandle* host = LuaSandbox::check_object<HostHandle>(L, 1, kHostType);
  lua_pushfstring(L, "host(%d)", host->index);
  return 1;
}

int make_host(lua_State* L) noexcept {
  const auto index = static_cast<int>(luaL_checkinteger(L, 1));
  LuaSandbox::new_object(L, kHostType, HostHandle{index});
  return 1;
}

const luaL_Reg kHostType_[] = {
    {"name", host_name}, {"__tostring", host_tostring}, {nullptr, nullptr}};

}  // namespace

TEST_CASE("lua sandbox: a library's functions see the host context", "[script]") {
  FakeDrill drill;
  CapturedSandbox sandbox;
  sandbox->register_library("drill", kDrillLibrary, &drill);
  sandbox.run("drill.note('first') drill.note('second')");
  CHECK(drill.notes == std::vector<std::string>{"first", "second"});
}

TEST_CASE("lua sandbox: a held callback is called later with arguments", "[script]") {
  FakeDrill drill;
  CapturedSandbox sandbox;
  sandbox->register_library("drill", kDrillLibrary, &drill);
  sandbox.run("drill.every(function(name, load, healthy) print(name, load, healthy) end)");
  REQUIRE(drill.callbacks.size() == 1);
  REQUIRE_FALSE(sandbox->call(drill.callbacks[0], "web-1", 0.75, true).has_value());
  REQUIRE_FALSE(sandbox->call(drill.callbacks[0], std::string("db"), 3, false).has_value());
  CHECK(*sandbox.lines == std::vector<std::string>{"web-1\t0.75\ttrue", "db\t3\tfalse"});
}

TEST_CASE("lua sandbox: call_with reads what a callback returns", "[script]") {
  FakeDrill drill;
  CapturedSandbox sandbox;
  sandbox->register_library("drill", kDrillLibrary, &drill);
  sandbox.run("drill.every(function(a, b) return a + b, 'sum' end)");
  lua_Integer sum = 0;
  int count = 0;
  const auto error = sandbox->call_with(
      drill.callbacks[0], [](lua_State* L) { return firedrill::script::push_values(L, 2, 40); },
      [&](lua_State* L, int first, int n) {
        count = n;
        sum = lua_tointeger(L, first);
      });
  REQUIRE_FALSE(error.has_value());
  CHECK(count == 2);
  CHECK(sum == 42);
}

TEST_CASE("lua sandbox: holding something that is not a function is a script error", "[script]") {
  FakeDrill drill;
  LuaSandbox sandbox;
  sandbox.register_library("drill", kDrillLibrary, &drill);
  const auto error = sandbox.run_string("\ndrill.every(42)", "cb.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() ==
        "cb.lua:2: bad argument #1 to 'every' (function expected, got number)");
  CHECK(drill.callbacks.empty());
}

TEST_CASE("lua sandbox: a failing callback can be disabled and the sandbox keeps working",
          "[script]") {
  FakeDrill drill;
  CapturedSandbox sandbox;
  sandbox->register_library("drill", kDrillLibrary, &drill);
  sandbox.run(
      "ticks = 0\n"
      "drill.every(function() ticks = ticks + 1 end)\n"
      "drill.every(function() local host = nil return host.name end)\n");
  REQUIRE(drill.callbacks.size() == 2);
  const CallbackId healthy = drill.callbacks[0];
  const CallbackId failing = drill.callbacks[1];

  const auto error = sandbox->call(failing);
  REQUIRE(error.has_value());
  CHECK(error->formatted() == "test.lua:3: attempt to index a nil value (local 'host')");
  sandbox->release_callback(failing);  // the drill goes on without it
  CHECK_FALSE(sandbox->is_held(failing));
  CHECK(sandbox->is_held(healthy));

  for (int tick = 0; tick < 3; ++tick) {
    CHECK_FALSE(sandbox->call(healthy).has_value());
    CHECK_FALSE(sandbox->call(failing).has_value());  // skipped
  }
  CHECK(sandbox.print_of("print(ticks)") == "3");
  // Ids are never reused: a new callback does not revive the disabled one.
  sandbox.run("drill.every(function() end)");
  CHECK(drill.callbacks.back() != failing);
  CHECK_FALSE(sandbox->is_held(failing));
}

TEST_CASE("lua sandbox: a callback that runs away is stopped and can be disabled", "[script]") {
  FakeDrill drill;
  LuaSandbox::Options options;
  options.instruction_budget = 50'000;
  CapturedSandbox sandbox(std::move(options));
  sandbox->register_library("drill", kDrillLibrary, &drill);
  sandbox.run("drill.every(function()\n  while true do end\nend)");
  const auto error = sandbox->call(drill.callbacks[0]);
  REQUIRE(error.has_value());
  CHECK(error->formatted() == "test.lua:2: instruction budget of 50000 exceeded");
  sandbox->release_callback(drill.callbacks[0]);
  CHECK_FALSE(sandbox->call(drill.callbacks[0]).has_value());
}

TEST_CASE("lua sandbox: a script can cancel its own callback from inside it", "[script]") {
  FakeDrill drill;
  CapturedSandbox sandbox;
  sandbox->register_library("drill", kDrillLibrary, &drill);
  sandbox.run("local id\nid = drill.every(function() print('once') drill.cancel(id) end)");
  CHECK_FALSE(sandbox->call(drill.callbacks[0]).has_value());
  CHECK_FALSE(sandbox->call(drill.callbacks[0]).has_value());
  CHECK(*sandbox.lines == std::vector<std::string>{"once"});
}

TEST_CASE("lua sandbox: a re-entrant call from inside a script is refused, not a crash",
          "[script]") {
  CapturedSandbox sandbox;
  sandbox->set_host_context(sandbox.sandbox.get());
  sandbox->register_function("reenter", [](lua_State* L) noexcept -> int {
    auto& self = LuaSandbox::from(L);
    const bool refused = self.call_global("print").has_value();
    lua_pushboolean(L, refused ? 1 : 0);
    return 1;
  });
  CHECK(sandbox.print_of("print(reenter())") == "true");
}

TEST_CASE("lua sandbox: the host context is reachable from any C function", "[script]") {
  FakeDrill drill;
  CapturedSandbox sandbox;
  sandbox->set_host_context(&drill);
  sandbox->register_function("note", [](lua_State* L) noexcept -> int {
    auto* host = static_cast<FakeDrill*>(LuaSandbox::from(L).host_context());
    host->notes.emplace_back(luaL_checkstring(L, 1));
    return 0;
  });
  sandbox.run("note('from a coroutine') coroutine.wrap(function() note('inside') end)()");
  CHECK(drill.notes == std::vector<std::string>{"from a coroutine", "inside"});
}

TEST_CASE("lua sandbox: identity objects are userdata with a protected named metatable",
          "[script]") {
  CapturedSandbox sandbox;
  sandbox->register_type(kHostType, kHostType_);
  sandbox->register_function("host", make_host);
  CHECK(sandbox.print_of("local h = host(3) print(h:name(), tostring(h), getmetatable(h))") ==
        "web-3\thost(3)\tfalse");
  const auto error = sandbox->run_string("local h = host(1)\nh.name({})", "ud.lua");
  REQUIRE(error.has_value());
  CHECK(error->formatted() ==
        "ud.lua:2: bad argument #1 to 'name' (firedrill.host expected, got table)");
}
