// Python patterns matched with RE2 (SECURE_REDIRECT_EXEMPT, URL patterns): every translatable
// pattern gives what Python's re.search gives, checked against /usr/bin/python3; the others are
// reported as untranslatable, never guessed.
#include "django/python_regex.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "support/oracle_process.h"

namespace preflight::django {
namespace {

using nlohmann::json;

const std::vector<std::string> kPatterns = {R"(^healthz/$)",
                                            R"(^api/v1/health/$)",
                                            R"(health)",
                                            R"(^(health|ready)/?$)",
                                            R"(^status/\d+/$)",
                                            R"(^\.well-known/)",
                                            R"(^api/(?P<v>v\d)/ping\Z)",
                                            R"(^[^/]+/live$)",
                                            R"(^metrics)",
                                            R"(flat)",
                                            R"((?i)^HEALTH)",
                                            R"(^a{2,3}$)",
                                            R"(^x\.y$)",
                                            R"(^[]a]$)",
                                            R"(^(?:ready|live)z$)",
                                            R"(^\w+-\w+$)",
                                            R"(^ping(?#comment)$)"};

const std::vector<std::string> kTexts = {"healthz/",
                                         "healthz",
                                         "api/v1/health/",
                                         "noslashflat",
                                         "health/",
                                         "ready",
                                         "status/12/",
                                         ".well-known/acme",
                                         "api/v2/ping",
                                         "api/v2/ping/",
                                         "x/live",
                                         "metrics/",
                                         "HEALTHCHECK/",
                                         "aa",
                                         "aaaa",
                                         "x.y",
                                         "xzy",
                                         "]",
                                         "readyz",
                                         "my-path",
                                         "ping",
                                         ""};

const std::vector<std::string> kUntranslatable = {R"(^(?!admin))",     R"(^(?<=a)b)", R"(^(a)\1$)",
                                                  R"((?P<x>a)(?P=x))", R"(^a++$)",    R"((?>a))"};

TEST(PythonRegex, SearchAgreesWithPythonRe) {
  PREFLIGHT_REQUIRE_ORACLE(testing::command_output("/usr/bin/python3 -c 'import re'"),
                           "/usr/bin/python3");
  const std::string input = ::testing::TempDir() + "/python_regex_cases.json";
  std::ofstream(input) << json{{"patterns", kPatterns}, {"texts", kTexts}}.dump();
  const auto output = testing::command_output(
      "/usr/bin/python3 -c 'import json, re, sys\n"
      "cases = json.load(open(sys.argv[1]))\n"
      "print(json.dumps([[re.search(p, t) is not None for t in cases[\"texts\"]] "
      "for p in cases[\"patterns\"]]))' " +
      testing::shell_quote(input));
  ASSERT_TRUE(output);
  const json expected = json::parse(*output);
  int compared = 0;
  for (std::size_t p = 0; p < kPatterns.size(); ++p) {
    std::string why;
    const auto regex = PythonRegex::compile(kPatterns[p], &why);
    ASSERT_TRUE(regex) << kPatterns[p] << ": " << why;
    for (std::size_t t = 0; t < kTexts.size(); ++t) {
      EXPECT_EQ(regex->search(kTexts[t]), expected[p][t].get<bool>())
          << "re.search(r'" << kPatterns[p] << "', '" << kTexts[t] << "')";
      ++compared;
    }
  }
  std::printf("python regex oracle: %d searches compared\n", compared);
}

TEST(PythonRegex, UntranslatablePatternsSayWhy) {
  for (const std::string& pattern : kUntranslatable) {
    std::string why;
    EXPECT_FALSE(PythonRegex::compile(pattern, &why)) << pattern;
    EXPECT_FALSE(why.empty()) << pattern;
  }
}

TEST(PythonRegex, MatchIsAnchoredAtTheStart) {
  const auto regex = PythonRegex::compile("health");
  ASSERT_TRUE(regex);
  EXPECT_TRUE(regex->match("healthz/"));
  EXPECT_FALSE(regex->match("api/health/"));
  EXPECT_TRUE(regex->search("api/health/"));
}

}  // namespace
}  // namespace preflight::django
