// Small text formatting helpers shared by the commands.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/sim_time.h"

namespace firedrill::cli {

// "0x" + 16 hex digits.
std::string fmt_digest(uint64_t digest);
// Elapsed simulated time as "HH:MM:SS".
std::string fmt_elapsed(SimTime t);

}  // namespace firedrill::cli
