// ApiRequest and ApiResponse: one HTTP exchange as plain values, so that every route can be
// tested without a socket; and the readers that validate a request's JSON body and query
// string, whose errors become `400 {"error": "...", "field": "..."}` naming the field.
// Plain values; a BodyReader/QueryReader is used by one thread for one request.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace firedrill::api {

class EventStream;

// Decoded query parameters; a name may occur more than once (rejected by QueryReader).
using QueryParams = std::multimap<std::string, std::string>;

struct ApiRequest {
  std::string method;  // "GET", "POST", ... ("HEAD" is answered like "GET")
  std::string path;    // without the query string, e.g. "/api/v1/logs"
  QueryParams query;
  std::string body;
  std::string token;          // the caller's token ("" for none); single-drill mode ignores it
  std::string last_event_id;  // the SSE Last-Event-ID header, "" when absent
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones: Allow, Retry-After
  // The route pattern that answered, for request statistics ("" when none matched).
  std::string route;
  // Set (with status 200) by the event-stream route: the server streams it instead of `body`.
  std::shared_ptr<EventStream> stream;
};

ApiResponse json_response(int status, const nlohmann::json& value);
// {"error": message, "field": field}; the field is left out when empty.
ApiResponse error_response(int status, std::string_view message, std::string_view field = {});

// Reads a JSON object body field by field. The first problem wins and is kept as a 400
// response; later reads then return defaults. finish() also rejects fields nobody read, so
// a misspelt field ("hypotesis") is an error, not silently ignored.
class BodyReader {
 public:
  // An empty body counts as {}. Anything but a JSON object is an error (field "body").
  explicit BodyReader(std::string_view body);

  // A string field. Required: missing or empty is an error. Longer than max_bytes: error.
  std::string string(std::string_view field, bool required, size_t max_bytes = 4096);
  std::optional<bool> boolean(std::string_view field);
  // A finite number in [min, max].
  std::optional<double> number(std::string_view field, double min, double max);
  // An object whose values are strings, numbers or booleans (numbers and booleans are
  // turned into their JSON text); the error names "field.key". Missing: empty map.
  std::map<std::string, std::string> string_map(std::string_view field);
  // A JSON object as given (for values of several types); missing: nullopt.
  std::optional<nlohmann::json> object(std::string_view field);
  // A string or an array of strings (each 1..max_bytes, at most max_items); missing: empty.
  std::vector<std::string> strings(std::string_view field, size_t max_items, size_t max_bytes);
  bool has(std::string_view field) const;

  // Records an error found by the caller (keeps the first one).
  void fail(std::string_view field, std::string message);
  // The first error, or (when every read passed) an unread field; nullopt when all is well.
  std::optional<ApiResponse> finish();

 private:
  const nlohmann::json* get(std::string_view field);

  nlohmann::json object_;
  std::vector<std::string> read_;
  std::optional<ApiResponse> error_;
};

// Reads query parameters the same way: typed getters, first error kept, unknown names
// rejected by finish() ("token" is always allowed).
class QueryReader {
 public:
  explicit QueryReader(const QueryParams& params) : params_(params) {}

  std::optional<uint64_t> unsigned_integer(std::string_view name, uint64_t max);
  std::optional<int64_t> integer(std::string_view name, int64_t min, int64_t max);
  std::string string(std::string_view name, size_t max_bytes = 256);
  std::optional<bool> boolean(std::string_view name);  // "1", "true", "0", "false"

  void fail(std::string_view name, std::string message);
  std::optional<ApiResponse> finish();

 private:
  const std::string* get(std::string_view name);

  const QueryParams& params_;
  std::vector<std::string> read_;
  std::optional<ApiResponse> error_;
};

}  // namespace firedrill::api
