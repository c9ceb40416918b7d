// libFuzzer target: any bytes through PEP 263 decoding, the tokenizer, the parser and the dumper
// (with and without positions). Crashes, sanitizer reports and stack overflows are findings.
// tests/python/fuzz_harness_test.cpp includes this file to check that inputs reach the dumper.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "python/dump.h"
#include "python/parser.h"

// How many dumps the harness has produced: the harness test's evidence that parsing succeeds
// and the dumper runs.
std::size_t fuzz_python_dump_count = 0;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (int minor : {11, 14}) {
    std::unique_ptr<preflight::python::ParsedModule> parsed =
        preflight::python::parse_module_bytes(bytes, preflight::python::ParseOptions{minor});
    if (parsed->error) continue;
    try {
      if (!preflight::python::dump(*parsed->module, minor == 14).empty()) {
        fuzz_python_dump_count++;
      }
    } catch (const std::runtime_error&) {
      // ast.dump's own ValueError for huge integers: expected.
    }
  }
  return 0;
}
