// Tokens of Python source, as CPython's tokenizer produces them (strings, including f-strings and
// t-strings, are single STRING tokens that the parser takes apart).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace preflight::python {

enum class TokenType : std::uint8_t {
  EndMarker,
  Name,
  Number,
  String,
  Op,
  Newline,
  Indent,
  Dedent,
  Error,  // the tokenizer stopped here; the parser raises its error when it reaches it
};

struct Token {
  TokenType type = TokenType::EndMarker;
  std::string_view text;
  std::int32_t line = 0;  // 1-based
  std::int32_t col = 0;   // 0-based, UTF-8 bytes
  std::int32_t end_line = 0;
  std::int32_t end_col = 0;

  bool is_op(std::string_view op) const { return type == TokenType::Op && text == op; }
  bool is_name(std::string_view name) const { return type == TokenType::Name && text == name; }
};

// A syntax error as CPython reports it: message, 1-based line, and CPython's `offset`: a 1-based
// column in UTF-8 bytes (0 when CPython gives none). Convert before showing it as a code-point
// column.
struct SyntaxError {
  std::string message;
  int line = 0;
  int col = 0;
  std::string kind = "SyntaxError";  // or IndentationError, TabError
};

struct TokenizeResult {
  std::vector<Token> tokens;  // ends with EndMarker, or with Error when `error` is set
  SyntaxError error;
  bool failed = false;
};

// CPython 3.11's limits: nested brackets (tokenizer.c MAXLEVEL) and indentation (MAXINDENT).
inline constexpr int kMaxParenLevel = 200;
inline constexpr int kMaxIndentLevel = 100;

// Tokenizes UTF-8 source whose line ends are already "\n". `implicit_paren` starts inside a
// bracket (f-string replacement fields: newlines do not end the expression).
TokenizeResult tokenize(std::string_view source, bool implicit_paren = false);

// Splits a STRING token into its prefix letters and the body between the quotes.
struct StringParts {
  std::string_view prefix;
  std::string_view body;
  bool raw = false, bytes = false, fstring = false, tstring = false, unicode = false;
  std::size_t quote_size = 1;  // 1 or 3
};
StringParts split_string_token(std::string_view token);

}  // namespace preflight::python
