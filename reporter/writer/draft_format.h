// How the postmortem draft writes times, durations, counts and lists: times on the scenario's
// clock in the forms the linter recognises ("14:03 EST (UTC-05:00)" in the Issue Summary,
// "14:03 EST" in the Timeline), durations in words ("67 minutes"), percentages with one decimal.
// Pure functions.
#pragma once

#include <string>
#include <vector>

#include "sim/observe/scenario_clock.h"

namespace firedrill {

// "14:03 EST (UTC-05:00)"; a zone abbreviation the linter does not know ("-03") is left out:
// "14:03 (UTC-03:00)". Truncated to the minute.
std::string summary_time(const ScenarioClock& clock, SimTime t);
// "2024-02-16".
std::string date_text(const ScenarioClock& clock, SimTime t);
// Same day as `day_of`: "14:03 EST" (or "14:03 UTC-03:00"); another day: "2024-02-17 00:03 EST".
std::string bullet_time(const ScenarioClock& clock, SimTime t, SimTime day_of);
// "45 seconds", "1 minute", "67 minutes", "2 hours 5 minutes" (whole units, truncated).
std::string duration_text(SimTime d);
// 0.3724 -> "37.2%"; a share that rounds to 0 but is not 0 -> "under 0.1%".
std::string percent_text(double share);
// 473925.4 -> "473,925".
std::string count_text(double n);
// {"a"} -> "a"; {"a", "b"} -> "a and b"; {"a", "b", "c"} -> "a, b and c".
std::string list_text(const std::vector<std::string>& items);

}  // namespace firedrill
