#include "sim/script/memory_limiter.h"

#include <cstdlib>

namespace firedrill::script {

void* MemoryLimiter::allocate(void* ud, void* ptr, size_t old_size, size_t new_size) noexcept {
  auto* self = static_cast<MemoryLimiter*>(ud);
  const size_t held = ptr != nullptr ? old_size : 0;
  if (new_size == 0) {
    std::free(ptr);
    self->in_use_ -= held;
    return nullptr;
  }
  if (new_size > held) {
    const size_t limit = self->cap_ + (self->headroom_on_ ? kErrorHeadroom : 0);
    const size_t growth = new_size - held;
    if (growth > limit || self->in_use_ > limit - growth) {
      ++self->refusals_;
      return nullptr;  // Lua collects garbage, retries once, then raises "not enough memory".
    }
  }
  void* block = std::realloc(ptr, new_size);
  if (block == nullptr) {
    ++self->refusals_;
    return nullptr;  // the old block, if any, is still valid and still counted
  }
  self->in_use_ = self->in_use_ - held + new_size;
  if (self->in_use_ > self->peak_) self->peak_ = self->in_use_;
  return block;
}

std::string format_byte_size(size_t bytes) {
  constexpr size_t kKiB = 1024;
  constexpr size_t kMiB = kKiB * 1024;
  constexpr size_t kGiB = kMiB * 1024;
  if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace firedrill::script
