#include "sim/api/api_request.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace firedrill::api {

ApiResponse json_response(int status, const nlohmann::json& value) {
  ApiResponse r;
  r.status = status;
  // Replace invalid UTF-8 (a log line, a trainee's note) rather than throwing mid-answer.
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

ApiResponse error_response(int status, std::string_view message, std::string_view field) {
  nlohmann::json j = {{"error", std::string(message)}};
  if (!field.empty()) j["field"] = std::string(field);
  return json_response(status, j);
}

namespace {
std::string type_name(const nlohmann::json& v) {
  return v.is_null() ? "null" : v.type_name();
}
}  // namespace

BodyReader::BodyReader(std::string_view body) {
  const bool blank = std::all_of(body.begin(), body.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  });
  if (blank) {
    object_ = nlohmann::json::object();
    return;
  }
  // No exceptions: a parse error gives a discarded value.
  object_ = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (object_.is_discarded()) {
    error_ = error_response(400, "the body is not valid JSON", "body");
    object_ = nlohmann::json::object();
  } else if (!object_.is_object()) {
    error_ = error_response(
        400, fmt::format("the body must be a JSON object, got {}", type_name(object_)), "body");
    object_ = nlohmann::json::object();
  }
}

void BodyReader::fail(std::string_view field, std::string message) {
  if (!error_) error_ = error_response(400, message, field);
}

bool BodyReader::has(std::string_view field) const {
  return object_.find(std::string(field)) != object_.end();
}

const nlohmann::json* BodyReader::get(std::string_view field) {
  read_.emplace_back(field);
  auto it = object_.find(std::string(field));
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string BodyReader::string(std::string_view field, bool required, size_t max_bytes) {
  const nlohmann::json* v = get(field);
  if (!v) {
    if (required) fail(field, fmt::format("missing field \"{}\"", field));
    return {};
  }
  if (!v->is_string()) {
    fail(field, fmt::format("field \"{}\" must be a string, got {}", field, type_name(*v)));
    return {};
  }
  std::string s = v->get<std::string>();
  if (required && s.empty()) fail(field, fmt::format("field \"{}\" must not be empty", field));
  if (s.size() > max_bytes) {
    fail(field, fmt::format("field \"{}\" is longer than {} bytes", field, max_bytes));
    return {};
  }
  return s;
}

std::optional<nlohmann::json> BodyReader::object(std::string_view field) {
  const nlohmann::json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    fail(field, fmt::format("field \"{}\" must be an object, got {}", field, type_name(*v)));
    return std::nullopt;
  }
  return *v;
}

std::vector<std::string> BodyReader::strings(std::string_view field, size_t max_items,
                                             size_t max_bytes) {
  std::vector<std::string> out;
  const nlohmann::json* v = get(field);
  if (!v) return out;
  const nlohmann::json list = v->is_string() ? nlohmann::json::array({*v}) : *v;
  if (!list.is_array() || list.size() > max_items) {
    fail(field, fmt::format("field \"{}\" must be a string or an array of at most {} strings",
                            field, max_items));
    return {};
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string name = fmt::format("{}[{}]", field, i);
    if (!list[i].is_string() || list[i].get<std::string>().empty() ||
        list[i].get<std::string>().size() > max_bytes) {
      fail(name, fmt::format("field \"{}\" must be a string of 1 to {} bytes", name, max_bytes));
      return {};
    }
    out.push_back(list[i].get<std::string>());
  }
  return out;
}

std::optional<bool> BodyReader::boolean(std::string_view field) {
  const nlohmann::json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    fail(field, fmt::format("field \"{}\" must be true or false, got {}", field, type_name(*v)));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<double> BodyReader::number(std::string_view field, double min, double max) {
  const nlohmann::json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    fail(field, fmt::format("field \"{}\" must be a number, got {}", field, type_name(*v)));
    return std::nullopt;
  }
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    fail(field, fmt::format("field \"{}\" must be between {} and {}", field, min, max));
    return std::nullopt;
  }
  return d;
}

std::map<std::string, std::string> BodyReader::string_map(std::string_view field) {
  std::map<std::string, std::string> out;
  const nlohmann::json* v = get(field);
  if (!v) return out;
  if (!v->is_object()) {
    fail(field, fmt::format("field \"{}\" must be an object, got {}", field, type_name(*v)));
    return out;
  }
  for (const auto& [key, value] : v->items()) {
    const std::string name = fmt::format("{}.{}", field, key);
    if (value.is_string()) {
      out[key] = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      out[key] = value.dump();
    } else {
      fail(name, fmt::format("field \"{}\" must be a string, number or boolean, got {}", name,
                             type_name(value)));
      return {};
    }
    if (out[key].size() > 1024) {
      fail(name, fmt::format("field \"{}\" is longer than 1024 bytes", name));
      return {};
    }
  }
  return out;
}

std::optional<ApiResponse> BodyReader::finish() {
  if (error_) return error_;
  for (const auto& [key, value] : object_.items()) {
    if (std::find(read_.begin(), read_.end(), key) == read_.end())
      return error_response(400, fmt::format("unknown field \"{}\"", key), key);
  }
  return std::nullopt;
}

// --- QueryReader -----------------------------------------------------------------------

void QueryReader::fail(std::string_view name, std::string message) {
  if (!error_) error_ = error_response(400, message, name);
}

const std::string* QueryReader::get(std::string_view name) {
  read_.emplace_back(name);
  const std::string key(name);
  if (params_.count(key) > 1) {
    fail(name, fmt::format("query parameter \"{}\" is given more than once", name));
    return nullptr;
  }
  auto it = params_.find(key);
  return it == params_.end() ? nullptr : &it->second;
}

std::optional<uint64_t> QueryReader::unsigned_integer(std::string_view name, uint64_t max) {
  const std::string* v = get(name);
  if (!v) return std::nullopt;
  uint64_t out = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (v->empty() || ec != std::errc() || end != v->data() + v->size() || out > max) {
    fail(name, fmt::format("query parameter \"{}\" must be an integer from 0 to {}", name, max));
    return std::nullopt;
  }
  return out;
}

std::optional<int64_t> QueryReader::integer(std::string_view name, int64_t min, int64_t max) {
  const std::string* v = get(name);
  if (!v) return std::nullopt;
  int64_t out = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (v->empty() || ec != std::errc() || end != v->data() + v->size() || out < min || out > max) {
    fail(name,
         fmt::format("query parameter \"{}\" must be an integer from {} to {}", name, min, max));
    return std::nullopt;
  }
  return out;
}

std::string QueryReader::string(std::string_view name, size_t max_bytes) {
  const std::string* v = get(name);
  if (!v) return {};
  if (v->size() > max_bytes) {
    fail(name, fmt::format("query parameter \"{}\" is longer than {} bytes", name, max_bytes));
    return {};
  }
  return *v;
}

std::optional<bool> QueryReader::boolean(std::string_view name) {
  const std::string* v = get(name);
  if (!v) return std::nullopt;
  if (*v == "1" || *v == "true") return true;
  if (*v == "0" || *v == "false") return false;
  fail(name, fmt::format("query parameter \"{}\" must be true or false", name));
  return std::nullopt;
}

std::optional<ApiResponse> QueryReader::finish() {
  if (error_) return error_;
  for (const auto& [key, value] : params_) {
    if (key != "token" && std::find(read_.begin(), read_.end(), key) == read_.end())
      return error_response(400, fmt::format("unknown query parameter \"{}\"", key), key);
  }
  return std::nullopt;
}

}  // namespace firedrill::api
