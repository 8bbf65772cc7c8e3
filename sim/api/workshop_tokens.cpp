#include "sim/api/workshop_tokens.h"

#include <algorithm>
#include <cstdint>
#include <random>

namespace firedrill::api {

std::string new_token() {
  // libstdc++'s "/dev/urandom" source reads the kernel CSPRNG (never a seeded PRNG).
  std::random_device source("/dev/urandom");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(64);
  for (int i = 0; i < 8; ++i) {
    uint32_t word = source();
    for (int j = 0; j < 8; ++j) {
      token.push_back(kHex[word & 0xf]);
      word >>= 4;
    }
  }
  return token;
}

bool tokens_equal(std::string_view a, std::string_view b) {
  const size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  // volatile: keeps the compiler from turning the loop into an early-exit memcmp.
  volatile unsigned char result = diff;
  return result == 0;
}

}  // namespace firedrill::api
