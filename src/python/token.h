// Tokens of Python source, as CPython's tokenizer produces them (strings, including f-strings and
// t-strings, are single STRING tokens that the parser takes apart).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
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

// The operators and keywords, each with its spelling. The tokenizer recognises them once, so the
// parser compares small integers instead of strings. Soft keywords are listed after the last hard
// keyword (`yield`): they are still identifiers.
// clang-format off
#define PREFLIGHT_PYTHON_SYMBOLS(X) \
  X(LeftParen, "(") X(RightParen, ")") X(LeftBracket, "[") X(RightBracket, "]") \
  X(LeftBrace, "{") X(RightBrace, "}") X(Colon, ":") X(Comma, ",") X(Semicolon, ";") \
  X(Plus, "+") X(Minus, "-") X(Star, "*") X(Slash, "/") X(VerticalBar, "|") X(Ampersand, "&") \
  X(Less, "<") X(Greater, ">") X(Equal, "=") X(Dot, ".") X(Percent, "%") X(Tilde, "~") \
  X(Circumflex, "^") X(At, "@") X(EqualEqual, "==") X(NotEqual, "!=") X(LessEqual, "<=") \
  X(GreaterEqual, ">=") X(LeftShift, "<<") X(RightShift, ">>") X(DoubleStar, "**") \
  X(DoubleSlash, "//") X(PlusEqual, "+=") X(MinusEqual, "-=") X(StarEqual, "*=") \
  X(SlashEqual, "/=") X(PercentEqual, "%=") X(AmpersandEqual, "&=") X(VerticalBarEqual, "|=") \
  X(CircumflexEqual, "^=") X(AtEqual, "@=") X(Arrow, "->") X(ColonEqual, ":=") \
  X(LeftShiftEqual, "<<=") X(RightShiftEqual, ">>=") X(DoubleStarEqual, "**=") \
  X(DoubleSlashEqual, "//=") X(Ellipsis, "...") \
  X(KwFalse, "False") X(KwNone, "None") X(KwTrue, "True") X(KwAnd, "and") X(KwAs, "as") \
  X(KwAssert, "assert") X(KwAsync, "async") X(KwAwait, "await") X(KwBreak, "break") \
  X(KwClass, "class") X(KwContinue, "continue") X(KwDef, "def") X(KwDel, "del") \
  X(KwElif, "elif") X(KwElse, "else") X(KwExcept, "except") X(KwFinally, "finally") \
  X(KwFor, "for") X(KwFrom, "from") X(KwGlobal, "global") X(KwIf, "if") X(KwImport, "import") \
  X(KwIn, "in") X(KwIs, "is") X(KwLambda, "lambda") X(KwNonlocal, "nonlocal") X(KwNot, "not") \
  X(KwOr, "or") X(KwPass, "pass") X(KwRaise, "raise") X(KwReturn, "return") X(KwTry, "try") \
  X(KwWhile, "while") X(KwWith, "with") X(KwYield, "yield") \
  X(SoftMatch, "match") X(SoftCase, "case") X(SoftType, "type")
// clang-format on

enum class Symbol : std::uint8_t {
  None,  // any other token: identifiers, numbers, strings, NEWLINE...
#define PREFLIGHT_PYTHON_SYMBOL_ENUM(name, text) name,
  PREFLIGHT_PYTHON_SYMBOLS(PREFLIGHT_PYTHON_SYMBOL_ENUM)
#undef PREFLIGHT_PYTHON_SYMBOL_ENUM
};

// The symbol spelled `text`, or Symbol::None. Slow (a linear search): meant for constants.
constexpr Symbol symbol_of(std::string_view text) {
  constexpr std::string_view kTexts[] = {
#define PREFLIGHT_PYTHON_SYMBOL_TEXT(name, text) text,
      PREFLIGHT_PYTHON_SYMBOLS(PREFLIGHT_PYTHON_SYMBOL_TEXT)
#undef PREFLIGHT_PYTHON_SYMBOL_TEXT
  };
  for (std::size_t i = 0; i < std::size(kTexts); ++i) {
    if (kTexts[i] == text) return static_cast<Symbol>(i + 1);
  }
  return Symbol::None;
}

// A symbol named by its spelling in the source, checked at compile time: `token.is_op("(")`
// reads like Python and compiles to an integer comparison (an unknown spelling does not compile).
struct SymbolText {
  Symbol symbol;
  // NOLINTNEXTLINE(google-explicit-constructor): string literals are meant to convert.
  consteval SymbolText(const char* text) : symbol(symbol_of(text)) {
    if (symbol == Symbol::None) throw "not an operator or keyword";
  }
  // NOLINTNEXTLINE(google-explicit-constructor)
  constexpr SymbolText(Symbol s) : symbol(s) {}
};

struct Token {
  TokenType type = TokenType::EndMarker;
  Symbol symbol = Symbol::None;  // for Op tokens, and for Name tokens that are (soft) keywords
  std::string_view text;
  std::int32_t line = 0;  // 1-based
  std::int32_t col = 0;   // 0-based, UTF-8 bytes
  std::int32_t end_line = 0;
  std::int32_t end_col = 0;

  // A symbol belongs to one token type only, so comparing it is enough.
  bool is_op(SymbolText op) const { return symbol == op.symbol; }
  bool is_name(SymbolText keyword) const { return symbol == keyword.symbol; }
  // A reserved word: not usable as an identifier (soft keywords are).
  bool is_keyword() const { return symbol >= Symbol::KwFalse && symbol <= Symbol::KwYield; }
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
