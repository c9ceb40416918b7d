// preflight never runs the analysed project's code, nor any other program: nothing in src/ may
// start a process (DESIGN.md "Testing").
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "run_preflight.h"

namespace preflight::testing {
namespace {

TEST(NoSubprocess, SourceStartsNoProgram) {
  static const std::regex spawn(
      R"(\b(system|popen|fork|vfork|execl|execlp|execle|execv|execvp|execvpe|posix_spawnp?|Py_Initialize|Py_Main)\s*\()");
  std::size_t scanned = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(PREFLIGHT_SOURCE_DIR) / "src")) {
    if (!entry.is_regular_file()) continue;
    const std::string text = read_file(entry.path());
    ++scanned;
    std::smatch match;
    EXPECT_FALSE(std::regex_search(text, match, spawn)) << entry.path() << " calls " << match.str();
  }
  EXPECT_GT(scanned, 10u);
}

}  // namespace
}  // namespace preflight::testing
