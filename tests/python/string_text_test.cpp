// string_text: the decoded value must be the one the parser stores (the parser's literals are
// checked against CPython by the literal and AST oracles), and every byte must point at the source
// character it came from.
#include "python/string_text.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "python/parser.h"

namespace preflight::python {
namespace {

std::string placeholder(std::string_view /*expression*/, std::size_t index) {
  return "pf_" + std::to_string(index);
}

// The source range of the value of `x = <literal>` in `source`, and the parser's Constant text.
struct Parsed {
  std::unique_ptr<ParsedModule> module;
  std::uint32_t begin = 0, end = 0;
  std::string constant;
};

Parsed parse_assignment(const std::string& source) {
  Parsed parsed;
  parsed.module = parse_module(source);
  EXPECT_TRUE(parsed.module->module) << source;
  if (!parsed.module->module) return parsed;
  const Node& assign = *parsed.module->module->get("body").list[0];
  const Node& value = *assign.get("value").node;
  // Single-line sources in these tests: columns are offsets into the line.
  std::uint32_t line_start = 0;
  for (int line = 1; line < value.location.lineno; ++line) {
    line_start = static_cast<std::uint32_t>(source.find('\n', line_start) + 1);
  }
  std::uint32_t end_line_start = 0;
  for (int line = 1; line < value.location.end_lineno; ++line) {
    end_line_start = static_cast<std::uint32_t>(source.find('\n', end_line_start) + 1);
  }
  parsed.begin = line_start + static_cast<std::uint32_t>(value.location.col_offset);
  parsed.end = end_line_start + static_cast<std::uint32_t>(value.location.end_col_offset);
  if (value.kind == Kind::Constant)
    parsed.constant = std::string(value.get("value").constant->text);
  return parsed;
}

TEST(StringText, DecodedValueIsTheParsersConstant) {
  const char* const cases[] = {
      R"(x = "plain")",
      R"(x = 'tab\there')",
      R"(x = "\x41\u00e9\U0001F600\N{BULLET}\101\777")",
      R"(x = r"raw\d+\n")",
      R"(x = "unknown \d escape kept")",
      R"(x = b"bytes\x00\xff")",
      R"(x = "a" 'b' """c""")",
      "x = (\"first \"  # a comment\n     \"second\")",
      "x = \"\"\"multi\nline\\\ncontinued\"\"\"",
      R"(x = "ALTER INDEX \"old\" RENAME TO \"new\"")",
      "x = 'caf\xc3\xa9 \xe2\x9c\x93'",
      R"(x = u"unicode prefix")",
  };
  for (const char* source : cases) {
    const Parsed parsed = parse_assignment(source);
    const std::optional<StringText> text =
        string_text(source, parsed.begin, parsed.end, placeholder);
    ASSERT_TRUE(text) << source;
    EXPECT_EQ(text->text, parsed.constant) << source;
    EXPECT_EQ(text->source_offsets.size(), text->text.size() + 1) << source;
    EXPECT_TRUE(text->fields.empty());
  }
}

TEST(StringText, BytesPointAtTheirSourceCharacters) {
  const std::string source = R"(x = "ab\ncd" 'ef')";
  const Parsed parsed = parse_assignment(source);
  const std::optional<StringText> text = string_text(source, parsed.begin, parsed.end, placeholder);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->text, "ab\ncdef");
  EXPECT_EQ(source[text->source_offset(0)], 'a');
  EXPECT_EQ(source.substr(text->source_offset(2), 2), "\\n");  // the escape's backslash
  EXPECT_EQ(source[text->source_offset(3)], 'c');
  EXPECT_EQ(source[text->source_offset(5)], 'e');                   // the second piece
  EXPECT_EQ(source[text->source_offset(text->text.size())], '\'');  // the end: its closing quote
}

TEST(StringText, FStringFieldsBecomePlaceholders) {
  const std::string source =
      R"(x = f'ALTER INDEX "{old_name}" RENAME TO "{new!r:>10}" {{braces}}')";
  const Parsed parsed = parse_assignment(source);
  const std::optional<StringText> text = string_text(source, parsed.begin, parsed.end, placeholder);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->text, R"(ALTER INDEX "pf_0" RENAME TO "pf_1" {braces})");
  ASSERT_EQ(text->fields.size(), 2U);
  EXPECT_EQ(text->fields[0].expression, "old_name");
  EXPECT_EQ(text->fields[1].expression, "new");
  EXPECT_EQ(source.substr(text->fields[0].source_begin,
                          text->fields[0].source_end - text->fields[0].source_begin),
            "{old_name}");
  EXPECT_EQ(text->text.substr(text->fields[1].text_begin,
                              text->fields[1].text_end - text->fields[1].text_begin),
            "pf_1");
  EXPECT_EQ(source[text->source_offset(text->text.find("RENAME"))], 'R');
}

TEST(StringText, FieldsWithNestingAndComparisons) {
  const std::string source = R"(x = f"{d['k']} {a != b} {f'{y}'} {g(1, {2: 3})}")";
  const Parsed parsed = parse_assignment(source);
  const std::optional<StringText> text = string_text(source, parsed.begin, parsed.end, placeholder);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->text, "pf_0 pf_1 pf_2 pf_3");
  ASSERT_EQ(text->fields.size(), 4U);
  EXPECT_EQ(text->fields[0].expression, "d['k']");
  EXPECT_EQ(text->fields[1].expression, "a != b");
  EXPECT_EQ(text->fields[3].expression, "g(1, {2: 3})");
}

TEST(StringText, NotOnlyStringsIsNothing) {
  const std::string source = R"(x = "a" + b)";
  EXPECT_FALSE(string_text(source, 4, static_cast<std::uint32_t>(source.size()), placeholder));
  EXPECT_FALSE(string_text(source, 4, 4, placeholder));
  const std::string mixed = R"(x = "a" b"b")";
  EXPECT_FALSE(string_text(mixed, 4, static_cast<std::uint32_t>(mixed.size()), placeholder));
  const std::string unterminated = R"(x = "abc)";
  EXPECT_FALSE(
      string_text(unterminated, 4, static_cast<std::uint32_t>(unterminated.size()), placeholder));
}

}  // namespace
}  // namespace preflight::python
