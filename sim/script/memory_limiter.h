// MemoryLimiter: the lua_Alloc behind a sandbox's lua_State. It counts the bytes the state holds
// and refuses growth past the cap by returning NULL, so Lua raises its own "not enough memory";
// it never refuses a free or a shrink and never throws (it runs inside Lua's C frames).
// One limiter per lua_State, which must not outlive it. Not thread-safe (neither is Lua).
#pragma once

#include <cstddef>
#include <string>

namespace firedrill::script {

class MemoryLimiter {
 public:
  explicit MemoryLimiter(size_t cap_bytes) : cap_(cap_bytes) {}

  // The lua_Alloc function; `ud` is the MemoryLimiter. When `ptr` is NULL, `old_size` encodes an
  // object kind, not a size, and counts as zero.
  static void* allocate(void* ud, void* ptr, size_t old_size, size_t new_size) noexcept;

  size_t cap() const { return cap_; }
  size_t in_use() const { return in_use_; }
  size_t peak() const { return peak_; }
  // How many growth requests were refused since construction (a counter, never reset).
  size_t refusals() const { return refusals_; }

  // While on, growth may go `headroom` bytes past the cap: the host turns it on while it builds
  // an error report (traceback) for a script that filled its memory, and off right after.
  void set_error_headroom(bool on) { headroom_on_ = on; }
  static constexpr size_t kErrorHeadroom = size_t{1} << 20;

 private:
  size_t cap_;
  size_t in_use_ = 0;
  size_t peak_ = 0;
  size_t refusals_ = 0;
  bool headroom_on_ = false;
};

// "64 MiB", "512 KiB" or "1000 bytes": the largest binary unit that divides the size exactly.
std::string format_byte_size(size_t bytes);

}  // namespace firedrill::script
