// parse_config_uint: a host config value (`firedrill` console `config set`) read as a whole
// number: digits only, no sign, spaces or suffix, within 32 bits.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace firedrill {

inline std::optional<uint32_t> parse_config_uint(std::string_view s) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace firedrill
