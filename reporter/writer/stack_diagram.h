// stack_diagram: a Mermaid flowchart of the drill's stack — users -> load balancer -> web
// servers -> database (and replica, cache) — with the root cause components highlighted by a
// classDef, as a ```mermaid block ready for the postmortem (Mermaid renders on GitHub, GitLab
// and most Markdown hosts). Components the stack does not draw (a DNS server...) are added as
// nodes beside the load balancer. Pure; deterministic.
#pragma once

#include <string>

#include "reporter/incident/scenario_facts.h"

namespace firedrill {

// The fenced block, starting with "```mermaid\n" and ending with "```\n".
std::string stack_diagram(const ScenarioFacts& facts);

}  // namespace firedrill
