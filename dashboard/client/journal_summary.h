// summarize_record: turns one journal record (docs/journal.md) into the line the live
// timeline lists — "HighErrorRate firing on lb: 0.12 of requests fail at the load balancer",
// "restart_service web-2: web-2: nginx restarting". Kinds it does not know are listed with
// their fields in compact JSON, so nothing is hidden. Pure; any thread.
// is_timeline_record: false for the bulk records a person does not read (metrics samples).
#pragma once

#include "dashboard/client/snapshot.h"
#include "reporter/journal/journal_record.h"

namespace firedrill::dash {

bool is_timeline_record(const JournalRecord& record);
TimelineEntry summarize_record(const JournalRecord& record);

}  // namespace firedrill::dash
