// Lenient getters for a journal record's `fields`: a missing key or a value of the wrong type
// gives the fallback instead of throwing, because the reporter must turn any journal — also one
// written by an older or newer engine — into a draft (docs/journal.md: readers never fail on
// what they do not know). Header-only, pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace firedrill::fields {

// The member `key` of `object`, or null when `object` is not an object or has no such member.
inline const nlohmann::json* find(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

inline std::string text(const nlohmann::json& object, std::string_view key,
                        std::string fallback = {}) {
  const nlohmann::json* v = find(object, key);
  return v && v->is_string() ? v->get<std::string>() : fallback;
}

inline double number(const nlohmann::json& object, std::string_view key, double fallback = 0.0) {
  const nlohmann::json* v = find(object, key);
  return v && v->is_number() ? v->get<double>() : fallback;
}

inline int64_t integer(const nlohmann::json& object, std::string_view key, int64_t fallback = 0) {
  const nlohmann::json* v = find(object, key);
  if (!v) return fallback;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_float()) {
    const double d = v->get<double>();  // finite: JSON has no NaN or infinity
    if (d >= 9.2e18 || d <= -9.2e18) return fallback;
    return static_cast<int64_t>(d);
  }
  return fallback;
}

inline bool flag(const nlohmann::json& object, std::string_view key, bool fallback = false) {
  const nlohmann::json* v = find(object, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

// The strings of the array `key`; other elements are skipped.
inline std::vector<std::string> texts(const nlohmann::json& object, std::string_view key) {
  std::vector<std::string> out;
  const nlohmann::json* v = find(object, key);
  if (!v || !v->is_array()) return out;
  for (const nlohmann::json& e : *v) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace firedrill::fields
