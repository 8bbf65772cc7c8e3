// The scenario API's strict table readers. A binding first copies its Lua argument into a
// SchemaValue tree (snapshot_lua_value: the only step that touches Lua), then reads the tree
// in plain C++ with RecordReader, which names the field path of every problem
// ("stack.web.workers: expected a whole number, got string \"many\"") and rejects unknown
// fields. The first error wins; later reads are no-ops. Nothing here raises a Lua error or
// throws (except std::bad_alloc); the binding raises once its C++ objects are gone.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <lua.hpp>

#include "sim/core/sim_time.h"
#include "sim/script/lua_sandbox.h"

namespace firedrill::script {

// A copy of one Lua value. Tables keep their sequence part (t[1..#t]) in `items` and their
// string keys in `fields`, sorted by key so that readers and messages are deterministic (Lua's
// own traversal order is not). Functions are held in the sandbox and kept as CallbackIds.
struct SchemaValue {
  enum class Type : uint8_t { nil, boolean, number, string, table, function, other };
  Type type = Type::nil;
  bool boolean = false;
  bool integer = false;  // a Lua integer (1, not 1.0)
  double number = 0;
  std::string text;  // strings; for `other`, the Lua type name ("userdata", "thread")
  CallbackId function;
  std::vector<SchemaValue> items;
  std::vector<std::pair<std::string, SchemaValue>> fields;
  std::vector<std::string> odd_keys;  // keys that are neither strings nor 1..#t ("[0]", "[true]")

  bool is_nil() const { return type == Type::nil; }
  const SchemaValue* field(std::string_view key) const;
};

// How a value reads in a message: `string "many"`, `number 1.5`, `boolean true`, `a table`,
// `a function`, `nil`. Long strings are shortened.
std::string describe_value(const SchemaValue& value);

// Copies the value at `index` into `out`. Runs inside a C function called by Lua and follows
// the longjmp rule: it keeps no C++ object alive across a Lua call (a memory error raised by Lua
// unwinds nothing of ours). Returns false with `error` set when the value nests deeper than
// `max_depth` or has more than `max_nodes` values (cycles end up there too).
bool snapshot_lua_value(lua_State* L, int index, SchemaValue& out, std::string& error,
                        int max_depth = 24, int64_t max_nodes = 200'000);

struct SchemaError {
  std::string path;     // "stack.web.workers", "alerts[2].severity"; may be empty
  std::string message;  // "expected a whole number, got string \"many\""
  std::string formatted() const { return path.empty() ? message : path + ": " + message; }
};

// Holds the first error of one reading pass.
class SchemaStatus {
 public:
  bool ok() const { return !error_.has_value(); }
  const std::optional<SchemaError>& error() const { return error_; }
  void fail(std::string path, std::string message);

 private:
  std::optional<SchemaError> error_;
};

// A number as a message shows it: "3", "1.5".
std::string format_number(double v);

// "30s", "5m", "1m30s", "1.5h", "250ms" or a number of seconds -> SimTime. nullopt if not.
std::optional<SimTime> parse_duration_text(std::string_view text);
// The canonical text of a duration ("1h", "1m30s", "250ms").
std::string format_duration(SimTime d);

// Typed reads of one value at `path`; each returns whether `out` was set (false also when the
// status already failed). They never accept nil: callers decide what a missing value means.
bool read_text(SchemaStatus& st, const SchemaValue& v, const std::string& path, std::string& out,
               bool allow_empty = false);
bool read_whole(SchemaStatus& st, const SchemaValue& v, const std::string& path, uint32_t& out,
                uint32_t min = 0, uint32_t max = UINT32_MAX);
bool read_number(SchemaStatus& st, const SchemaValue& v, const std::string& path, double& out,
                 double min, double max);
bool read_boolean(SchemaStatus& st, const SchemaValue& v, const std::string& path, bool& out);
// A duration: a number of seconds or a string as parse_duration_text takes; at least `min`.
bool read_duration(SchemaStatus& st, const SchemaValue& v, const std::string& path, SimTime& out,
                   SimTime min = SimTime());
bool read_function(SchemaStatus& st, const SchemaValue& v, const std::string& path,
                   CallbackId& out);
bool read_choice(SchemaStatus& st, const SchemaValue& v, const std::string& path, std::string& out,
                 std::initializer_list<std::string_view> choices);
// One string, or a list of strings ("web-*" or {"web-1", "web-2"}); never empty.
bool read_text_list(SchemaStatus& st, const SchemaValue& v, const std::string& path,
                    std::vector<std::string>& out);
// A table with string keys and string/number/boolean values, kept as text ({key = "nofile"}).
bool read_text_map(SchemaStatus& st, const SchemaValue& v, const std::string& path,
                   std::map<std::string, std::string>& out);

// Reads a table as a record with known fields. Every accessor marks its key as known; finish()
// reports the first key that was never asked for (with a "did you mean" suggestion) or a key
// that is not a string. A non-table value fails at construction.
class RecordReader {
 public:
  RecordReader(SchemaStatus& status, const SchemaValue& value, std::string path);

  bool ok() const { return status_.ok(); }
  SchemaStatus& status() { return status_; }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;
  // The value of `key`, or null when absent (nil). Marks the key as known.
  const SchemaValue* get(std::string_view key);
  // Fails with "PATH.key: required field is missing" unless present.
  const SchemaValue* require(std::string_view key);
  bool has(std::string_view key) const;

  // Typed optional fields: `out` is left as is when the field is absent. With `required`, an
  // absent field is an error. Each returns whether the field was present and valid.
  bool text(std::string_view key, std::string& out, bool required = false);
  bool whole(std::string_view key, uint32_t& out, uint32_t min = 0, uint32_t max = UINT32_MAX);
  bool number(std::string_view key, double& out, double min, double max);
  bool boolean(std::string_view key, bool& out);
  bool duration(std::string_view key, SimTime& out, bool required = false, SimTime min = SimTime());
  bool function(std::string_view key, CallbackId& out, bool required = false);
  bool choice(std::string_view key, std::string& out,
              std::initializer_list<std::string_view> choices, bool required = false);
  bool text_list(std::string_view key, std::vector<std::string>& out, bool required = false);
  bool text_map(std::string_view key, std::map<std::string, std::string>& out);

  // Checks that every field was asked for. Call last.
  void finish();

 private:
  SchemaStatus& status_;
  const SchemaValue* value_;
  std::string path_;
  std::vector<std::string> known_;
};

// The sequence part of a list field: fails when the value is not a table, has string keys, or
// has odd keys. Returns null after a failure.
const std::vector<SchemaValue>* read_list(SchemaStatus& st, const SchemaValue& v,
                                          const std::string& path);

}  // namespace firedrill::script
