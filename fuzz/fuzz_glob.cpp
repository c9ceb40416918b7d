// Matches arbitrary patterns against arbitrary paths: no crash, no exponential blow-up.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/glob.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\n');
  if (split == std::string_view::npos) return 0;
  (void)preflight::glob_match(input.substr(0, split), input.substr(split + 1));
  return 0;
}
