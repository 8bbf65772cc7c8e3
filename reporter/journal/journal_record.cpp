#include "reporter/journal/journal_record.h"

#include <cassert>
#include <limits>

#include <fmt/format.h>

namespace firedrill {
namespace {

using Json = nlohmann::json;

// Compact, UTF-8 kept as is, invalid UTF-8 replaced instead of throwing (a log line modelled on
// a broken client must not take the journal down).
std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// What a value is, in the words an author fixing a journal by hand would use.
std::string describe(const Json& value) {
  if (value.is_number_float()) return "a fractional number";
  if (value.is_number_integer() && !value.is_number_unsigned()) return "a negative integer";
  if (value.is_number()) return "an integer";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_null()) return "null";
  if (value.is_array()) return "an array";
  return "an object";
}

JournalStatus wrong_type(std::string_view key, std::string_view expected, const Json& got) {
  return JournalStatus::error(
      fmt::format("field \"{}\" must be {}, got {}", key, expected, describe(got)));
}

constexpr std::string_view kKeys[] = {"t", "seq", "source", "kind", "fields"};

}  // namespace

std::string to_journal_line(const JournalRecord& record) {
  assert((record.fields.is_object() || record.fields.is_null()) &&
         "journal record fields must be a JSON object");
  std::string line = fmt::format("{{\"t\":{},\"seq\":{},\"source\":", record.t.us(), record.seq);
  line += dump(Json(record.source));
  line += ",\"kind\":";
  line += dump(Json(record.kind));
  line += ",\"fields\":";
  line += record.fields.is_null() ? std::string("{}") : dump(record.fields);
  line += "}\n";
  return line;
}

JournalStatus journal_record_from_json(const Json& value, JournalRecord* out) {
  if (!value.is_object()) {
    return JournalStatus::error(
        fmt::format("a record must be a JSON object, got {}", describe(value)));
  }
  for (std::string_view key : kKeys) {
    if (!value.contains(key)) return JournalStatus::error(fmt::format("missing field \"{}\"", key));
  }
  for (const auto& item : value.items()) {
    bool known = false;
    for (std::string_view key : kKeys) known = known || item.key() == key;
    if (!known) {
      return JournalStatus::error(
          fmt::format("unknown field \"{}\" (a record has exactly t, seq, source, kind, fields; "
                      "put extra data in fields)",
                      item.key()));
    }
  }

  const Json& t = value["t"];
  if (!t.is_number_integer()) return wrong_type("t", "an integer (microseconds)", t);
  if (t.is_number_unsigned() &&
      t.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return JournalStatus::error("field \"t\" is out of range for a 64-bit microsecond count");
  }
  const Json& seq = value["seq"];
  if (!seq.is_number_unsigned()) return wrong_type("seq", "a non-negative integer", seq);
  const Json& source = value["source"];
  if (!source.is_string()) return wrong_type("source", "a string", source);
  if (source.get_ref<const std::string&>().empty()) {
    return JournalStatus::error("field \"source\" must not be empty");
  }
  const Json& kind = value["kind"];
  if (!kind.is_string()) return wrong_type("kind", "a string", kind);
  if (kind.get_ref<const std::string&>().empty()) {
    return JournalStatus::error("field \"kind\" must not be empty");
  }
  const Json& fields = value["fields"];
  if (!fields.is_object()) return wrong_type("fields", "an object", fields);

  out->t = SimTime::micros(t.get<int64_t>());
  out->seq = seq.get<uint64_t>();
  out->source = source.get<std::string>();
  out->kind = kind.get<std::string>();
  out->fields = fields;
  return {};
}

JournalStatus parse_journal_json(std::string_view line, Json* out) {
  try {
    *out = Json::parse(line.begin(), line.end());
  } catch (const Json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 9: <why>";
    // keep only <why>, since the caller names the file and line.
    std::string_view what = e.what();
    const size_t why = what.find(": ");
    if (why != std::string_view::npos) what.remove_prefix(why + 2);
    return JournalStatus::error(fmt::format("invalid JSON at column {}: {}", e.byte, what));
  }
  return {};
}

JournalStatus parse_journal_line(std::string_view line, JournalRecord* out) {
  Json value;
  JournalStatus status = parse_journal_json(line, &value);
  if (!status.ok()) return status;
  return journal_record_from_json(value, out);
}

}  // namespace firedrill
