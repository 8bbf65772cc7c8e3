// The typed reads and RecordReader of scenario_schema.h: plain C++ over SchemaValue trees.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/faults/fault_params.h"
#include "sim/script/scenario_schema.h"

namespace firedrill::script {

namespace {

std::string item_path(const std::string& path, size_t index) {
  return fmt::format("{}[{}]", path, index + 1);
}

}  // namespace

// ---- [SECTION] Typed reads --------------------------------------------------------------------

bool read_text(SchemaStatus& st, const SchemaValue& v, const std::string& path, std::string& out,
               bool allow_empty) {
  if (!st.ok()) return false;
  if (v.type != SchemaValue::Type::string) {
    st.fail(path, "expected a string, got " + describe_value(v));
    return false;
  }
  if (!allow_empty && v.text.empty()) {
    st.fail(path, "expected a non-empty string");
    return false;
  }
  out = v.text;
  return true;
}

bool read_whole(SchemaStatus& st, const SchemaValue& v, const std::string& path, uint32_t& out,
                uint32_t min, uint32_t max) {
  if (!st.ok()) return false;
  std::string expected = "a whole number";
  if (max != UINT32_MAX) {
    expected += fmt::format(" from {} to {}", min, max);
  } else if (min > 0) {
    expected += fmt::format(" of at least {}", min);
  }
  const bool whole = v.type == SchemaValue::Type::number && std::isfinite(v.number) &&
                     v.number == std::floor(v.number);
  if (!whole || v.number < min || v.number > max) {
    st.fail(path, "expected " + expected + ", got " + describe_value(v));
    return false;
  }
  out = static_cast<uint32_t>(v.number);
  return true;
}

bool read_number(SchemaStatus& st, const SchemaValue& v, const std::string& path, double& out,
                 double min, double max) {
  if (!st.ok()) return false;
  std::string expected = "a number";
  if (std::isfinite(min) && std::isfinite(max)) {
    expected += fmt::format(" from {} to {}", format_number(min), format_number(max));
  } else if (std::isfinite(min)) {
    expected += fmt::format(" of at least {}", format_number(min));
  }
  if (v.type != SchemaValue::Type::number || !std::isfinite(v.number) || v.number < min ||
      v.number > max) {
    st.fail(path, "expected " + expected + ", got " + describe_value(v));
    return false;
  }
  out = v.number;
  return true;
}

bool read_boolean(SchemaStatus& st, const SchemaValue& v, const std::string& path, bool& out) {
  if (!st.ok()) return false;
  if (v.type != SchemaValue::Type::boolean) {
    st.fail(path, "expected true or false, got " + describe_value(v));
    return false;
  }
  out = v.boolean;
  return true;
}

bool read_duration(SchemaStatus& st, const SchemaValue& v, const std::string& path, SimTime& out,
                   SimTime min) {
  if (!st.ok()) return false;
  std::optional<SimTime> d;
  if (v.type == SchemaValue::Type::number && std::isfinite(v.number) && v.number >= 0 &&
      v.number < 9.0e12) {
    d = SimTime::from_seconds(v.number);
  } else if (v.type == SchemaValue::Type::string) {
    d = parse_duration_text(v.text);
  }
  if (!d) {
    st.fail(path,
            "expected a duration such as \"30s\", \"5m\" or \"1h30m\" (or a number of "
            "seconds), got " +
                describe_value(v));
    return false;
  }
  if (*d < min) {
    st.fail(path, "expected a duration of at least " + format_duration(min) + ", got " +
                      describe_value(v));
    return false;
  }
  out = *d;
  return true;
}

bool read_function(SchemaStatus& st, const SchemaValue& v, const std::string& path,
                   CallbackId& out) {
  if (!st.ok()) return false;
  if (v.type != SchemaValue::Type::function) {
    st.fail(path, "expected a function, got " + describe_value(v));
    return false;
  }
  out = v.function;
  return true;
}

bool read_choice(SchemaStatus& st, const SchemaValue& v, const std::string& path, std::string& out,
                 std::initializer_list<std::string_view> choices) {
  if (!st.ok()) return false;
  std::vector<std::string> names(choices.begin(), choices.end());
  std::string quoted;
  for (const std::string& n : names) quoted += (quoted.empty() ? "\"" : ", \"") + n + "\"";
  if (v.type != SchemaValue::Type::string ||
      std::find(names.begin(), names.end(), v.text) == names.end()) {
    std::string message = "expected one of " + quoted + ", got " + describe_value(v);
    if (v.type == SchemaValue::Type::string) {
      if (const std::string near = closest_name(v.text, names); !near.empty()) {
        message += " (did you mean \"" + near + "\"?)";
      }
    }
    st.fail(path, std::move(message));
    return false;
  }
  out = v.text;
  return true;
}

bool read_text_list(SchemaStatus& st, const SchemaValue& v, const std::string& path,
                    std::vector<std::string>& out) {
  if (!st.ok()) return false;
  if (v.type == SchemaValue::Type::string) {
    std::string one;
    if (!read_text(st, v, path, one)) return false;
    out = {std::move(one)};
    return true;
  }
  if (v.type != SchemaValue::Type::table) {
    st.fail(path, "expected a string or a list of strings, got " + describe_value(v));
    return false;
  }
  const std::vector<SchemaValue>* items = read_list(st, v, path);
  if (items == nullptr) return false;
  if (items->empty()) {
    st.fail(path, "expected at least one string, got an empty list");
    return false;
  }
  std::vector<std::string> texts(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    if (!read_text(st, (*items)[i], item_path(path, i), texts[i])) return false;
  }
  out = std::move(texts);
  return true;
}

bool read_text_map(SchemaStatus& st, const SchemaValue& v, const std::string& path,
                   std::map<std::string, std::string>& out) {
  if (!st.ok()) return false;
  if (v.type != SchemaValue::Type::table || !v.items.empty() || !v.odd_keys.empty()) {
    st.fail(path,
            "expected a table of named values ({key = \"value\"}), got " +
                (v.type == SchemaValue::Type::table ? std::string("a list") : describe_value(v)));
    return false;
  }
  std::map<std::string, std::string> map;
  for (const auto& [key, value] : v.fields) {
    switch (value.type) {
      case SchemaValue::Type::string:
        map[key] = value.text;
        break;
      case SchemaValue::Type::number:
        map[key] = value.integer ? fmt::format("{}", static_cast<long long>(value.number))
                                 : format_number(value.number);
        break;
      case SchemaValue::Type::boolean:
        map[key] = value.boolean ? "true" : "false";
        break;
      default:
        st.fail(path + "." + key,
                "expected a string, number or boolean, got " + describe_value(value));
        return false;
    }
  }
  out = std::move(map);
  return true;
}

const std::vector<SchemaValue>* read_list(SchemaStatus& st, const SchemaValue& v,
                                          const std::string& path) {
  if (!st.ok()) return nullptr;
  if (v.type != SchemaValue::Type::table) {
    st.fail(path, "expected a list (a table {...}), got " + describe_value(v));
    return nullptr;
  }
  if (!v.fields.empty()) {
    st.fail(path + "." + v.fields.front().first,
            "unexpected named field in a list (expected {item, item, ...})");
    return nullptr;
  }
  if (!v.odd_keys.empty()) {
    st.fail(path, "unexpected key " + v.odd_keys.front() +
                      " in a list (items are numbered 1..n "
                      "without holes)");
    return nullptr;
  }
  return &v.items;
}

// ---- [SECTION] RecordReader -------------------------------------------------------------------

RecordReader::RecordReader(SchemaStatus& status, const SchemaValue& value, std::string path)
    : status_(status), value_(&value), path_(std::move(path)) {
  if (status_.ok() && value.type != SchemaValue::Type::table) {
    status_.fail(path_, "expected a table {...}, got " + describe_value(value));
  }
}

std::string RecordReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const SchemaValue* RecordReader::get(std::string_view key) {
  known_.emplace_back(key);
  if (value_->type != SchemaValue::Type::table) return nullptr;
  const SchemaValue* v = value_->field(key);
  return v != nullptr && !v->is_nil() ? v : nullptr;
}

bool RecordReader::has(std::string_view key) const {
  const SchemaValue* v = value_->type == SchemaValue::Type::table ? value_->field(key) : nullptr;
  return v != nullptr && !v->is_nil();
}

const SchemaValue* RecordReader::require(std::string_view key) {
  const SchemaValue* v = get(key);
  if (v == nullptr && status_.ok()) status_.fail(path_of(key), "required field is missing");
  return v;
}

bool RecordReader::text(std::string_view key, std::string& out, bool required) {
  const SchemaValue* v = required ? require(key) : get(key);
  return v != nullptr && read_text(status_, *v, path_of(key), out);
}

bool RecordReader::whole(std::string_view key, uint32_t& out, uint32_t min, uint32_t max) {
  const SchemaValue* v = get(key);
  return v != nullptr && read_whole(status_, *v, path_of(key), out, min, max);
}

bool RecordReader::number(std::string_view key, double& out, double min, double max) {
  const SchemaValue* v = get(key);
  return v != nullptr && read_number(status_, *v, path_of(key), out, min, max);
}

bool RecordReader::boolean(std::string_view key, bool& out) {
  const SchemaValue* v = get(key);
  return v != nullptr && read_boolean(status_, *v, path_of(key), out);
}

bool RecordReader::duration(std::string_view key, SimTime& out, bool required, SimTime min) {
  const SchemaValue* v = required ? require(key) : get(key);
  return v != nullptr && read_duration(status_, *v, path_of(key), out, min);
}

bool RecordReader::function(std::string_view key, CallbackId& out, bool required) {
  const SchemaValue* v = required ? require(key) : get(key);
  return v != nullptr && read_function(status_, *v, path_of(key), out);
}

bool RecordReader::choice(std::string_view key, std::string& out,
                          std::initializer_list<std::string_view> choices, bool required) {
  const SchemaValue* v = required ? require(key) : get(key);
  return v != nullptr && read_choice(status_, *v, path_of(key), out, choices);
}

bool RecordReader::text_list(std::string_view key, std::vector<std::string>& out, bool required) {
  const SchemaValue* v = required ? require(key) : get(key);
  return v != nullptr && read_text_list(status_, *v, path_of(key), out);
}

bool RecordReader::text_map(std::string_view key, std::map<std::string, std::string>& out) {
  const SchemaValue* v = get(key);
  return v != nullptr && read_text_map(status_, *v, path_of(key), out);
}

void RecordReader::finish() {
  if (!status_.ok() || value_->type != SchemaValue::Type::table) return;
  if (!value_->odd_keys.empty()) {
    status_.fail(path_, "unexpected key " + value_->odd_keys.front() + " (fields have names)");
    return;
  }
  if (!value_->items.empty()) {
    status_.fail(item_path(path_, 0), "unexpected list item in a table of named fields");
    return;
  }
  std::vector<std::string> names = known_;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const auto& [key, v] : value_->fields) {
    if (std::binary_search(names.begin(), names.end(), key)) continue;
    std::string message = "unknown field";
    if (const std::string near = closest_name(key, names); !near.empty()) {
      message += " (did you mean '" + near + "'?)";
    }
    status_.fail(path_of(key), message + "; valid fields: " + join_names(names));
    return;
  }
}

}  // namespace firedrill::script
