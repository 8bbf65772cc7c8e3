// write_tar_gz: files (name, bytes) packed as one gzip-compressed POSIX tar archive in memory,
// written with libarchive (the instructor's export). Every entry is a regular file, mode
// 0644, owned by nobody in particular, dated `mtime`. Pure apart from the allocation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace firedrill::api {

struct ArchiveFile {
  std::string path;  // inside the archive: "workshop/drafts/alice.md"
  std::string bytes;
};

// Throws std::runtime_error with libarchive's message when it fails.
std::string write_tar_gz(const std::vector<ArchiveFile>& files, int64_t mtime_unix_s = 0);

}  // namespace firedrill::api
