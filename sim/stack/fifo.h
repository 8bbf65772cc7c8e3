// Fifo: an unbounded first-in-first-out queue of 64-bit values on a growable ring buffer.
// Faster than std::deque for the model's wait queues (workers, pool, DB slots).
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

namespace firedrill {

class Fifo {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  void push(uint64_t v) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = v;
    ++size_;
  }
  // REQUIRES: !empty()
  uint64_t pop() {
    assert(size_ > 0);
    const uint64_t v = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return v;
  }
  void clear() { head_ = size_ = 0; }

 private:
  // Out of line: rare, and inlined into the flattened hot paths it costs them registers.
  [[gnu::noinline]] void grow() {
    std::vector<uint64_t> bigger(buf_.empty() ? 16 : buf_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_.swap(bigger);
    head_ = 0;
  }
  std::vector<uint64_t> buf_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace firedrill
