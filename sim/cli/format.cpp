#include "sim/cli/format.h"

#include <fmt/format.h>

namespace firedrill::cli {

std::string fmt_digest(uint64_t digest) {
  return fmt::format("0x{:016x}", digest);
}

std::string fmt_elapsed(SimTime t) {
  const int64_t s = t.whole_seconds();
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

}  // namespace firedrill::cli
