#include "core/diagnostic.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/parallel.h"
#include "core/rule_catalog.h"

namespace preflight {
namespace {

constexpr RuleInfo kFirst{.code = "PF101",
                          .name = "first",
                          .family = Family::Models,
                          .severity = Severity::Error,
                          .summary = "first summary",
                          .explanation = ""};
constexpr RuleInfo kSecond{.code = "PF204",
                           .name = "second",
                           .family = Family::Migrations,
                           .severity = Severity::Warning,
                           .summary = "second summary",
                           .explanation = ""};

TEST(Findings, BuilderFillsEveryField) {
  SourceMap sources;
  const FileId id = sources.add("/p/m.py", FileKind::Python, "a\nb\n");
  Findings out;
  out.add(kFirst, sources.file(id).span(id, 0, 1))
      .message("msg")
      .related(sources.file(id).span(id, 2, 3), "because")
      .predicts("InFailedSqlTransaction")
      .fix(Fix{"rename", {TextEdit{sources.file(id).span(id, 0, 1), "z"}}, {}});
  std::vector<Diagnostic> all = out.take();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].rule, &kFirst);
  EXPECT_EQ(all[0].severity, Severity::Error);
  EXPECT_EQ(all[0].message, "msg");
  ASSERT_EQ(all[0].related.size(), 1u);
  EXPECT_EQ(all[0].related[0].span.start, (Position{2, 1}));
  EXPECT_EQ(all[0].predicted_failure, "InFailedSqlTransaction");
  ASSERT_TRUE(all[0].fix.has_value());
  EXPECT_EQ(all[0].fix->edits[0].content, "z");
}

TEST(Diagnostics, SortByPathLineColumnCode) {
  SourceMap sources;
  const FileId b = sources.add("/p/b.py", FileKind::Python, "xx\nyy\n");
  const FileId a = sources.add("/p/a.py", FileKind::Python, "xx\nyy\n");
  Findings out;
  out.add(kSecond, sources.file(b).span(b, 0, 1));
  out.add(kSecond, sources.file(a).span(a, 3, 4));
  out.add(kFirst, sources.file(a).span(a, 3, 4));
  out.add(kFirst, sources.file(a).span(a, 1, 2));
  std::vector<Diagnostic> all = out.take();
  sort_diagnostics(all, sources);
  std::vector<std::string> order;
  for (const Diagnostic& d : all) {
    order.push_back(sources.file(d.span.file).path().string() + ":" +
                    std::to_string(d.span.start.line) + ":" + std::to_string(d.span.start.column) +
                    ":" + std::string(d.rule->code));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"/p/a.py:1:2:PF101", "/p/a.py:2:1:PF101",
                                             "/p/a.py:2:1:PF204", "/p/b.py:1:1:PF204"}));
  const Summary summary = summarize(all);
  EXPECT_EQ(summary.by_severity.at("error"), 2u);
  EXPECT_EQ(summary.by_code.at("PF204"), 2u);
}

TEST(RuleCatalog, FindsCodesAndPrefixes) {
  const RuleCatalog catalog({&kSecond, &kFirst});
  EXPECT_EQ(catalog.rules().front(), &kFirst);
  EXPECT_EQ(catalog.find("PF204"), &kSecond);
  EXPECT_EQ(catalog.find("PF2"), nullptr);
  for (const char* selector : {"ALL", "PF", "PF1", "PF10", "PF101", "PF2"}) {
    EXPECT_TRUE(catalog.is_selector(selector)) << selector;
  }
  for (const char* selector : {"", "PF3", "PF1011", "pf101", "E501"}) {
    EXPECT_FALSE(catalog.is_selector(selector)) << selector;
  }
}

TEST(Severity, ParsesAndOrders) {
  EXPECT_EQ(parse_severity("warning"), Severity::Warning);
  EXPECT_FALSE(parse_severity("fatal").has_value());
  EXPECT_LT(Severity::Info, Severity::Warning);
  EXPECT_LT(Severity::Warning, Severity::Error);
}

TEST(ParallelFor, VisitsEveryIndexOnceWhateverTheThreadCount) {
  for (unsigned jobs : {0u, 1u, 2u, 8u}) {
    std::vector<int> visits(1000, 0);
    parallel_for(visits.size(), jobs, [&](std::size_t i) { ++visits[i]; });
    EXPECT_EQ(std::count(visits.begin(), visits.end(), 1), 1000) << jobs;
  }
}

}  // namespace
}  // namespace preflight
