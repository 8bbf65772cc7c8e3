#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/core/random.h"

using namespace firedrill;

TEST_CASE("random streams: the same seed and name give the same numbers", "[core][random]") {
  RandomStreams a(42), b(42);
  RandomStream x = a.stream("web-1/cpu"), y = b.stream("web-1/cpu");
  for (int i = 0; i < 100; ++i) REQUIRE(x.next_u64() == y.next_u64());
}

TEST_CASE("random streams: different names or seeds give unrelated numbers", "[core][random]") {
  RandomStreams a(42), b(43);
  RandomStream x = a.stream("web-1/cpu"), y = a.stream("web-2/cpu"), z = b.stream("web-1/cpu");
  int same_xy = 0, same_xz = 0;
  for (int i = 0; i < 100; ++i) {
    const uint64_t vx = x.next_u64();
    same_xy += vx == y.next_u64();
    same_xz += vx == z.next_u64();
  }
  CHECK(same_xy == 0);
  CHECK(same_xz == 0);
}

TEST_CASE("random: exponential draws have the right mean, variance and tail", "[core][random]") {
  RandomStream rng(1);
  const int n = 2'000'000;
  double sum = 0, sum_sq = 0;
  int beyond_3 = 0, beyond_8 = 0, below_half = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.standard_exponential();
    REQUIRE(x >= 0.0);
    sum += x;
    sum_sq += x * x;
    beyond_3 += x > 3.0;
    beyond_8 += x > 8.0;  // past the ziggurat's base layer: the tail path
    below_half += x < 0.5;
  }
  const double mean = sum / n, var = sum_sq / n - mean * mean;
  CHECK(mean == Approx(1.0).epsilon(0.003));
  CHECK(var == Approx(1.0).epsilon(0.01));
  CHECK(static_cast<double>(beyond_3) / n == Approx(std::exp(-3.0)).epsilon(0.02));
  CHECK(static_cast<double>(below_half) / n == Approx(1 - std::exp(-0.5)).epsilon(0.005));
  CHECK(static_cast<double>(beyond_8) / n == Approx(std::exp(-8.0)).epsilon(0.15));
}

TEST_CASE("random: below(n) stays in range and covers it evenly", "[core][random]") {
  RandomStream rng(3);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) {
    const uint64_t v = rng.below(10);
    REQUIRE(v < 10);
    ++counts[v];
  }
  for (int c : counts) CHECK(c == Approx(10000).epsilon(0.05));
}
