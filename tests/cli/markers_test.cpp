// Expectation markers (DESIGN.md "Testing"): fixture lines carry `# expect: PF101` comments, and
// the set of (code, file, line) that preflight reports must equal the markers exactly — for the
// codes registered so far. Markers of codes no rule has yet are listed as pending, not silently
// dropped.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "run_preflight.h"

namespace preflight::testing {
namespace {

namespace fs = std::filesystem;
using Finding = std::tuple<std::string, std::string, int>;  // code, path, line

// Markers in every text file under `root`. A marker on a comment-only line that names
// `expect` applies to that line when trailing, or to the next line when it stands alone.
std::set<Finding> collect_markers(const fs::path& root) {
  static const std::regex marker(R"(#\s*expect:\s*(PF\d{3}(?:\s*,\s*PF\d{3})*))");
  static const std::regex code(R"(PF\d{3})");
  std::set<Finding> markers;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = fs::relative(entry.path(), PREFLIGHT_SOURCE_DIR).generic_string();
    std::istringstream lines(read_file(entry.path()));
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
      ++number;
      std::smatch match;
      if (!std::regex_search(line, match, marker)) continue;
      const bool alone = line.find_first_not_of(" \t") == line.find('#');
      const std::string codes = match[1];
      for (std::sregex_iterator it(codes.begin(), codes.end(), code), end; it != end; ++it) {
        markers.emplace(it->str(), relative, alone ? number + 1 : number);
      }
    }
  }
  return markers;
}

std::set<Finding> reported(const std::string& example) {
  const RunResult result = run_preflight({"check", "--format", "json", "--exit-zero", example});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::set<Finding> findings;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  for (const auto& finding : report["findings"]) {
    findings.emplace(finding["code"], finding["path"], finding["line"]);
  }
  return findings;
}

std::set<std::string> registered_codes() {
  const RunResult rules = run_preflight({"rules", "--format", "json"});
  std::set<std::string> codes;
  for (const auto& rule : nlohmann::json::parse(rules.out)) codes.insert(rule["code"]);
  return codes;
}

std::string describe(const Finding& f) {
  return std::get<1>(f) + ":" + std::to_string(std::get<2>(f)) + ": " + std::get<0>(f);
}

// The registered codes among `markers`; the others are returned in `pending`.
std::set<Finding> registered_markers(const std::set<Finding>& markers,
                                     const std::set<std::string>& codes,
                                     std::set<std::string>& pending) {
  std::set<Finding> expected;
  for (const Finding& m : markers) {
    if (codes.count(std::get<0>(m))) {
      expected.insert(m);
    } else {
      pending.insert(describe(m));
    }
  }
  return expected;
}

void expect_equal(const std::set<Finding>& found, const std::set<Finding>& expected) {
  for (const Finding& f : found) {
    EXPECT_TRUE(expected.count(f)) << "reported without a marker: " << describe(f);
  }
  for (const Finding& e : expected) {
    EXPECT_TRUE(found.count(e)) << "marker not reported: " << describe(e);
  }
}

TEST(Markers, IncidentFindingsEqualItsMarkers) {
  const std::set<std::string> codes = registered_codes();
  const std::set<Finding> markers =
      collect_markers(fs::path(PREFLIGHT_SOURCE_DIR) / "examples/incident");
  ASSERT_FALSE(markers.empty()) << "examples/incident has no # expect: markers";

  std::set<std::string> pending;
  const std::set<Finding> expected = registered_markers(markers, codes, pending);
  expect_equal(reported("examples/incident"), expected);
  std::cout << "[ pending  ] " << pending.size() << " markers name codes no rule has yet:\n";
  for (const std::string& p : pending) std::cout << "             " << p << "\n";
}

// Every tests/fixtures/rules/<CODE>/<case> folder is a small project checked like the incident:
// its findings equal its markers. A case named `good` (or `good_…`) has no markers and no finding
// of the rule's family (PF1xx for PF101).
TEST(Markers, RuleFixturesFindingsEqualTheirMarkers) {
  const fs::path fixtures = fs::path(PREFLIGHT_SOURCE_DIR) / "tests/fixtures/rules";
  ASSERT_TRUE(fs::is_directory(fixtures)) << fixtures;
  const std::set<std::string> codes = registered_codes();
  std::set<fs::path> cases;
  for (const auto& rule : fs::directory_iterator(fixtures)) {
    if (!rule.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(rule.path())) {
      if (entry.is_directory()) cases.insert(entry.path());
    }
  }
  ASSERT_FALSE(cases.empty());
  for (const fs::path& path : cases) {
    SCOPED_TRACE(path.string());
    const std::string code = path.parent_path().filename().string();
    const std::string relative = fs::relative(path, PREFLIGHT_SOURCE_DIR).generic_string();
    const std::set<Finding> markers = collect_markers(path);
    const std::set<Finding> found = reported(relative);
    if (path.filename() == "good" || path.filename().string().starts_with("good_")) {
      EXPECT_TRUE(markers.empty()) << relative << ": a good case has no markers";
      for (const Finding& f : found) {
        EXPECT_NE(std::get<0>(f).substr(0, 3), code.substr(0, 3))
            << "finding in a good case: " << describe(f);
      }
      continue;
    }
    EXPECT_FALSE(markers.empty()) << relative << " has no # expect: markers";
    std::set<std::string> pending;
    expect_equal(found, registered_markers(markers, codes, pending));
    EXPECT_TRUE(pending.empty()) << relative << ": markers of unregistered codes";
  }
}

TEST(Markers, FixedIncidentHasNoMarkersAndNoFindings) {
  EXPECT_TRUE(collect_markers(fs::path(PREFLIGHT_SOURCE_DIR) / "examples/incident-fixed").empty());
  for (const Finding& f : reported("examples/incident-fixed")) {
    ADD_FAILURE() << "finding on the fixed example: " << describe(f);
  }
}

}  // namespace
}  // namespace preflight::testing
