#include "sim/script/memory_limiter.h"

#include <catch2/catch.hpp>

#include <lua.hpp>

using firedrill::script::format_byte_size;
using firedrill::script::MemoryLimiter;

TEST_CASE("memory limiter: grants growth up to the cap and refuses the byte beyond", "[script]") {
  MemoryLimiter limiter(1000);
  void* block = MemoryLimiter::allocate(&limiter, nullptr, LUA_TSTRING, 600);
  REQUIRE(block != nullptr);
  CHECK(limiter.in_use() == 600);
  CHECK(MemoryLimiter::allocate(&limiter, nullptr, LUA_TTABLE, 401) == nullptr);
  CHECK(limiter.refusals() == 1);
  void* second = MemoryLimiter::allocate(&limiter, nullptr, LUA_TTABLE, 400);
  REQUIRE(second != nullptr);
  CHECK(limiter.in_use() == 1000);
  MemoryLimiter::allocate(&limiter, second, 400, 0);
  MemoryLimiter::allocate(&limiter, block, 600, 0);
  CHECK(limiter.in_use() == 0);
  CHECK(limiter.peak() == 1000);
}

TEST_CASE("memory limiter: never refuses a shrink or a free, even over the cap", "[script]") {
  MemoryLimiter limiter(100);
  limiter.set_error_headroom(true);  // lets the state go past the cap, as during a traceback
  void* block = MemoryLimiter::allocate(&limiter, nullptr, 0, 500);
  REQUIRE(block != nullptr);
  limiter.set_error_headroom(false);
  void* smaller = MemoryLimiter::allocate(&limiter, block, 500, 300);
  REQUIRE(smaller != nullptr);
  CHECK(limiter.in_use() == 300);
  CHECK(MemoryLimiter::allocate(&limiter, smaller, 300, 301) == nullptr);  // growth: refused
  CHECK(MemoryLimiter::allocate(&limiter, smaller, 300, 0) == nullptr);    // free: done
  CHECK(limiter.in_use() == 0);
}

TEST_CASE("memory limiter: a request larger than the whole cap is refused without overflow",
          "[script]") {
  MemoryLimiter limiter(1 << 20);
  CHECK(MemoryLimiter::allocate(&limiter, nullptr, 0, static_cast<size_t>(-1)) == nullptr);
  CHECK(limiter.in_use() == 0);
}

TEST_CASE("memory limiter: sizes are named in the largest exact binary unit", "[script]") {
  CHECK(format_byte_size(size_t{64} << 20) == "64 MiB");
  CHECK(format_byte_size(size_t{512} << 10) == "512 KiB");
  CHECK(format_byte_size(size_t{2} << 30) == "2 GiB");
  CHECK(format_byte_size(1000) == "1000 bytes");
}
