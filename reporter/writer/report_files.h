// write_report: the reporter's files for one journal, in a directory — postmortem.md (the
// draft), outage.svg (the chart) and summary.json (the debrief figures). Used by
// `firedrill report` and `firedrill run`. Each file is written to NAME.tmp and renamed, so a
// crash never leaves half a file. Errors (the directory cannot be made, a write fails) come
// back as a JournalStatus naming the path; nothing throws. Call from one thread per directory.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "reporter/debrief/debrief.h"
#include "reporter/journal/journal_status.h"
#include "reporter/writer/postmortem_draft.h"

namespace firedrill {

struct ReportFiles {
  std::string postmortem_path, chart_path, summary_path;
  Debrief debrief;
  PostmortemDraft draft;
};

// Builds the debrief from `records` and writes the three files into `dir` (created if needed).
// `reader_warnings` (e.g. a truncated last record) are added to the debrief's warnings, so
// they also land in summary.json. `*out` is filled even when a write fails.
JournalStatus write_report(std::span<const JournalRecord> records,
                           const std::vector<std::string>& reader_warnings, const std::string& dir,
                           ReportFiles* out);

}  // namespace firedrill
