#include "reporter/journal/journal_reader.h"

#include <cerrno>
#include <cstdio>
#include <system_error>

#include <fmt/format.h>

namespace firedrill {
namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

JournalReadResult JournalReader::read_string(std::string_view text, std::string_view name) {
  JournalReadResult result;
  size_t line_no = 0;
  size_t prev_seq_line = 0;  // 0: no record yet
  uint64_t prev_seq = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    ++line_no;
    const size_t newline = text.find('\n', pos);
    const bool terminated = newline != std::string_view::npos;
    const std::string_view line = text.substr(pos, terminated ? newline - pos : text.size() - pos);
    pos = terminated ? newline + 1 : text.size();

    if (is_blank(line)) {
      result.warnings.push_back(fmt::format("{}:{}: blank line ignored", name, line_no));
      continue;
    }
    nlohmann::json value;
    JournalStatus status = parse_journal_json(line, &value);
    if (!status.ok()) {
      // Only an unterminated last line can be a record cut short by a crash: the writer puts
      // the '\n' last, so any complete record ends with one.
      if (!terminated) {
        result.warnings.push_back(
            fmt::format("{}:{}: truncated last record ignored", name, line_no));
        break;
      }
      result.status =
          JournalStatus::error(fmt::format("{}:{}: {}", name, line_no, status.message()));
      return result;
    }
    JournalRecord record;
    status = journal_record_from_json(value, &record);
    if (!status.ok()) {
      result.status =
          JournalStatus::error(fmt::format("{}:{}: {}", name, line_no, status.message()));
      return result;
    }
    if (prev_seq_line != 0 && record.seq <= prev_seq) {
      result.status = JournalStatus::error(fmt::format(
          "{}:{}: seq {} is not greater than seq {} on line {} (seq must be strictly increasing)",
          name, line_no, record.seq, prev_seq, prev_seq_line));
      return result;
    }
    prev_seq = record.seq;
    prev_seq_line = line_no;
    result.records.push_back(std::move(record));
  }
  return result;
}

JournalReadResult JournalReader::read_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    JournalReadResult result;
    result.status = JournalStatus::error(
        fmt::format("{}: cannot open journal: {}", path, std::generic_category().message(errno)));
    return result;
  }
  std::string text;
  char buffer[64 * 1024];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  const int read_errno = errno;  // fread sets it on failure (e.g. EISDIR for a directory)
  std::fclose(file);
  if (failed) {
    JournalReadResult result;
    result.status = JournalStatus::error(
        fmt::format("{}: cannot read journal: {}", path,
                    std::generic_category().message(read_errno != 0 ? read_errno : EIO)));
    return result;
  }
  return read_string(text, path);
}

}  // namespace firedrill
