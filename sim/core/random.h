// RandomStream: a small, fast, seedable generator (xoshiro256**) with the draws the model
// needs. RandomStreams derives one independent stream per named component from the run
// seed, so adding a component or drawing more in one place never perturbs the others.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace firedrill {

class RandomStream {
 public:
  explicit RandomStream(uint64_t seed = 0);

  uint64_t next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_open_zero() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }
  // Exponential with the given mean (same unit as the mean). Marsaglia-Tsang ziggurat:
  // ~99% of draws cost one 64-bit number, a table read and a compare, no logarithm.
  double exponential(double mean) { return mean * standard_exponential(); }
  double standard_exponential() {
    const uint64_t bits = next_u64();
    const auto layer = static_cast<size_t>(bits & 0xff);
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * kZigguratX[layer];
    if (x < kZigguratX[layer + 1]) return x;  // inside the layer's rectangle: under the curve
    return exponential_slow_path(layer, x);
  }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-64 * n).
  uint64_t below(uint64_t n) {
    __extension__ using u128 = unsigned __int128;  // GCC/Clang builtin; -Wpedantic knows it not
    return static_cast<uint64_t>((static_cast<u128>(next_u64()) * n) >> 64);
  }
  bool bernoulli(double p) { return uniform() < p; }
  // Standard normal (Box-Muller, one value per call; no cached state to keep streams simple).
  double normal();

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // The ziggurat's rare cases (the tail and the wedges), out of line.
  double exponential_slow_path(size_t layer, double x);
  // Layer edges x[0..256] of the Exp(1) ziggurat (random.cpp).
  static const double* const kZigguratX;
  uint64_t s_[4];
};

// Derives named streams from one run seed: stream(seed, "web-1/cpu") is a pure function of
// both, so every run with the same seed draws the same numbers in every component.
class RandomStreams {
 public:
  explicit RandomStreams(uint64_t run_seed) : seed_(run_seed) {}
  uint64_t run_seed() const { return seed_; }
  RandomStream stream(std::string_view name) const;

 private:
  uint64_t seed_;
};

// 64-bit FNV-1a, used to turn stream names into seeds.
uint64_t fnv1a64(std::string_view text);

}  // namespace firedrill
