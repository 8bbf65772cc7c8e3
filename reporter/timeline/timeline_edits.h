// apply_timeline_edits: replays the trainee's `timeline.edit` records (docs/journal.md) over a
// classified timeline, in journal order. The originals stay in the journal; an edit only
// changes how an event is shown: `reword` replaces its text, `mark_misleading` /
// `unmark_misleading` change its category, `hide` / `show` its visibility, and `add` inserts a
// new entry whose seq is the edit's own (so later edits can target it). Figures never use
// edits: `classified` keeps the reporter's verdict. An edit that cannot apply (unknown op,
// no event with target_seq, empty text) is skipped with a warning in `timeline.warnings`.
#pragma once

#include <span>

#include "reporter/journal/journal_record.h"
#include "reporter/timeline/timeline_event.h"

namespace firedrill {

void apply_timeline_edits(std::span<const JournalRecord> records, Timeline& timeline);

}  // namespace firedrill
