#include "reporter/journal/journal_file_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>

namespace firedrill {
namespace {

JournalStatus errno_error(const std::string& path, std::string_view doing, int err) {
  return JournalStatus::error(
      fmt::format("{}: {}: {}", path, doing, std::generic_category().message(err)));
}

// Whether the non-empty file behind `fd` ends with '\n', i.e. its last record is whole.
JournalStatus check_last_line_complete(const std::string& path, int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return errno_error(path, "cannot stat journal", errno);
  if (info.st_size == 0) return {};
  char last = 0;
  ssize_t got;
  do {
    got = ::pread(fd, &last, 1, info.st_size - 1);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return errno_error(path, "cannot read journal", errno);
  if (got == 1 && last != '\n') {
    return JournalStatus::error(
        fmt::format("{}: the last record is incomplete (a crash while writing?); refusing to "
                    "append after it",
                    path));
  }
  return {};
}

}  // namespace

JournalStatus JournalFileWriter::open(const std::string& path,
                                      std::unique_ptr<JournalFileWriter>* out) {
  // O_RDWR only so that open() can look at the last byte; every write goes to the end anyway.
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno_error(path, "cannot open journal", errno);
  JournalStatus status = check_last_line_complete(path, fd);
  if (!status.ok()) {
    ::close(fd);
    return status;
  }
  out->reset(new JournalFileWriter(path, fd));
  return {};
}

JournalFileWriter::~JournalFileWriter() {
  (void)close();
}

JournalStatus JournalFileWriter::append(const JournalRecord& record) {
  if (!failure_.empty()) {
    return JournalStatus::error(
        fmt::format("{}: journal stopped after an earlier error: {}", path_, failure_));
  }
  if (fd_ < 0) return JournalStatus::error(fmt::format("{}: journal is closed", path_));

  const std::string line = to_journal_line(record);
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      failure_ = std::generic_category().message(err);
      return errno_error(path_, "cannot write journal", err);
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

JournalStatus JournalFileWriter::close() {
  if (fd_ < 0) return {};
  JournalStatus status;
  if (::fsync(fd_) != 0) status = errno_error(path_, "cannot sync journal", errno);
  // Linux releases the descriptor even when close() fails, so it is never retried.
  if (::close(fd_) != 0 && status.ok()) status = errno_error(path_, "cannot close journal", errno);
  fd_ = -1;
  return status;
}

}  // namespace firedrill
