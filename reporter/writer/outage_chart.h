// outage_chart: outage.svg, a hand-written SVG of the users' error rate and p99 latency over the
// incident window (five minutes either side of the outage and the response), with the SLO
// thresholds dashed, the outage shaded, and vertical markers for detection, the first
// escalation, mitigation and resolution. Times on the scenario's clock. No library; the same
// Debrief gives the same bytes. Pure.
#pragma once

#include <string>

#include "reporter/debrief/debrief.h"

namespace firedrill {

std::string outage_chart_svg(const Debrief& debrief);

}  // namespace firedrill
