// ChunkedRing<T> and ChunkedView<T>: a bounded, append-only sequence whose read-only views
// share storage with the writer. Items live in fixed-size chunks that are allocated once and
// never move; a view copies only the chunk pointers and a count, so taking one costs
// O(chunks) however many items there are (100k log lines: ~100 pointer copies).
// Thread rules: one writer appends; views may be read on other threads while it keeps
// appending, because a view reads only the slots it counted and the writer only writes slots
// past every count it handed out. The view must be handed over with a happens-before
// (SnapshotBuilder publishes under a mutex). When the ring holds `max_chunks` full chunks the
// oldest chunk is dropped whole, so the item count stays within chunk_size * max_chunks.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace firedrill::dash {

namespace detail {
template <class T>
struct Chunk {
  explicit Chunk(size_t n) : items(new T[n]) {}
  std::unique_ptr<T[]> items;
};
}  // namespace detail

template <class T>
class ChunkedView {
 public:
  ChunkedView() = default;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Global index of item 0: how many items were appended before it (and since dropped).
  uint64_t first_index() const { return first_; }
  // One past the global index of the newest item: everything ever appended.
  uint64_t end_index() const { return first_ + size_; }

  // REQUIRES: i < size(). i = 0 is the oldest item held.
  const T& operator[](size_t i) const {
    assert(i < size_);
    return chunks_[i / chunk_size_]->items[i % chunk_size_];
  }
  // REQUIRES: first_index() <= g < end_index().
  const T& at_global(uint64_t g) const { return (*this)[static_cast<size_t>(g - first_)]; }
  const T& back() const { return (*this)[size_ - 1]; }

 private:
  template <class>
  friend class ChunkedRing;
  std::vector<std::shared_ptr<const detail::Chunk<T>>> chunks_;
  size_t chunk_size_ = 1;
  size_t size_ = 0;
  uint64_t first_ = 0;
};

template <class T>
class ChunkedRing {
 public:
  // REQUIRES: chunk_size > 0, max_chunks > 0.
  ChunkedRing(size_t chunk_size, size_t max_chunks)
      : chunk_size_(chunk_size), max_chunks_(max_chunks) {}

  void push_back(T item) {
    if (chunks_.empty() || tail_count_ == chunk_size_) {
      if (chunks_.size() == max_chunks_) {
        chunks_.erase(chunks_.begin());
        first_ += chunk_size_;
      }
      chunks_.push_back(std::make_shared<detail::Chunk<T>>(chunk_size_));
      tail_count_ = 0;
    }
    chunks_.back()->items[tail_count_++] = std::move(item);
  }

  // Drops every item; the next one appended gets the global index end_index() had.
  void clear() {
    first_ = end_index();
    chunks_.clear();
    tail_count_ = 0;
  }

  size_t size() const {
    return chunks_.empty() ? 0 : (chunks_.size() - 1) * chunk_size_ + tail_count_;
  }
  uint64_t first_index() const { return first_; }
  uint64_t end_index() const { return first_ + size(); }
  size_t capacity() const { return chunk_size_ * max_chunks_; }
  size_t chunk_size() const { return chunk_size_; }

  ChunkedView<T> view() const {
    ChunkedView<T> v;
    v.chunks_.assign(chunks_.begin(), chunks_.end());
    v.chunk_size_ = chunk_size_;
    v.size_ = size();
    v.first_ = first_;
    return v;
  }

 private:
  size_t chunk_size_;
  size_t max_chunks_;
  std::vector<std::shared_ptr<detail::Chunk<T>>> chunks_;
  size_t tail_count_ = 0;
  uint64_t first_ = 0;
};

}  // namespace firedrill::dash
