#include "sim/script/script_error.h"

#include <cctype>
#include <charconv>

namespace firedrill::script {

namespace {

constexpr std::string_view kTracebackMarker = "\nstack traceback:\n";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Lua shortens long "@file" chunk names to "...tail" (LUA_IDSIZE); find the full name.
std::string restore_truncated(std::string_view file, std::span<const std::string> known_files) {
  if (!file.starts_with("...")) return std::string(file);
  const std::string_view tail = file.substr(3);
  for (const std::string& known : known_files) {
    if (std::string_view(known).ends_with(tail)) return known;
  }
  return std::string(file);
}

// Finds "FILE:LINE: " at the start of `text`. Returns the length of the prefix, or 0.
size_t position_prefix(std::string_view text, std::string_view& file, int& line) {
  size_t search_from = 0;
  // `[string "..."]` chunk names may themselves contain ':'; skip past the closing bracket.
  if (text.starts_with("[string \"")) {
    const size_t close = text.find("\"]");
    if (close == std::string_view::npos) return 0;
    search_from = close + 2;
  }
  for (size_t colon = text.find(':', search_from); colon != std::string_view::npos;
       colon = text.find(':', colon + 1)) {
    if (colon == 0 || text.substr(0, colon).find('\n') != std::string_view::npos) return 0;
    size_t end = colon + 1;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (end == colon + 1 || end >= text.size() || text[end] != ':') continue;
    int parsed = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + colon + 1, text.data() + end, parsed);
    if (ec != std::errc{} || ptr != text.data() + end) continue;
    file = text.substr(0, colon);
    line = parsed;
    size_t prefix = end + 1;
    if (prefix < text.size() && text[prefix] == ' ') ++prefix;
    return prefix;
  }
  return 0;
}

}  // namespace

const char* to_string(ScriptErrorKind kind) {
  switch (kind) {
    case ScriptErrorKind::syntax:
      return "syntax";
    case ScriptErrorKind::runtime:
      return "runtime";
    case ScriptErrorKind::memory:
      return "memory";
    case ScriptErrorKind::budget:
      return "budget";
    case ScriptErrorKind::io:
      return "io";
    case ScriptErrorKind::host:
      return "host";
  }
  return "unknown";
}

std::string ScriptError::formatted() const {
  if (file.empty()) return message;
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}

std::string_view chunk_display_name(std::string_view chunk_name) {
  if (!chunk_name.empty() && (chunk_name[0] == '@' || chunk_name[0] == '=')) {
    return chunk_name.substr(1);
  }
  return chunk_name;
}

ScriptError parse_lua_error(std::string_view raw, ScriptErrorKind kind,
                            std::span<const std::string> known_files) {
  ScriptError error;
  error.kind = kind;
  std::string_view text = raw;
  if (const size_t at = text.find(kTracebackMarker); at != std::string_view::npos) {
    error.traceback = std::string(text.substr(at + 1));
    text = text.substr(0, at);
  }
  std::string_view file;
  int line = 0;
  if (const size_t prefix = position_prefix(text, file, line); prefix > 0) {
    error.file = restore_truncated(file, known_files);
    error.line = line;
    text = text.substr(prefix);
  }
  error.message = std::string(text);
  return error;
}

}  // namespace firedrill::script
