// Helpers shared by the journal tests: a scratch directory removed at scope exit, whole-file
// read/append, and a small record factory.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "reporter/journal/journal_record.h"

namespace firedrill::testing {

class ScratchDir {
 public:
  ScratchDir() {
    static int counter = 0;
    path_ =
        std::filesystem::temp_directory_path() /
        ("firedrill-journal-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void append_raw(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << bytes;
}

inline JournalRecord record(uint64_t seq, const std::string& kind = "test.tick") {
  JournalRecord r;
  r.t = SimTime::millis(static_cast<int64_t>(seq) * 250);
  r.seq = seq;
  r.source = "engine";
  r.kind = kind;
  r.fields = {{"n", seq}, {"ratio", static_cast<double>(seq) / 8.0}};
  return r;
}

}  // namespace firedrill::testing
