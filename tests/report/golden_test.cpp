// Every format on the fixture, compared byte for byte with tests/report/golden/.
//
// Golden files are never rewritten by a normal test run. After an intended change to a format,
// regenerate them with
//     PREFLIGHT_UPDATE_GOLDEN=1 build/<dir>/tests/test_report --gtest_filter='Golden.*'
// and review `git diff tests/report/golden/` before committing.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "report/fixture.h"

namespace preflight::report::testing {
namespace {

std::filesystem::path golden_path(std::string_view name) {
  return std::filesystem::path(PREFLIGHT_SOURCE_DIR) / "tests" / "report" / "golden" / name;
}

bool updating() {
  const char* value = std::getenv("PREFLIGHT_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

// The first line where two texts differ, for a readable failure message.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected);
  std::istringstream b(actual);
  std::string left;
  std::string right;
  for (int line = 1;; ++line) {
    const bool more_left = static_cast<bool>(std::getline(a, left));
    const bool more_right = static_cast<bool>(std::getline(b, right));
    if (!more_left && !more_right) return "texts differ only in their final newline";
    if (left != right || more_left != more_right) {
      return "line " + std::to_string(line) + "\n  golden: " + (more_left ? left : "<end>") +
             "\n  actual: " + (more_right ? right : "<end>");
    }
  }
}

void expect_golden(std::string_view name, const std::string& actual) {
  const std::filesystem::path path = golden_path(name);
  if (updating()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path
                  << " (generate it with PREFLIGHT_UPDATE_GOLDEN=1)";
  const std::string expected((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  EXPECT_TRUE(expected == actual) << name << ": " << first_difference(expected, actual);
}

class Golden : public ::testing::Test {
 protected:
  Fixture fixture;
};

TEST_F(Golden, Text) {
  expect_golden("findings.txt", render(Format::Text, fixture.input()));
}

TEST_F(Golden, TextColor) {
  expect_golden("findings.color.txt", render(Format::Text, fixture.input(), {.color = true}));
}

TEST_F(Golden, TextQuiet) {
  expect_golden("findings.quiet.txt", render(Format::Text, fixture.input(), {.quiet = true}));
}

TEST_F(Golden, TextStatistics) {
  expect_golden("findings.statistics.txt",
                render(Format::Text, fixture.input(), {.statistics = true}));
}

TEST_F(Golden, Json) {
  expect_golden("findings.json", render(Format::Json, fixture.input()));
}

TEST_F(Golden, Sarif) {
  expect_golden("findings.sarif", render(Format::Sarif, fixture.input()));
}

TEST_F(Golden, Github) {
  expect_golden("findings.github.txt", render(Format::Github, fixture.input()));
}

TEST_F(Golden, Markdown) {
  expect_golden("findings.md", render(Format::Markdown, fixture.input()));
}

TEST_F(Golden, Junit) {
  expect_golden("findings.junit.xml", render(Format::Junit, fixture.input()));
}

}  // namespace
}  // namespace preflight::report::testing
