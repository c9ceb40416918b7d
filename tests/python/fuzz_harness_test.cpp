// The libFuzzer harness must reach the dumper: a fuzzer whose inputs all stop in the tokenizer
// would report coverage and no findings while testing nothing.
#include <gtest/gtest.h>

#include <string_view>

#include "../../fuzz/fuzz_python.cpp"  // the harness itself, without libFuzzer's main

namespace {

int run(std::string_view input) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

TEST(FuzzHarnessTest, ValidProgramsReachTheDumper) {
  const std::size_t before = fuzz_python_dump_count;
  run("def f(x):\n    return f'{x!r:>10}'\n");
  EXPECT_EQ(fuzz_python_dump_count, before + 2);  // target 3.11 and 3.14
}

TEST(FuzzHarnessTest, InvalidInputsStopQuietly) {
  const std::size_t before = fuzz_python_dump_count;
  run("def f(:\n");
  run(std::string_view("\xff\xfe\x00", 3));
  EXPECT_EQ(fuzz_python_dump_count, before);
}

}  // namespace
