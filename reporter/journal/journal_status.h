// JournalStatus: the outcome of a journal operation that touches the environment (a file, a
// line of text). Either ok, or an error whose message already carries its context — the path
// and errno text, or `file:line: what is wrong` — ready to print as it is.
// A plain value: cheap to copy, never thrown.
#pragma once

#include <string>
#include <utility>

namespace firedrill {

class [[nodiscard]] JournalStatus {
 public:
  JournalStatus() = default;  // ok
  static JournalStatus error(std::string message) { return JournalStatus(std::move(message)); }

  bool ok() const { return !failed_; }
  // Empty when ok().
  const std::string& message() const { return message_; }

 private:
  explicit JournalStatus(std::string message) : message_(std::move(message)), failed_(true) {}

  std::string message_;
  bool failed_ = false;
};

}  // namespace firedrill
