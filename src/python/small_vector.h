// A vector that keeps its first N items inline. The parser collects children (arguments,
// elements, statements) in short-lived lists that are copied into the arena when the node is
// made; most hold a few items, and std::vector would allocate and free each one.
#pragma once

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <type_traits>

namespace preflight::python {

template <class T, std::size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T>, "items are moved with memcpy");

 public:
  SmallVector() = default;
  SmallVector(std::initializer_list<T> items) {
    for (const T& item : items) push_back(item);
  }
  SmallVector(const SmallVector& other) { append(other); }
  SmallVector(SmallVector&& other) noexcept { take(other); }
  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) {
      clear();
      append(other);
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~SmallVector() { release(); }

  void push_back(const T& item) {
    if (size_ == capacity_) grow();
    data_[size_++] = item;
  }
  void pop_back() { --size_; }
  void clear() { size_ = 0; }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  bool is_inline() const { return data_ == inline_; }

  void grow() {
    const std::size_t capacity = capacity_ * 2;
    T* data = new T[capacity];
    // NOLINTNEXTLINE(bugprone-sizeof-expression): T may be a pointer type; its size is meant.
    std::memcpy(static_cast<void*>(data), data_, size_ * sizeof(T));
    release();
    data_ = data;
    capacity_ = capacity;
  }

  void append(const SmallVector& other) {
    for (const T& item : other) push_back(item);
  }

  void release() {
    if (!is_inline()) delete[] data_;
    data_ = inline_;
    capacity_ = N;
  }

  // Takes over `other`'s items (its heap block, or a copy of its inline ones); `other` is left
  // empty. `this` holds nothing on the heap.
  void take(SmallVector& other) {
    size_ = other.size_;
    if (other.is_inline()) {
      // NOLINTNEXTLINE(bugprone-sizeof-expression): T may be a pointer type; its size is meant.
      std::memcpy(static_cast<void*>(inline_), other.inline_, other.size_ * sizeof(T));
    } else {
      data_ = other.data_;
      capacity_ = other.capacity_;
      other.data_ = other.inline_;
      other.capacity_ = N;
    }
    other.size_ = 0;
  }

  T* data_ = inline_;
  std::size_t size_ = 0;
  std::size_t capacity_ = N;
  T inline_[N];
};

}  // namespace preflight::python
