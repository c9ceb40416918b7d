// Parser throughput: reads the files named on standard input (one path per line), then parses
// each of them `--rounds` times with preflight's parser and prints MB/s on one core. The files are
// read before timing, so only tokenizing and parsing are measured. bench/parse_speed.sh runs it
// next to CPython's ast.parse over the same files and prints the ratio.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "python/parser.h"

int main(int argc, char** argv) {
  int rounds = 3;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  std::vector<std::string> sources;
  std::size_t bytes = 0;
  for (std::string path; std::getline(std::cin, path);) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    sources.push_back(text.str());
    bytes += sources.back().size();
  }
  // Memory of the trees, on standard error: arena bytes (all blocks) per byte of source.
  std::size_t arena_reserved = 0;
  std::size_t arena_used = 0;
  for (const std::string& source : sources) {
    const auto parsed = preflight::python::parse_module_bytes(source);
    arena_reserved += parsed->arena.reserved();
    arena_used += parsed->arena.used();
  }
  const double per_byte = bytes ? 1.0 / static_cast<double>(bytes) : 0.0;
  std::fprintf(stderr, "arena bytes=%zu used=%zu (%.2f, %.2f per source byte)\n", arena_reserved,
               arena_used, static_cast<double>(arena_reserved) * per_byte,
               static_cast<double>(arena_used) * per_byte);
  std::size_t failed = 0;
  double best = 1e300;
  for (int round = 0; round < rounds; ++round) {
    failed = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& source : sources) {
      const auto parsed = preflight::python::parse_module_bytes(source);
      failed += parsed->error ? 1 : 0;
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  // The line bench/parse_speed.sh reads: files, failures, bytes, seconds.
  std::printf("preflight files=%zu failed=%zu bytes=%zu seconds=%.6f\n", sources.size(), failed,
              bytes, best);
  return 0;
}
