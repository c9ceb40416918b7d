// A bounded parallel loop: ninja-style, plain threads, no pool kept alive between calls.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace preflight {

// Calls `body(i)` for every i in [0, count) on up to `jobs` threads. `body` must only touch
// state owned by index i; results are therefore independent of the thread count.
template <typename Body>
void parallel_for(std::size_t count, unsigned jobs, Body body) {
  const std::size_t threads = std::min<std::size_t>(std::max(1u, jobs), count);
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) body(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
}

}  // namespace preflight
