// GitHub annotations, Markdown, JUnit XML, format names and determinism.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/fixture.h"

namespace preflight::report::testing {
namespace {

constexpr RuleInfo kPunctuated{.code = "PF950",
                               .name = "odd:name,here",
                               .family = Family::Deploy,
                               .severity = Severity::Error,
                               .summary = "s",
                               .explanation = ""};
constexpr RuleInfo kWarning{.code = "PF951",
                            .name = "w",
                            .family = Family::Deploy,
                            .severity = Severity::Warning,
                            .summary = "s",
                            .explanation = ""};
constexpr RuleInfo kInfo{.code = "PF952",
                         .name = "i",
                         .family = Family::Deploy,
                         .severity = Severity::Info,
                         .summary = "s",
                         .explanation = ""};

// A scenario with one file at `path` and one finding per message, each on the file's first line.
struct Messages : Scenario {
  Messages(const std::string& path,
           std::initializer_list<std::pair<const RuleInfo*, std::string>> messages) {
    catalog = RuleCatalog({&kPunctuated, &kWarning, &kInfo});
    const FileId file = sources.add(path, FileKind::Python, "x = 1\n");
    Findings findings;
    for (const auto& [rule, message] : messages) {
      findings.add(*rule, find_span(sources, file, "x")).message(message);
    }
    diagnostics = findings.take();
  }
};

std::size_t count_lines(const std::string& text) {
  std::size_t lines = 0;
  for (const char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

// ---------------------------------------------------------------- GitHub

TEST(Github, OneCommandLinePerFinding) {
  const Fixture fixture;
  const std::string out = render(Format::Github, fixture.input());
  EXPECT_EQ(count_lines(out), fixture.diagnostics.size());
  std::size_t at = 0;
  while (at < out.size()) {
    EXPECT_EQ(out.compare(at, 2, "::"), 0) << out.substr(at, 40);
    at = out.find('\n', at) + 1;
  }
}

TEST(Github, EscapesDataAndProperties) {
  const Messages s("/srv/shop/a:b,c%.py", {{&kPunctuated, "100% sure\r\nsecond: line, here"}});
  EXPECT_EQ(render(Format::Github, s.input()),
            "::error file=a%3Ab%2Cc%25.py,line=1,col=1,endLine=1,endColumn=2,"
            "title=PF950 odd%3Aname%2Chere::100%25 sure%0D%0Asecond: line, here\n");
}

TEST(Github, SeverityCommands) {
  const Messages s("/srv/shop/x.py", {{&kPunctuated, "e"}, {&kWarning, "w"}, {&kInfo, "i"}});
  const std::string out = render(Format::Github, s.input());
  EXPECT_NE(out.find("::error file="), std::string::npos);
  EXPECT_NE(out.find("::warning file="), std::string::npos);
  EXPECT_NE(out.find("::notice file="), std::string::npos);
}

TEST(Github, MessageCarriesPredictedFailureEvidenceAndFix) {
  const Fixture fixture;
  const std::string out = render(Format::Github, fixture.input());
  EXPECT_NE(out.find("title=PF301 csrf-sessions-middleware-order::CSRF_USE_SESSIONS = True, but "
                     "SessionMiddleware comes after CsrfViewMiddleware. Predicted failure: "
                     "Forbidden (403): CSRF verification failed. Request aborted.%0A"
                     "config/settings/production.py:14:5: CsrfViewMiddleware is listed here"),
            std::string::npos)
      << out;
}

TEST(Github, NoFindingsPrintsNothing) {
  const Scenario s;
  EXPECT_EQ(render(Format::Github, s.input()), "");
}

// ---------------------------------------------------------------- Markdown

TEST(Markdown, EscapesTableCells) {
  const Messages s("/srv/shop/x.py", {{&kPunctuated, "a|b *c* `d` <e> [f](g) _h_ \\ & #1\nnext"}});
  const std::string out = render(Format::Markdown, s.input());
  EXPECT_NE(out.find("| error | PF950 odd:name,here | x.py:1:1 | "
                     "a\\|b \\*c\\* \\`d\\` \\<e\\> \\[f\\](g) \\_h\\_ \\\\ \\& \\#1<br>next |\n"),
            std::string::npos)
      << out;
  // Every table row has exactly the four cell separators plus the outer ones.
  const std::size_t row = out.find("| error |");
  const std::string line = out.substr(row, out.find('\n', row) - row);
  std::size_t bars = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++bars;
  }
  EXPECT_EQ(bars, 5u);
}

TEST(Markdown, NoFindings) {
  const Scenario s;
  EXPECT_EQ(render(Format::Markdown, s.input()), "## preflight\n\nNo findings.\n");
}

TEST(Markdown, FencesOutlastBackticksInContent) {
  Scenario s;
  s.catalog = RuleCatalog({&kPunctuated});
  const FileId file = s.sources.add("/srv/shop/x.py", FileKind::Python, "x = 1\n");
  Findings findings;
  findings.add(kPunctuated, find_span(s.sources, file, "1"))
      .fix(Fix{.message = "m",
               .edits = {{find_span(s.sources, file, "1"), "```not a fence```"}},
               .new_files = {}});
  s.diagnostics = findings.take();
  const std::string out = render(Format::Markdown, s.input());
  EXPECT_NE(out.find("\n````text\n```not a fence```\n````\n"), std::string::npos) << out;
}

// ---------------------------------------------------------------- JUnit

struct Program {
  int status = -1;
  std::string output;
};

// Writes `xml` to a temporary file and runs a Python script on it (tests may start programs;
// src/ never does).
Program run_python(const std::string& script, const std::string& xml) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("preflight-report-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path xml_path = dir / "report.xml";
  const std::filesystem::path script_path = dir / "check.py";
  std::ofstream(xml_path, std::ios::binary) << xml;
  std::ofstream(script_path, std::ios::binary) << script;
  const std::string command =
      "/usr/bin/python3 '" + script_path.string() + "' '" + xml_path.string() + "' 2>&1";
  Program program;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return program;
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    program.output.append(buffer.data(), read);
  }
  program.status = ::pclose(pipe);
  std::filesystem::remove_all(dir);
  return program;
}

constexpr std::string_view kWellFormed =
    "import xml.dom.minidom, sys\n"
    "xml.dom.minidom.parse(sys.argv[1])\n";

// Prints, as JSON, what an XML parser reads back from each test case.
constexpr std::string_view kReadBack =
    "import json, sys, xml.dom.minidom\n"
    "doc = xml.dom.minidom.parse(sys.argv[1])\n"
    "out = []\n"
    "for case in doc.getElementsByTagName('testcase'):\n"
    "    failures = case.getElementsByTagName('failure')\n"
    "    failure = failures[0] if failures else None\n"
    "    out.append({'classname': case.getAttribute('classname'),\n"
    "                'name': case.getAttribute('name'),\n"
    "                'message': failure.getAttribute('message') if failure else None,\n"
    "                'type': failure.getAttribute('type') if failure else None,\n"
    "                'text': failure.firstChild.data if failure else None})\n"
    "print(json.dumps(out))\n";

TEST(Junit, FixtureIsWellFormed) {
  const Fixture fixture;
  const Program program =
      run_python(std::string(kWellFormed), render(Format::Junit, fixture.input()));
  EXPECT_EQ(program.status, 0) << program.output;
}

TEST(Junit, EscapesMarkupAndReplacesInvalidCharacters) {
  const std::string nasty =
      "<tag attr=\"v\"> & 'quote' \x01 ctrl \x1b[31m esc \xef\xbf\xbe nonchar \xff byte\tand\nline";
  const Messages s("/srv/shop/a&b<c>.py", {{&kPunctuated, nasty}});
  const std::string xml = render(Format::Junit, s.input());
  const Program program = run_python(std::string(kReadBack), xml);
  ASSERT_EQ(program.status, 0) << program.output << "\n" << xml;
  const nlohmann::json cases = nlohmann::json::parse(program.output);
  ASSERT_EQ(cases.size(), 1u);
  const std::string replacement = "\xef\xbf\xbd";
  EXPECT_EQ(cases[0]["message"], "<tag attr=\"v\"> & 'quote' " + replacement + " ctrl " +
                                     replacement + "[31m esc " + replacement + " nonchar " +
                                     replacement + " byte\tand\nline");
  EXPECT_EQ(cases[0]["classname"], "a&b<c>.py");
  EXPECT_EQ(cases[0]["name"], "PF950 1:1");
  EXPECT_EQ(cases[0]["type"], "PF950");
  const std::string text = cases[0]["text"];
  EXPECT_EQ(text.rfind("[error] a&b<c>.py:1:1: PF950 <tag attr=\"v\"> & 'quote'", 0), 0u) << text;
}

TEST(Junit, NoFindingsIsOnePassingTestCase) {
  const Scenario s;
  const std::string xml = render(Format::Junit, s.input());
  const Program program = run_python(std::string(kReadBack), xml);
  ASSERT_EQ(program.status, 0) << program.output;
  const nlohmann::json cases = nlohmann::json::parse(program.output);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_TRUE(cases[0]["message"].is_null());
  EXPECT_NE(xml.find("tests=\"1\" failures=\"0\""), std::string::npos) << xml;
}

TEST(Junit, OneFailedTestCasePerFinding) {
  const Fixture fixture;
  const Program program =
      run_python(std::string(kReadBack), render(Format::Junit, fixture.input()));
  ASSERT_EQ(program.status, 0) << program.output;
  const nlohmann::json cases = nlohmann::json::parse(program.output);
  ASSERT_EQ(cases.size(), fixture.diagnostics.size());
  EXPECT_EQ(cases[0]["classname"], "/opt/shared/compose.prod,eu.yaml");
  EXPECT_EQ(cases[0]["name"], "PF502 5:41");
  EXPECT_EQ(cases[0]["type"], "PF502");
}

// ---------------------------------------------------------------- All formats

TEST(Formats, NamesRoundTrip) {
  for (const Format format : {Format::Text, Format::Json, Format::Sarif, Format::Github,
                              Format::Markdown, Format::Junit}) {
    EXPECT_EQ(parse_format(to_string(format)), format);
  }
  EXPECT_EQ(parse_format("markdown"), Format::Markdown);
  EXPECT_EQ(parse_format("Text"), std::nullopt);
  EXPECT_EQ(parse_format("xml"), std::nullopt);
  EXPECT_EQ(parse_format(""), std::nullopt);
}

TEST(Formats, Deterministic) {
  const Fixture first;
  const Fixture second;
  for (const Format format : {Format::Text, Format::Json, Format::Sarif, Format::Github,
                              Format::Markdown, Format::Junit}) {
    const std::string a = render(format, first.input());
    EXPECT_EQ(a, render(format, first.input())) << to_string(format);
    EXPECT_EQ(a, render(format, second.input())) << to_string(format);
  }
}

}  // namespace
}  // namespace preflight::report::testing
