// Structure of the JSON and SARIF outputs: the documented keys exactly, and every property GitHub
// code scanning requires ("SARIF support for code scanning").
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/fixture.h"

namespace preflight::report::testing {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (const auto& item : object.items()) out.push_back(item.key());
  return out;
}

const Json* find_by(const Json& array, const std::string& key, const std::string& value) {
  for (const Json& item : array) {
    if (item.at(key) == value) return &item;
  }
  return nullptr;
}

constexpr RuleInfo kRule{.code = "PF900",
                         .name = "test-rule",
                         .family = Family::Deploy,
                         .severity = Severity::Warning,
                         .summary = "a test rule",
                         .explanation = "## What it finds\n\nThings.\n"};
constexpr RuleInfo kOtherRule{.code = "PF901",
                              .name = "other-rule",
                              .family = Family::Deploy,
                              .severity = Severity::Warning,
                              .summary = "another test rule",
                              .explanation = ""};

TEST(Json, HasExactlyTheDocumentedKeysInOrder) {
  const Fixture fixture;
  const Json doc = Json::parse(render(Format::Json, fixture.input()));
  EXPECT_EQ(keys(doc), (std::vector<std::string>{"version", "findings", "summary"}));
  EXPECT_EQ(doc["version"], "0.1.0");
  ASSERT_EQ(doc["findings"].size(), fixture.diagnostics.size());
  std::size_t related = 0;
  std::size_t edits = 0;
  for (const Json& finding : doc["findings"]) {
    EXPECT_EQ(keys(finding), (std::vector<std::string>{
                                 "code", "name", "severity", "message", "path", "line", "column",
                                 "end_line", "end_column", "related", "predicted_failure", "fix"}));
    for (const Json& r : finding["related"]) {
      EXPECT_EQ(keys(r), (std::vector<std::string>{"path", "line", "column", "note"}));
      ++related;
    }
    EXPECT_TRUE(finding["predicted_failure"].is_null() || finding["predicted_failure"].is_string());
    if (!finding["fix"].is_null()) {
      EXPECT_EQ(keys(finding["fix"]), (std::vector<std::string>{"message", "edits"}));
      for (const Json& edit : finding["fix"]["edits"]) {
        EXPECT_EQ(keys(edit), (std::vector<std::string>{"path", "line", "column", "end_line",
                                                        "end_column", "content"}));
        ++edits;
      }
    }
    const std::set<std::string> severities = {"error", "warning", "info"};
    EXPECT_TRUE(severities.count(finding["severity"].get<std::string>()));
  }
  EXPECT_GT(related, 0u);
  EXPECT_GT(edits, 0u);
  EXPECT_EQ(keys(doc["summary"]), (std::vector<std::string>{"by_severity", "by_code"}));
  EXPECT_EQ(keys(doc["summary"]["by_severity"]),
            (std::vector<std::string>{"error", "warning", "info"}));
}

TEST(Json, Values) {
  const Fixture fixture;
  const Json doc = Json::parse(render(Format::Json, fixture.input()));
  const Json& findings = doc["findings"];

  const Json* secret = find_by(findings, "code", "PF305");
  ASSERT_NE(secret, nullptr);
  EXPECT_TRUE((*secret)["predicted_failure"].is_null());
  EXPECT_TRUE((*secret)["fix"].is_null());
  EXPECT_EQ((*secret)["related"], Json::array());

  // Columns count code points: "café.example.com" with its quotes is 18 code points, 19 bytes.
  const Json* host = find_by(findings, "code", "PF306");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ((*host)["column"], 18);
  EXPECT_EQ((*host)["end_column"], 36);
  EXPECT_EQ((*host)["path"], "config/settings/production.py");

  // A path outside the base stays absolute.
  const Json* compose = find_by(findings, "code", "PF502");
  ASSERT_NE(compose, nullptr);
  EXPECT_EQ((*compose)["path"], "/opt/shared/compose.prod,eu.yaml");

  // A new file of a fix is an edit at 1:1-1:1 with the new file's path.
  const Json* redirect = find_by(findings, "code", "PF303");
  ASSERT_NE(redirect, nullptr);
  const Json* created = find_by((*redirect)["fix"]["edits"], "path", "deploy/healthcheck.sh");
  ASSERT_NE(created, nullptr);
  EXPECT_EQ((*created)["line"], 1);
  EXPECT_EQ((*created)["column"], 1);
  EXPECT_EQ((*created)["end_line"], 1);
  EXPECT_EQ((*created)["end_column"], 1);
  EXPECT_EQ((*redirect)["predicted_failure"],
            "HTTP 301 Moved Permanently to https://shop.example.com/api/v1/health/");

  EXPECT_EQ(doc["summary"]["by_severity"], Json::parse(R"({"error":3,"warning":3,"info":2})"));
  EXPECT_EQ(doc["summary"]["by_code"].size(), 8u);
  EXPECT_EQ(doc["summary"]["by_code"]["PF301"], 1);
}

TEST(Json, NoFindings) {
  const Scenario s;
  const Json doc = Json::parse(render(Format::Json, s.input()));
  EXPECT_EQ(doc["findings"], Json::array());
  EXPECT_EQ(doc["summary"]["by_severity"], Json::parse(R"({"error":0,"warning":0,"info":0})"));
  EXPECT_EQ(doc["summary"]["by_code"], Json::object());
}

TEST(Json, InvalidUtf8IsReplacedNotFatal) {
  Scenario s;
  s.catalog = RuleCatalog({&kRule});
  const FileId file = s.sources.add("/srv/shop/x.py", FileKind::Python, "x = 1\n");
  Findings findings;
  findings.add(kRule, find_span(s.sources, file, "x")).message("bad \xff byte");
  s.diagnostics = findings.take();
  const Json doc = Json::parse(render(Format::Json, s.input()));
  EXPECT_EQ(doc["findings"][0]["message"], "bad \xef\xbf\xbd byte");
}

class Sarif : public ::testing::Test {
 protected:
  Fixture fixture;
  Json doc = Json::parse(render(Format::Sarif, fixture.input()));
};

void expect_region(const Json& region) {
  EXPECT_EQ(keys(region),
            (std::vector<std::string>{"startLine", "startColumn", "endLine", "endColumn"}));
  for (const auto& item : region.items()) EXPECT_GE(item.value().get<int>(), 1) << item.key();
}

void expect_artifact(const Json& artifact) {
  const std::string uri = artifact.at("uri");
  if (uri.rfind("file:///", 0) == 0) {
    EXPECT_FALSE(artifact.contains("uriBaseId")) << uri;
  } else {
    EXPECT_EQ(artifact.at("uriBaseId"), "%SRCROOT%") << uri;
    EXPECT_NE(uri.front(), '/');
  }
}

TEST_F(Sarif, TopLevel) {
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_TRUE(doc["$schema"].is_string());
  ASSERT_EQ(doc["runs"].size(), 1u);
  const Json& run = doc["runs"][0];
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///srv/shop/");
  EXPECT_EQ(run["tool"]["driver"]["name"], "preflight");
  EXPECT_EQ(run["tool"]["driver"]["version"], "0.1.0");
  EXPECT_EQ(run["tool"]["driver"]["semanticVersion"], "0.1.0");
  EXPECT_FALSE(run["tool"]["driver"].contains("informationUri"));
}

TEST_F(Sarif, EveryCatalogRuleWithHelp) {
  const Json& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), fixture.catalog.rules().size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Json& rule = rules[i];
    EXPECT_EQ(rule["id"], fixture.catalog.rules()[i]->code);
    EXPECT_TRUE(rule["name"].is_string());
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    const std::string full = rule["fullDescription"]["text"];
    EXPECT_FALSE(full.empty());
    EXPECT_LE(count_code_points(full), 1000u) << rule["id"];
    EXPECT_FALSE(rule["help"]["text"].get<std::string>().empty());
    EXPECT_TRUE(rule["help"]["markdown"].is_string());
    const std::set<std::string> levels = {"error", "warning", "note"};
    EXPECT_TRUE(levels.count(rule["defaultConfiguration"]["level"].get<std::string>()));
    EXPECT_EQ(rule["properties"]["tags"].size(), 1u);
  }
  // The long description is cut with an ellipsis; a rule without explanation uses its summary.
  const Json* long_rule = find_by(rules, "id", "PF301");
  ASSERT_NE(long_rule, nullptr);
  const std::string cut = (*long_rule)["fullDescription"]["text"];
  EXPECT_EQ(cut.substr(cut.size() - 3), "\xe2\x80\xa6");
  const Json* bare = find_by(rules, "id", "PF601");
  ASSERT_NE(bare, nullptr);
  EXPECT_EQ((*bare)["fullDescription"]["text"], (*bare)["shortDescription"]["text"]);
}

TEST_F(Sarif, ResultsHaveWhatCodeScanningNeeds) {
  const Json& run = doc["runs"][0];
  const Json& results = run["results"];
  ASSERT_EQ(results.size(), fixture.diagnostics.size());
  std::set<std::string> fingerprints;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Json& result = results[i];
    const Diagnostic& d = fixture.diagnostics[i];
    EXPECT_EQ(result["ruleId"], d.rule->code);
    EXPECT_EQ(run["tool"]["driver"]["rules"][result["ruleIndex"].get<std::size_t>()]["id"],
              result["ruleId"]);
    const std::set<std::string> levels = {"error", "warning", "note"};
    EXPECT_TRUE(levels.count(result["level"].get<std::string>()));
    EXPECT_EQ(result["message"]["text"].get<std::string>().rfind(d.message, 0), 0u);
    ASSERT_EQ(result["locations"].size(), 1u);
    const Json& physical = result["locations"][0]["physicalLocation"];
    expect_artifact(physical["artifactLocation"]);
    expect_region(physical["region"]);
    EXPECT_EQ(physical["region"]["startLine"], d.span.start.line);
    EXPECT_EQ(physical["region"]["startColumn"], d.span.start.column);
    EXPECT_EQ(physical["region"]["endLine"], d.span.stop.line);
    EXPECT_EQ(physical["region"]["endColumn"], d.span.stop.column);

    if (d.related.empty()) {
      EXPECT_FALSE(result.contains("relatedLocations"));
    } else {
      ASSERT_EQ(result["relatedLocations"].size(), d.related.size());
      std::set<int> ids;
      for (std::size_t k = 0; k < d.related.size(); ++k) {
        const Json& related = result["relatedLocations"][k];
        ids.insert(related["id"].get<int>());
        EXPECT_EQ(related["message"]["text"], d.related[k].note);
        expect_artifact(related["physicalLocation"]["artifactLocation"]);
        expect_region(related["physicalLocation"]["region"]);
      }
      EXPECT_EQ(ids.size(), d.related.size());
    }

    ASSERT_EQ(result["partialFingerprints"].size(), 1u);
    const std::string fingerprint = result["partialFingerprints"]["preflightFindingHash/v1"];
    EXPECT_FALSE(fingerprint.empty());
    fingerprints.insert(fingerprint);
    EXPECT_EQ(result.contains("fixes"), d.fix.has_value());
  }
  EXPECT_EQ(fingerprints.size(), results.size());
}

TEST_F(Sarif, LevelsFollowSeverity) {
  const Json& results = doc["runs"][0]["results"];
  EXPECT_EQ((*find_by(results, "ruleId", "PF301"))["level"], "error");
  EXPECT_EQ((*find_by(results, "ruleId", "PF303"))["level"], "warning");
  EXPECT_EQ((*find_by(results, "ruleId", "PF306"))["level"], "note");
}

TEST_F(Sarif, PredictedFailureIsTheSecondSentence) {
  const Json& results = doc["runs"][0]["results"];
  EXPECT_EQ((*find_by(results, "ruleId", "PF301"))["message"]["text"],
            "CSRF_USE_SESSIONS = True, but SessionMiddleware comes after CsrfViewMiddleware. "
            "Predicted failure: Forbidden (403): CSRF verification failed. Request aborted.");
  EXPECT_EQ((*find_by(results, "ruleId", "PF305"))["message"]["text"],
            "SECRET_KEY is a literal in the production settings");
}

TEST_F(Sarif, FixesAreReplacements) {
  const Json& results = doc["runs"][0]["results"];
  const Json& fix = (*find_by(results, "ruleId", "PF301"))["fixes"][0];
  EXPECT_EQ(fix["description"]["text"], "Move SessionMiddleware above CsrfViewMiddleware");
  ASSERT_EQ(fix["artifactChanges"].size(), 1u);
  const Json& change = fix["artifactChanges"][0];
  EXPECT_EQ(change["artifactLocation"]["uri"], "config/settings/production.py");
  ASSERT_EQ(change["replacements"].size(), 2u);
  EXPECT_EQ(change["replacements"][0]["deletedRegion"],
            Json::parse(R"({"startLine":14,"startColumn":1,"endLine":14,"endColumn":1})"));
  EXPECT_EQ(change["replacements"][0]["insertedContent"]["text"],
            "    \"django.contrib.sessions.middleware.SessionMiddleware\",\n");
  // A deletion has no insertedContent.
  EXPECT_FALSE(change["replacements"][1].contains("insertedContent"));

  // Edits and new files of one fix: one artifactChange per file.
  const Json& redirect = (*find_by(results, "ruleId", "PF303"))["fixes"][0];
  ASSERT_EQ(redirect["artifactChanges"].size(), 2u);
  EXPECT_EQ(redirect["artifactChanges"][1]["artifactLocation"]["uri"], "deploy/healthcheck.sh");
}

TEST_F(Sarif, UrisAreEncodedAndAbsoluteOutsideTheBase) {
  const Json& results = doc["runs"][0]["results"];
  EXPECT_EQ((*find_by(results, "ruleId",
                      "PF502"))["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///opt/shared/compose.prod%2Ceu.yaml");

  Scenario s;
  s.catalog = RuleCatalog({&kRule});
  const FileId file = s.sources.add("/srv/shop/ma app/caf\xc3\xa9#1.py", FileKind::Python, "x\n");
  Findings findings;
  findings.add(kRule, find_span(s.sources, file, "x"));
  s.diagnostics = findings.take();
  const Json out = Json::parse(render(Format::Sarif, s.input()));
  EXPECT_EQ(out["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
            Json::parse(R"({"uri":"ma%20app/caf%C3%A9%231.py","uriBaseId":"%SRCROOT%"})"));
}

// Builds one file with `prefix` lines before "value = compute()" and a finding of `rule` on it.
std::string fingerprint_of(const std::string& prefix, const RuleInfo& rule, int occurrence = 0,
                           std::size_t result = 0) {
  Scenario s;
  s.catalog = RuleCatalog({&kRule, &kOtherRule});
  const std::string text = prefix + "value = compute()\nother()\n    value  =  compute()\n";
  const FileId file = s.sources.add("/srv/shop/app/jobs.py", FileKind::Python, text);
  Findings findings;
  findings.add(rule, find_span(s.sources, file, "compute", occurrence));
  if (result > 0) findings.add(rule, find_span(s.sources, file, "compute", 1));
  s.diagnostics = findings.take();
  sort_diagnostics(s.diagnostics, s.sources);
  const Json out = Json::parse(render(Format::Sarif, s.input()));
  return out["runs"][0]["results"][result]["partialFingerprints"]["preflightFindingHash/v1"];
}

TEST(SarifFingerprint, SurvivesLineShifts) {
  const std::string original = fingerprint_of("", kRule);
  EXPECT_EQ(fingerprint_of("import os\n\n\n", kRule), original);
  EXPECT_NE(fingerprint_of("", kOtherRule), original);
  EXPECT_EQ(original.substr(original.size() - 2), ":1");
}

TEST(SarifFingerprint, IdenticalLinesAreNumbered) {
  // Lines 1 and 3 differ only in whitespace: same hash, occurrence 1 and 2.
  const std::string first = fingerprint_of("", kRule, 0, 0);
  const std::string second = fingerprint_of("", kRule, 0, 1);
  EXPECT_EQ(first.substr(0, first.find(':')), second.substr(0, second.find(':')));
  EXPECT_EQ(first.substr(first.find(':')), ":1");
  EXPECT_EQ(second.substr(second.find(':')), ":2");
}

TEST(SarifEmpty, StillListsEveryRule) {
  Scenario s;
  s.catalog = fixture_catalog();
  const Json doc = Json::parse(render(Format::Sarif, s.input()));
  EXPECT_EQ(doc["runs"][0]["results"], Json::array());
  EXPECT_EQ(doc["runs"][0]["tool"]["driver"]["rules"].size(), s.catalog.rules().size());
}

}  // namespace
}  // namespace preflight::report::testing
