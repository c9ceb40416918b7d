// Tokenizer unit tests: token kinds and CPython's positions (1-based lines, byte columns).
#include <gtest/gtest.h>

#include <string>

#include "python/token.h"

namespace preflight::python {
namespace {

std::string describe(std::string_view source) {
  const TokenizeResult result = tokenize(source);
  std::string out;
  for (const Token& token : result.tokens) {
    static constexpr const char* kNames[] = {"END", "NAME",   "NUMBER", "STRING", "OP",
                                             "NL",  "INDENT", "DEDENT", "ERROR"};
    out += kNames[static_cast<int>(token.type)];
    if (token.type == TokenType::Name || token.type == TokenType::Number ||
        token.type == TokenType::String || token.type == TokenType::Op) {
      out += "(" + std::string(token.text) + ")";
    }
    out += "@" + std::to_string(token.line) + ":" + std::to_string(token.col) + " ";
  }
  if (result.failed) out += "| " + result.error.message;
  return out;
}

TEST(TokenizerTest, IndentationAndImplicitJoining) {
  EXPECT_EQ(describe("if x:\n    y = (1,\n  2)\n"),
            "NAME(if)@1:0 NAME(x)@1:3 OP(:)@1:4 NL@1:5 INDENT@2:0 NAME(y)@2:4 OP(=)@2:6 "
            "OP(()@2:8 NUMBER(1)@2:9 OP(,)@2:10 NUMBER(2)@3:2 OP())@3:3 NL@3:4 DEDENT@3:4 "
            "END@3:4 ");
}

TEST(TokenizerTest, BlankAndCommentLinesAndContinuations) {
  EXPECT_EQ(describe("a = \\\n  1  # c\n\n# only\nb\n"),
            "NAME(a)@1:0 OP(=)@1:2 NUMBER(1)@2:2 NL@2:8 NAME(b)@5:0 NL@5:1 END@5:1 ");
}

TEST(TokenizerTest, StringsIncludingNestedFStrings) {
  EXPECT_EQ(describe("rb'\\x' f\"{a['k']:{w}}\" f'{x[\"y\"]}'\n"),
            "STRING(rb'\\x')@1:0 STRING(f\"{a['k']:{w}}\")@1:7 STRING(f'{x[\"y\"]}')@1:23 "
            "NL@1:34 END@1:34 ");
  EXPECT_EQ(describe("s = '''a\nb'''\n"),
            "NAME(s)@1:0 OP(=)@1:2 STRING('''a\nb''')@1:4 NL@2:4 END@2:4 ");
}

TEST(TokenizerTest, NumbersAndTheirErrors) {
  EXPECT_EQ(describe("0x_1f 1_000.5e-3j 0_0 .5\n"),
            "NUMBER(0x_1f)@1:0 NUMBER(1_000.5e-3j)@1:6 NUMBER(0_0)@1:18 NUMBER(.5)@1:22 NL@1:24 "
            "END@1:24 ");
  EXPECT_NE(describe("012\n").find("leading zeros in decimal integer literals"), std::string::npos);
  EXPECT_NE(describe("1__2\n").find("invalid decimal literal"), std::string::npos);
  EXPECT_NE(describe("0b102\n").find("invalid digit '2' in binary literal"), std::string::npos);
}

TEST(TokenizerTest, BracketErrors) {
  EXPECT_NE(describe("(]\n").find("closing parenthesis ']' does not match opening parenthesis '('"),
            std::string::npos);
  EXPECT_NE(describe(")\n").find("unmatched ')'"), std::string::npos);
  EXPECT_NE(describe("x = (\n").find("'(' was never closed"), std::string::npos);
  // CPython 3.11 accepts 200 nested brackets and rejects the 201st.
  EXPECT_NE(describe(std::string(201, '(') + "\n").find("too many nested parentheses"),
            std::string::npos);
  EXPECT_EQ(describe(std::string(200, '(') + "\n").find("too many nested parentheses"),
            std::string::npos);
}

TEST(TokenizerTest, SplitStringToken) {
  const StringParts parts = split_string_token("Rb'''x'''");
  EXPECT_TRUE(parts.raw);
  EXPECT_TRUE(parts.bytes);
  EXPECT_EQ(parts.quote_size, 3u);
  EXPECT_EQ(parts.body, "x");
}

}  // namespace
}  // namespace preflight::python
