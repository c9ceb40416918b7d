// The text format's frame layout: tabs, wide characters, control characters, long lines,
// multi-line spans, and the quiet, statistics and colour options.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "report/fixture.h"

namespace preflight::report::testing {
namespace {

constexpr RuleInfo kRuleA{.code = "PF901",
                          .name = "rule-a",
                          .family = Family::Core,
                          .severity = Severity::Error,
                          .summary = "a",
                          .explanation = ""};
constexpr RuleInfo kRuleB{.code = "PF902",
                          .name = "rule-b",
                          .family = Family::Core,
                          .severity = Severity::Warning,
                          .summary = "b",
                          .explanation = ""};
constexpr RuleInfo kRuleC{.code = "PF903",
                          .name = "rule-c",
                          .family = Family::Core,
                          .severity = Severity::Info,
                          .summary = "c",
                          .explanation = ""};

// One file under the base holding `text`, and one finding of kRuleA on `needle`.
struct OneFinding : Scenario {
  OneFinding(std::string_view text, std::string_view needle) {
    catalog = RuleCatalog({&kRuleA, &kRuleB, &kRuleC});
    const FileId file = sources.add("/srv/shop/app/x.py", FileKind::Python, std::string(text));
    Findings findings;
    findings.add(kRuleA, find_span(sources, file, needle)).message("m");
    diagnostics = findings.take();
  }
};

std::string text_of(const Scenario& scenario, TextOptions options = {}) {
  return render(Format::Text, scenario.input(), options);
}

TEST(Text, FirstLineIsPathLineColumnCodeMessage) {
  const OneFinding s("import os\nx = 1\n", "x = 1");
  const std::string out = text_of(s);
  EXPECT_EQ(out.substr(0, out.find('\n')), "app/x.py:2:1: PF901 m");
}

TEST(Text, TabsExpandToStopsOfFourAndCaretsFollow) {
  const OneFinding s("if x:\n\tvalue = 1\n", "value");
  EXPECT_NE(text_of(s).find(" 2 |     value = 1\n   |     ^^^^^\n"), std::string::npos)
      << text_of(s);
}

TEST(Text, TabAfterTextAdvancesToTheNextStop) {
  const OneFinding s("ab\tcd = 1\n", "cd");
  EXPECT_NE(text_of(s).find(" 1 | ab  cd = 1\n   |     ^^\n"), std::string::npos) << text_of(s);
}

TEST(Text, MultiByteCharactersCountOneColumnEach) {
  const OneFinding s("name = \"caf\xc3\xa9\" + x\n", "x\n");
  const std::string out = text_of(s);
  EXPECT_EQ(out.substr(0, out.find('\n')), "app/x.py:1:17: PF901 m");
  // The span includes the newline, so it ends on line 2, column 1; only line 1 is shown.
  EXPECT_NE(out.find("   | " + std::string(16, ' ') + "^\n   |\n"), std::string::npos) << out;
}

TEST(Text, WideCharactersGetTwoCaretsEach) {
  const OneFinding s("title = \"\xe6\x97\xa5\xe6\x9c\xac\" # x\n", "\"\xe6\x97\xa5\xe6\x9c\xac\"");
  EXPECT_NE(text_of(s).find("   |         ^^^^^^\n"), std::string::npos) << text_of(s);
}

TEST(Text, ControlCharactersAreShownAsPictures) {
  const OneFinding s("x = \"\x1b[31m\" # y\n", "# y");
  const std::string out = text_of(s);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  // ESC is drawn as U+241B, one column wide, so the carets stay under "# y".
  EXPECT_NE(out.find(" 1 | x = \"\xe2\x90\x9b[31m\" # y\n   | " + std::string(12, ' ') + "^^^\n"),
            std::string::npos)
      << out;
}

TEST(Text, LongLinesAreCutAroundTheSpan) {
  const std::string line =
      "x = \"" + std::string(300, 'a') + "\" + target + \"" + std::string(300, 'b') + "\"\n";
  const OneFinding s(line, "target");
  const std::string out = text_of(s);
  const std::size_t code = out.find(" 1 | ");
  ASSERT_NE(code, std::string::npos);
  const std::string shown = out.substr(code + 5, out.find('\n', code) - code - 5);
  EXPECT_EQ(shown.rfind("\xe2\x80\xa6", 0), 0u) << "cut on the left: " << shown;
  EXPECT_LE(count_code_points(shown), 120u);
  // The first caret sits under the 't' of "target".
  const std::size_t carets_line = out.find('\n', code) + 1;
  const std::string carets =
      out.substr(carets_line + 5, out.find('\n', carets_line) - carets_line - 5);
  const std::size_t first_caret = carets.find('^');
  ASSERT_NE(first_caret, std::string::npos);
  EXPECT_EQ(carets.substr(first_caret), "^^^^^^");
  // Columns before the caret are ASCII except the leading ellipsis (3 bytes, one column).
  EXPECT_EQ(shown.substr(first_caret + 2, 6), "target");
}

TEST(Text, MultiLineSpanUnderlinesToTheEndOfItsFirstLine) {
  const OneFinding s("x = [\n    1,\n    2,\n]\ny = 2\n", "[\n    1,\n    2,\n]");
  const std::string out = text_of(s);
  EXPECT_NE(out.find(" 1 | x = [\n   |     ^\n 2 |     1,\n 3 |     2,\n 4 | ]\n   |\n"),
            std::string::npos)
      << out;
}

TEST(Text, LongMultiLineSpanIsElided) {
  const OneFinding s("x = [\n1,\n2,\n3,\n4,\n5,\n]\n", "[\n1,\n2,\n3,\n4,\n5,\n]");
  const std::string out = text_of(s);
  EXPECT_NE(out.find(" 4 | 3,\n   | ...\n   |\n"), std::string::npos) << out;
  EXPECT_EQ(out.find(" 5 | "), std::string::npos) << out;
}

TEST(Text, EmptyFileHasNoFrame) {
  Scenario s;
  s.catalog = RuleCatalog({&kRuleA});
  const FileId file = s.sources.add("/srv/shop/empty.txt", FileKind::Other, "");
  Findings findings;
  findings.add(kRuleA, s.sources.file_span(file)).message("empty");
  s.diagnostics = findings.take();
  EXPECT_EQ(text_of(s),
            "empty.txt:1:1: PF901 empty\n\n"
            "Found 1 finding (1 error, 0 warnings, 0 info).\n");
}

TEST(Text, NoFindings) {
  Scenario s;
  EXPECT_EQ(text_of(s), "No findings.\n");
  EXPECT_EQ(text_of(s, {.quiet = true}), "");
  EXPECT_EQ(text_of(s, {.statistics = true}), "No findings.\n");
}

TEST(Text, QuietPrintsFirstLinesOnly) {
  const Fixture fixture;
  const std::string out = text_of(fixture, {.quiet = true});
  std::size_t lines = 0;
  for (const char c : out) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, fixture.diagnostics.size());
  EXPECT_EQ(out.find(" | "), std::string::npos);
  EXPECT_EQ(out.find("Found "), std::string::npos);
}

TEST(Text, StatisticsSortByCountThenCode) {
  Scenario s;
  s.catalog = RuleCatalog({&kRuleA, &kRuleB, &kRuleC});
  const FileId file = s.sources.add("/srv/shop/a.py", FileKind::Python, "a\nb\nc\nd\ne\n");
  Findings findings;
  findings.add(kRuleA, find_span(s.sources, file, "a"));
  findings.add(kRuleC, find_span(s.sources, file, "b"));
  findings.add(kRuleB, find_span(s.sources, file, "c"));
  findings.add(kRuleC, find_span(s.sources, file, "d"));
  findings.add(kRuleB, find_span(s.sources, file, "e"));
  s.diagnostics = findings.take();
  sort_diagnostics(s.diagnostics, s.sources);
  EXPECT_EQ(text_of(s, {.statistics = true}),
            "2  PF902  rule-b\n"
            "2  PF903  rule-c\n"
            "1  PF901  rule-a\n"
            "Found 5 findings (1 error, 2 warnings, 2 info).\n");
}

TEST(Text, ColourOnlyWhenAsked) {
  const Fixture fixture;
  EXPECT_EQ(text_of(fixture).find('\x1b'), std::string::npos);
  EXPECT_NE(text_of(fixture, {.color = true}).find("\x1b[1;31mPF501\x1b[0m"), std::string::npos);
}

TEST(Text, SummaryCountsEachSeverity) {
  const Fixture fixture;
  const std::string out = text_of(fixture);
  EXPECT_NE(out.find("\nFound 8 findings (3 errors, 3 warnings, 2 info).\n"), std::string::npos);
}

TEST(Text, RelatedSpansAreNotesWithTheirOwnFrame) {
  const Fixture fixture;
  const std::string out = text_of(fixture);
  // The related span after a tab: the tab is expanded and the carets start under the quote.
  EXPECT_NE(
      out.find("  note: config/settings/production.py:15:2: SessionMiddleware comes only here\n"
               "    |\n"
               " 15 |     \"django.contrib.sessions.middleware.SessionMiddleware\",\n"
               "    |     ^^^^^"),
      std::string::npos)
      << out;
}

}  // namespace
}  // namespace preflight::report::testing
