#include "sim/api/tar_gz.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <stdexcept>

namespace firedrill::api {

namespace {

la_ssize_t append(struct archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

void check(struct archive* a, int rc, const char* what) {
  if (rc == ARCHIVE_OK) return;
  const char* why = archive_error_string(a);
  throw std::runtime_error(std::string("archive: ") + what + ": " + (why ? why : "failed"));
}

}  // namespace

std::string write_tar_gz(const std::vector<ArchiveFile>& files, int64_t mtime_unix_s) {
  std::string out;
  std::unique_ptr<struct archive, int (*)(struct archive*)> a(archive_write_new(),
                                                              archive_write_free);
  if (!a) throw std::runtime_error("archive: out of memory");
  check(a.get(), archive_write_add_filter_gzip(a.get()), "gzip");
  check(a.get(), archive_write_set_format_pax_restricted(a.get()), "tar format");
  // One block per write: the callback appends to `out`, so there is no reason to pad.
  archive_write_set_bytes_in_last_block(a.get(), 1);
  check(a.get(), archive_write_open(a.get(), &out, nullptr, append, nullptr), "open");
  std::unique_ptr<struct archive_entry, void (*)(struct archive_entry*)> entry(archive_entry_new(),
                                                                               archive_entry_free);
  for (const ArchiveFile& f : files) {
    archive_entry_clear(entry.get());
    archive_entry_set_pathname(entry.get(), f.path.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(f.bytes.size()));
    archive_entry_set_mtime(entry.get(), static_cast<time_t>(mtime_unix_s), 0);
    check(a.get(), archive_write_header(a.get(), entry.get()), f.path.c_str());
    if (!f.bytes.empty() && archive_write_data(a.get(), f.bytes.data(), f.bytes.size()) !=
                                static_cast<la_ssize_t>(f.bytes.size()))
      check(a.get(), ARCHIVE_FATAL, f.path.c_str());
  }
  check(a.get(), archive_write_close(a.get()), "close");
  return out;
}

}  // namespace firedrill::api
