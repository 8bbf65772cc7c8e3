// A time the trainee types, on the scenario's wall clock ("14:05" or "14:05:30"), turned into
// drill time: the latest moment at or before the drill's now that the clock showed it (a drill
// may cross midnight). Bad input gets a sentence saying what was expected, never a guess.
// Pure; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dashboard/client/snapshot.h"

namespace firedrill::dash {

// nullopt, with `error` set, for text that is not HH:MM[:SS] or a time before the drill began.
std::optional<SimTime> parse_clock_time(const SessionInfo& s, std::string_view text,
                                        std::string* error);

}  // namespace firedrill::dash
