#include "sim/script/scenario_schema.h"

// [SECTION] index
//   Snapshot           Lua value -> SchemaValue (the only part that touches Lua)
//   Messages           describe_value, format_number
//   Durations          parse / format
//   (Typed reads and RecordReader: scenario_schema_read.cpp.)

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "sim/script/lua_sandbox_pairs.h"

namespace firedrill::script {

// ---- [SECTION] Snapshot -----------------------------------------------------------------------

namespace {

struct SnapshotLimits {
  int max_depth;
  int64_t max_nodes;
  int64_t nodes = 0;
  std::string* error;
};

// Describes a key that is neither a string nor part of the sequence, into the table's list.
// Numbers are formatted by hand: lua_tolstring would convert the key in place.
void note_odd_key(lua_State* L, int key, SchemaValue& out) {
  char text[64];
  switch (lua_type(L, key)) {
    case LUA_TNUMBER:
      if (lua_isinteger(L, key)) {
        std::snprintf(text, sizeof text, "[%lld]", static_cast<long long>(lua_tointeger(L, key)));
      } else {
        std::snprintf(text, sizeof text, "[%g]", static_cast<double>(lua_tonumber(L, key)));
      }
      break;
    case LUA_TBOOLEAN:
      std::snprintf(text, sizeof text, "[%s]", lua_toboolean(L, key) ? "true" : "false");
      break;
    default:
      std::snprintf(text, sizeof text, "a %s key", lua_typename(L, lua_type(L, key)));
      break;
  }
  out.odd_keys.emplace_back(text);
}

// Every local below is trivially destructible, and each C++ temporary ends with its
// statement, before the next Lua call: a Lua error raised here unwinds nothing of ours.
bool snapshot_at(lua_State* L, int index, SchemaValue& out, int depth, SnapshotLimits& limits) {
  index = lua_absindex(L, index);
  if (++limits.nodes > limits.max_nodes) {
    *limits.error = fmt::format("the value is too large (more than {} values)", limits.max_nodes);
    return false;
  }
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      out.type = SchemaValue::Type::nil;
      return true;
    case LUA_TBOOLEAN:
      out.type = SchemaValue::Type::boolean;
      out.boolean = lua_toboolean(L, index) != 0;
      return true;
    case LUA_TNUMBER:
      out.type = SchemaValue::Type::number;
      out.integer = lua_isinteger(L, index) != 0;
      out.number = static_cast<double>(lua_tonumber(L, index));
      return true;
    case LUA_TSTRING: {
      out.type = SchemaValue::Type::string;
      size_t length = 0;
      const char* text = lua_tolstring(L, index, &length);
      out.text.assign(text, length);
      return true;
    }
    case LUA_TFUNCTION:
      out.type = SchemaValue::Type::function;
      out.function = LuaSandbox::from(L).hold_callback(L, index);
      return true;
    case LUA_TTABLE:
      break;
    default:
      out.type = SchemaValue::Type::other;
      out.text = lua_typename(L, lua_type(L, index));
      return true;
  }
  out.type = SchemaValue::Type::table;
  if (depth >= limits.max_depth) {
    *limits.error = fmt::format(
        "tables nest more than {} levels deep (a table that contains "
        "itself?)",
        limits.max_depth);
    return false;
  }
  luaL_checkstack(L, 6, "scenario value nests too deeply");
  const auto count = static_cast<int64_t>(lua_rawlen(L, index));
  if (count > limits.max_nodes - limits.nodes) {
    *limits.error = fmt::format("the value is too large (more than {} values)", limits.max_nodes);
    return false;
  }
  out.items.resize(static_cast<size_t>(count));
  for (int64_t i = 1; i <= count; ++i) {
    lua_rawgeti(L, index, i);
    if (!snapshot_at(L, -1, out.items[static_cast<size_t>(i - 1)], depth + 1, limits)) return false;
    lua_pop(L, 1);
  }
  // The keys in the sandbox's defined order (lua_sandbox_pairs.h), not lua_next's: which
  // callback is held first and which error is found first must not differ between runs.
  push_sorted_keys(L, index);
  const int keys = lua_gettop(L);
  const auto key_count = static_cast<int64_t>(lua_rawlen(L, keys));
  for (int64_t i = 1; i <= key_count; ++i) {
    lua_rawgeti(L, keys, i);
    const int key = lua_gettop(L);
    if (lua_type(L, key) == LUA_TNUMBER && lua_isinteger(L, key)) {
      const lua_Integer k = lua_tointeger(L, key);
      if (k >= 1 && k <= count) {
        lua_pop(L, 1);
        continue;
      }
    }
    if (lua_type(L, key) == LUA_TSTRING) {
      size_t length = 0;
      const char* name = lua_tolstring(L, key, &length);
      out.fields.emplace_back(std::string(name, length), SchemaValue{});
      lua_pushvalue(L, key);
      lua_rawget(L, index);
      if (!snapshot_at(L, -1, out.fields.back().second, depth + 1, limits)) return false;
      lua_pop(L, 1);
    } else {
      note_odd_key(L, key, out);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);  // the keys
  std::sort(out.fields.begin(), out.fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(out.odd_keys.begin(), out.odd_keys.end());
  return true;
}

}  // namespace

const SchemaValue* SchemaValue::field(std::string_view key) const {
  const auto it =
      std::lower_bound(fields.begin(), fields.end(), key,
                       [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it == fields.end() || it->first != key) return nullptr;
  return &it->second;
}

bool snapshot_lua_value(lua_State* L, int index, SchemaValue& out, std::string& error,
                        int max_depth, int64_t max_nodes) {
  SnapshotLimits limits{max_depth, max_nodes, 0, &error};
  return snapshot_at(L, index, out, 0, limits);
}

// ---- [SECTION] Messages -----------------------------------------------------------------------

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return fmt::format("{}", static_cast<long long>(v));
  }
  return fmt::format("{}", v);
}

std::string describe_value(const SchemaValue& v) {
  switch (v.type) {
    case SchemaValue::Type::nil:
      return "nil";
    case SchemaValue::Type::boolean:
      return v.boolean ? "boolean true" : "boolean false";
    case SchemaValue::Type::number:
      return "number " + (v.integer ? fmt::format("{}", static_cast<long long>(v.number))
                                    : fmt::format("{}", v.number));
    case SchemaValue::Type::string: {
      constexpr size_t kShown = 40;
      if (v.text.size() <= kShown) return fmt::format("string \"{}\"", v.text);
      return fmt::format("string \"{}...\"", v.text.substr(0, kShown));
    }
    case SchemaValue::Type::table:
      return "a table";
    case SchemaValue::Type::function:
      return "a function";
    case SchemaValue::Type::other:
      return "a " + v.text + " value";
  }
  return "a value";
}

void SchemaStatus::fail(std::string path, std::string message) {
  if (!error_) error_ = SchemaError{std::move(path), std::move(message)};
}

// ---- [SECTION] Durations ----------------------------------------------------------------------

std::optional<SimTime> parse_duration_text(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  double micros = 0;
  bool bare_number_allowed = true;
  while (!text.empty()) {
    size_t digits = 0;
    while (digits < text.size() &&
           ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.')) {
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, value);
    if (ec != std::errc() || end != text.data() + digits) return std::nullopt;
    text.remove_prefix(digits);
    size_t unit_length = 0;
    while (unit_length < text.size() && text[unit_length] >= 'a' && text[unit_length] <= 'z') {
      ++unit_length;
    }
    const std::string_view unit = text.substr(0, unit_length);
    text.remove_prefix(unit_length);
    double scale = 0;
    if (unit.empty() && bare_number_allowed && text.empty()) {
      scale = 1e6;  // "90": seconds
    } else if (unit == "ms") {
      scale = 1e3;
    } else if (unit == "s") {
      scale = 1e6;
    } else if (unit == "m") {
      scale = 60e6;
    } else if (unit == "h") {
      scale = 3600e6;
    } else if (unit == "d") {
      scale = 86400e6;
    } else {
      return std::nullopt;
    }
    bare_number_allowed = false;
    micros += value * scale;
  }
  if (!std::isfinite(micros) || micros > 9.0e18) return std::nullopt;
  return SimTime::from_micros(micros);
}

std::string format_duration(SimTime d) {
  int64_t us = d.us();
  if (us == 0) return "0s";
  std::string out;
  if (us < 0) {
    out = "-";
    us = -us;
  }
  const int64_t hours = us / 3'600'000'000;
  us %= 3'600'000'000;
  const int64_t minutes = us / 60'000'000;
  us %= 60'000'000;
  const int64_t seconds = us / 1'000'000;
  us %= 1'000'000;
  if (hours > 0) out += fmt::format("{}h", hours);
  if (minutes > 0) out += fmt::format("{}m", minutes);
  if (us == 0) {
    if (seconds > 0) out += fmt::format("{}s", seconds);
  } else if (seconds > 0 || hours > 0 || minutes > 0) {
    out += fmt::format("{}s",
                       format_number(static_cast<double>(seconds) + static_cast<double>(us) / 1e6));
  } else {
    out += fmt::format("{}ms", format_number(static_cast<double>(us) / 1e3));
  }
  return out;
}

}  // namespace firedrill::script
