#include "sim/core/random.h"

#include <numbers>

namespace firedrill {

namespace {
// splitmix64 expands one 64-bit seed into well-mixed state words (the seeding xoshiro's
// authors recommend): even seeds 0, 1, 2 give unrelated streams.
uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
// Ziggurat tables for Exp(1) with 256 layers of equal area kV (Marsaglia & Tsang, "The
// Ziggurat Method for Generating Random Variables", JSS 5(8), 2000). Layer i covers
// x in [0, x[i]] between heights f(x[i]) and f(x[i+1]); layer 0 is the base rectangle plus
// the tail beyond kR, given the virtual width kV / f(kR).
struct ExpZiggurat {
  static constexpr double kR = 7.69711747013104972;
  static constexpr double kV = 3.949659822581572e-3;
  double x[257];
  double f[257];
  ExpZiggurat() {
    x[0] = kV / std::exp(-kR);
    x[1] = kR;
    for (int i = 2; i < 256; ++i) x[i] = -std::log(kV / x[i - 1] + std::exp(-x[i - 1]));
    x[256] = 0.0;
    for (int i = 0; i <= 256; ++i) f[i] = std::exp(-x[i]);
  }
};
const ExpZiggurat kExpZiggurat;

}  // namespace

const double* const RandomStream::kZigguratX = kExpZiggurat.x;

double RandomStream::exponential_slow_path(size_t layer, double x) {
  const ExpZiggurat& z = kExpZiggurat;
  for (;;) {
    if (layer == 0) return ExpZiggurat::kR - std::log(uniform_open_zero());  // memoryless tail
    const double y = z.f[layer] + uniform() * (z.f[layer + 1] - z.f[layer]);
    if (y < std::exp(-x)) return x;  // in the wedge, under the curve
    // Rejected: draw afresh, as the fast path would.
    const uint64_t bits = next_u64();
    layer = static_cast<size_t>(bits & 0xff);
    x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) return x;
  }
}

RandomStream::RandomStream(uint64_t seed) {
  uint64_t x = seed;
  for (auto& word : s_) word = splitmix64(x);
}

double RandomStream::normal() {
  const double u1 = uniform_open_zero();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

uint64_t fnv1a64(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

RandomStream RandomStreams::stream(std::string_view name) const {
  uint64_t x = seed_ ^ fnv1a64(name);
  return RandomStream(splitmix64(x));
}

}  // namespace firedrill
