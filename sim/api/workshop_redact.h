// What a workshop trainee may see of their own drill's journal. The journal is the instructor's
// record and holds the scenario's ground truth (scenario.meta: root cause, resolution,
// learning goals, the failing components, the faults, the fixes that work, the corrective
// measures and tags; fault.* and red_herring.* records name each injected fault;
// scenario.error quotes the scenario's source). A trainee sees none of it before the instructor
// reveals the root cause; afterwards only the scenario's source and autopilot stay hidden. Pure.
#pragma once

#include "reporter/journal/journal_record.h"

namespace firedrill::api {

// Edits `record` to what a trainee may see; returns false when they may not see it at all.
bool redact_for_trainee(JournalRecord& record, bool root_cause_revealed);

}  // namespace firedrill::api
