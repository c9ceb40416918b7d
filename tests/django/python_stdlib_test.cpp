// The standard-library module list against CPython 3.11's own sys.stdlib_module_names.
#include "django/python_stdlib.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/oracle_process.h"

namespace preflight::django {
namespace {

TEST(PythonStdlib, TopLevelNamesAndSubmodules) {
  EXPECT_TRUE(is_stdlib_module("os"));
  EXPECT_TRUE(is_stdlib_module("os.path"));
  EXPECT_TRUE(is_stdlib_module("__future__"));
  EXPECT_TRUE(is_stdlib_module("cProfile"));
  EXPECT_TRUE(is_stdlib_module("zoneinfo"));
  EXPECT_FALSE(is_stdlib_module("django"));
  EXPECT_FALSE(is_stdlib_module("yaml"));
  EXPECT_FALSE(is_stdlib_module("osx"));
  EXPECT_FALSE(is_stdlib_module(""));
  const auto names = stdlib_module_names();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(PythonStdlibOracle, EqualsSysStdlibModuleNamesOfPython311) {
  const bool available = std::filesystem::exists("/usr/bin/python3") &&
                         std::system(
                             "/usr/bin/python3 -c 'import sys; assert sys.version_info[:2] "
                             "== (3, 11)' >/dev/null 2>&1") == 0;
  PREFLIGHT_REQUIRE_ORACLE(available, "/usr/bin/python3 (3.11)");
  const std::optional<std::string> printed = testing::command_output(
      "env -i PATH=/usr/bin:/bin /usr/bin/python3 -c "
      "'import sys; print(\"\\n\".join(sorted(sys.stdlib_module_names)))'");
  ASSERT_TRUE(printed);
  std::vector<std::string> expected;
  std::size_t start = 0;
  while (start < printed->size()) {
    std::size_t end = printed->find('\n', start);
    if (end == std::string::npos) end = printed->size();
    if (end > start) expected.push_back(printed->substr(start, end - start));
    start = end + 1;
  }
  std::vector<std::string> ours;
  for (const std::string_view name : stdlib_module_names()) ours.emplace_back(name);
  EXPECT_EQ(ours, expected);
}

}  // namespace
}  // namespace preflight::django
