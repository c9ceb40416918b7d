// A bump allocator for AST nodes: a parse allocates many small objects that all die together, so
// they are carved out of large blocks and released at once when the arena goes away.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace preflight::python {

class Arena {
 public:
  Arena() = default;
  // The first block sized for the expected contents, so that a small file's tree takes a few KiB
  // rather than a whole kBlockSize block and a large file's one block. The estimate should be
  // generous: when it falls short, the next block is a quarter of it, doubling after that up to
  // kBlockSize.
  explicit Arena(std::size_t expected_size)
      : next_block_size_(std::clamp(expected_size, kMinBlockSize, kMaxFirstBlockSize)),
        first_block_(true) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  void* allocate(std::size_t size, std::size_t align) {
    std::size_t offset = (used_ + align - 1) & ~(align - 1);
    if (blocks_.empty() || offset + size > capacity_) {
      capacity_ = std::max(next_block_size_, size + align);
      next_block_size_ = first_block_ ? std::max(kMinBlockSize, std::min(kBlockSize, capacity_ / 4))
                                      : std::min(kBlockSize, next_block_size_ * 2);
      first_block_ = false;
      reserved_ += capacity_;
      // Not zeroed: every object is constructed in place (make_unique would memset the block).
      blocks_.push_back(std::unique_ptr<std::byte[]>(new std::byte[capacity_]));
      used_ = 0;
      offset = (reinterpret_cast<std::uintptr_t>(blocks_.back().get()) % align == 0) ? 0 : align;
    }
    used_ = offset + size;
    return blocks_.back().get() + offset;
  }

  // Objects in the arena are never destroyed: only trivially destructible types belong here.
  template <class T, class... Args>
  T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>);
    return new (allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
  }

  template <class T>
  std::span<T> array(std::size_t count) {
    static_assert(std::is_trivially_destructible_v<T>);
    if (count == 0) return {};
    // NOLINTNEXTLINE(bugprone-sizeof-expression): T may be a pointer type; its size is meant.
    T* data = static_cast<T*>(allocate(sizeof(T) * count, alignof(T)));
    for (std::size_t i = 0; i < count; ++i) new (data + i) T{};
    return {data, count};
  }

  // A copy of `items` in the arena (copied bytewise: no default construction first).
  template <class T>
  std::span<T> copy(std::span<const T> items) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    if (items.empty()) return {};
    // NOLINTNEXTLINE(bugprone-sizeof-expression): T may be a pointer type; its size is meant.
    T* data = static_cast<T*>(allocate(sizeof(T) * items.size(), alignof(T)));
    // NOLINTNEXTLINE(bugprone-sizeof-expression): T may be a pointer type; its size is meant.
    std::memcpy(static_cast<void*>(data), items.data(), sizeof(T) * items.size());
    return {data, items.size()};
  }

  template <class T>
  std::span<T> copy(const std::vector<T>& items) {
    return copy(std::span<const T>(items));
  }

  std::string_view copy(std::string_view text) {
    if (text.empty()) return {};
    char* data = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(data, text.data(), text.size());
    return {data, text.size()};
  }

  // Bytes of all blocks, used or not (for measurements).
  std::size_t reserved() const { return reserved_; }
  // Bytes of all blocks but the free end of the last one.
  std::size_t used() const { return reserved_ - (capacity_ - used_); }

 private:
  static constexpr std::size_t kBlockSize = std::size_t{64} << 10;
  static constexpr std::size_t kMinBlockSize = std::size_t{1} << 10;
  static constexpr std::size_t kMaxFirstBlockSize = std::size_t{4} << 20;
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::size_t capacity_ = 0;
  std::size_t used_ = 0;
  std::size_t next_block_size_ = kBlockSize;
  bool first_block_ = false;  // the next block is the first of an arena sized by its contents
  std::size_t reserved_ = 0;
};

}  // namespace preflight::python
