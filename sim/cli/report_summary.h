// The reporter's files for a journal on disk, and what the terminal shows of them: shared by
// `firedrill report` and `firedrill run --out`, so a run's draft is exactly the one report
// would rebuild from its journal. Prints to stdout ("draft: ...", the debrief figures) and
// stderr (reader warnings, debrief notes). Throws CommandError when the journal cannot be read
// or a file not written.
#pragma once

#include <string>

namespace firedrill::cli {

// Reads `journal_path`, writes postmortem.md, outage.svg and summary.json into `dir`, and
// prints where they are and the key debrief figures. `command` prefixes errors ("report").
void report_journal_file(const std::string& journal_path, const std::string& dir,
                         const std::string& command);

}  // namespace firedrill::cli
