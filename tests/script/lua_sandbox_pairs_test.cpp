// Ordered iteration: pairs and next visit keys in one defined order in every lua_State, so
// scenarios that walk tables behave the same in every run (Lua seeds its string hash per state).
#include <catch2/catch.hpp>

#include "sandbox_test_util.h"

using namespace firedrill::script;
using firedrill::script::testing::CapturedSandbox;

namespace {

// Thirty string keys inserted in a scrambled order, walked with pairs and printed.
constexpr const char* kWalk = R"(
local t = {}
for i = 30, 1, -1 do t["key" .. ((i * 7) % 30)] = i end
local seen = {}
for k, v in pairs(t) do seen[#seen + 1] = k .. "=" .. v end
print(table.concat(seen, " "))
)";

}  // namespace

TEST_CASE("ordered pairs: string keys come in byte order, the same in every fresh state",
          "[script][determinism]") {
  std::string first;
  for (int run = 0; run < 5; ++run) {
    CapturedSandbox box;  // each a new lua_State, with its own hash seed
    const std::string walked = box.print_of(kWalk);
    if (run == 0) first = walked;
    CHECK(walked == first);
  }
  CHECK(first.rfind("key0=30 key1=13 key10=10 key11=23", 0) == 0);
}

TEST_CASE("ordered pairs: numbers first ascending, then strings, then booleans", "[script]") {
  CapturedSandbox box;
  CHECK(box.print_of(R"(
local t = { "a", "b", [10] = "ten", [-1.5] = "neg", z = 1, A = 2, [true] = 3, [false] = 4 }
local out = {}
for k in pairs(t) do out[#out + 1] = tostring(k) end
print(table.concat(out, ","))
)") == "-1.5,1,2,10,A,z,false,true");
}

TEST_CASE("ordered next: walks the same order one key at a time and ends with nil", "[script]") {
  CapturedSandbox box;
  CHECK(box.print_of(R"(
local t = { b = 2, a = 1, c = 3 }
local out, k, v = {}, next(t)
while k ~= nil do out[#out + 1] = k .. v; k, v = next(t, k) end
print(table.concat(out, " "), next({}) == nil)
)") == "a1 b2 c3\ttrue");
}

TEST_CASE("ordered pairs: clearing fields during the loop is allowed and skips them", "[script]") {
  CapturedSandbox box;
  CHECK(box.print_of(R"(
local t = { a = 1, b = 2, c = 3, d = 4 }
local out = {}
for k in pairs(t) do
  out[#out + 1] = k
  if k == "a" then t.b = nil end
  t[k] = nil
end
print(table.concat(out, ","), next(t) == nil)
)") == "a,c,d\ttrue");
}

TEST_CASE("ordered pairs: a __pairs metamethod is honoured and a non-table is refused",
          "[script]") {
  CapturedSandbox box;
  CHECK(box.print_of(R"(
local proxy = setmetatable({}, { __pairs = function(t)
  return function(_, k) if k == nil then return "only", 1 end end, t, nil
end })
local out = {}
for k, v in pairs(proxy) do out[#out + 1] = k .. v end
print(table.concat(out), pcall(pairs, 42))
)")
            .rfind("only1\tfalse\t", 0) == 0);
}
