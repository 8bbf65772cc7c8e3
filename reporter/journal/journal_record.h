// JournalRecord: one entry of a drill's journal — the single record type that sim, server,
// dashboard, reporter and tests exchange (STYLE.md item 12). On disk it is one compact JSON
// object per line, keys always in the order t, seq, source, kind, fields, so identical records
// give identical bytes on every machine. Schema, vocabulary and guarantees: docs/journal.md.
// Plain values and pure functions; safe to use from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reporter/journal/journal_status.h"
#include "sim/core/sim_time.h"

namespace firedrill {

struct JournalRecord {
  SimTime t;           // simulated time of the event, µs since the drill start ("t" on disk)
  uint64_t seq = 0;    // journal position; strictly increasing, assigned by the producer
  std::string source;  // who produced it, e.g. "engine", "alert", "trainee" (docs/journal.md)
  std::string kind;    // what happened, e.g. "run.header", "alert.firing"
  // Kind-specific payload; always a JSON object. Integers, strings, booleans, arrays and objects
  // round-trip exactly; doubles too (see to_journal_line), except NaN and infinities.
  nlohmann::json fields = nlohmann::json::object();

  bool operator==(const JournalRecord&) const = default;
};

// Returns the record as one compact JSON object followed by '\n'.
// Deterministic: the five keys come in the fixed order; keys inside `fields` are sorted
// (nlohmann objects are ordered maps); integers print exactly; doubles print as the shortest
// text that reads back to the same double, independent of locale (so 0.1 -> 0.1, 2.0 -> 2.0).
// NaN and infinities have no JSON form and print as null: keep them out of fields. Invalid
// UTF-8 in strings is replaced by U+FFFD rather than thrown. A null `fields` prints as {}.
// REQUIRES: record.fields is an object or null.
std::string to_journal_line(const JournalRecord& record);

// Builds a record from a parsed JSON value. The key order does not matter here (hand-written
// journals are welcome); unknown keys are an error. On error `*out` is unspecified and the
// message says what is wrong, without a file:line prefix (the reader adds it), e.g.
// `missing field "kind"` or `field "seq" must be a non-negative integer, got string`.
JournalStatus journal_record_from_json(const nlohmann::json& value, JournalRecord* out);

// Parses one line (its '\n' removed; a trailing '\r' is accepted) into `*out`: parse_journal_json
// then journal_record_from_json. Errors as theirs.
JournalStatus parse_journal_line(std::string_view line, JournalRecord* out);

// Step one of parse_journal_line, apart so a reader can tell text that is not JSON at all (a
// record torn by a crash) from a JSON value that is not a record. Error: `invalid JSON at
// column N: <why>`.
JournalStatus parse_journal_json(std::string_view line, nlohmann::json* out);

}  // namespace firedrill
