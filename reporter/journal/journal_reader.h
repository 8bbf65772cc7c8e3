// JournalReader: reads a whole journal (a file, or text already in memory) back into records,
// checking every line against the schema of docs/journal.md.
// - A torn last line (no final '\n' and not valid JSON: the record in flight when the writer
//   was killed) is dropped with the warning `NAME:LINE: truncated last record ignored`.
// - Anything else wrong is an error `NAME:LINE: what is wrong`, and reading stops there: a
//   malformed line, a line that is not a record (missing or mistyped field), or a seq that is
//   not greater than the one before.
// Blank lines are skipped with a warning. Stateless; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reporter/journal/journal_record.h"
#include "reporter/journal/journal_status.h"

namespace firedrill {

struct JournalReadResult {
  // On error, the records before the bad line (useful to show where things went wrong).
  std::vector<JournalRecord> records;
  std::vector<std::string> warnings;  // each `NAME:LINE: message`
  JournalStatus status;               // ok, or the first error

  bool ok() const { return status.ok(); }
};

class JournalReader {
 public:
  // Reads the file at `path`; messages name it as given. A file that cannot be read is an
  // error `PATH: cannot open journal: <errno text>`.
  static JournalReadResult read_file(const std::string& path);
  // Reads journal text; messages name it `name`.
  static JournalReadResult read_string(std::string_view text,
                                       std::string_view name = "journal.jsonl");
};

}  // namespace firedrill
