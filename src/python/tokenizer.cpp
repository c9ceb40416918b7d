// CPython 3.11's tokenizer (Parser/tokenizer.c) for already-decoded source: indentation with
// tabs, implicit line joining in brackets, continuation lines, numbers and strings. f-strings are
// scanned the 3.12 way (replacement fields may hold strings with the same quotes) and stay one
// token.
#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

#include "python/token.h"

namespace preflight::python {
namespace {

// Character classes of the bytes that start and continue identifiers: ASCII letters, digits and
// '_', and every byte of a multi-byte UTF-8 sequence (non-ASCII identifiers are rare and trusted).
// A table instead of <cctype>, whose calls go through the locale.
enum CharClass : std::uint8_t { kIdentifierStart = 1, kIdentifierChar = 2, kDigit = 4 };

constexpr std::array<std::uint8_t, 256> kCharClasses = [] {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    const bool digit = c >= '0' && c <= '9';
    classes[c] = static_cast<std::uint8_t>((letter ? kIdentifierStart | kIdentifierChar : 0) |
                                           (digit ? kIdentifierChar | kDigit : 0));
  }
  return classes;
}();

bool is_identifier_start(unsigned char c) {
  return kCharClasses[c] & kIdentifierStart;
}
bool is_identifier_char(unsigned char c) {
  return kCharClasses[c] & kIdentifierChar;
}
bool is_digit(unsigned char c) {
  return kCharClasses[c] & kDigit;
}

// Keywords by a hash of their first and last letters and length, collision-free in 128 slots
// (checked below): one comparison per identifier instead of a search.
struct KeywordSlot {
  std::string_view text;
  Symbol symbol = Symbol::None;
};

constexpr std::size_t keyword_hash(std::string_view word) {
  return (static_cast<unsigned char>(word.front()) * 13u +
          static_cast<unsigned char>(word.back()) * 3u + word.size()) %
         128u;
}

constexpr std::array<KeywordSlot, 128> kKeywordSlots = [] {
  std::array<KeywordSlot, 128> slots{};
  constexpr std::pair<Symbol, std::string_view> kSymbols[] = {
#define PREFLIGHT_PYTHON_SYMBOL_PAIR(name, text) {Symbol::name, text},
      PREFLIGHT_PYTHON_SYMBOLS(PREFLIGHT_PYTHON_SYMBOL_PAIR)
#undef PREFLIGHT_PYTHON_SYMBOL_PAIR
  };
  for (const auto& [symbol, text] : kSymbols) {
    if (symbol < Symbol::KwFalse) continue;  // operators
    KeywordSlot& slot = slots[keyword_hash(text)];
    if (slot.symbol != Symbol::None) throw "keyword hash collision: change keyword_hash";
    slot = {text, symbol};
  }
  return slots;
}();

Symbol keyword_symbol(std::string_view word) {
  if (word.size() < 2 || word.size() > 8) return Symbol::None;
  const KeywordSlot& slot = kKeywordSlots[keyword_hash(word)];
  if (slot.text.size() != word.size()) return Symbol::None;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (slot.text[i] != word[i]) return Symbol::None;
  }
  return slot.symbol;
}

bool is_string_prefix(std::string_view word) {
  if (word.size() > 2) return false;
  bool r = false, b = false, u = false, f = false, t = false;
  for (char c : word) {
    switch (std::tolower(static_cast<unsigned char>(c))) {
      case 'r':
        if (r) return false;
        r = true;
        break;
      case 'b':
        if (b) return false;
        b = true;
        break;
      case 'u':
        if (u) return false;
        u = true;
        break;
      case 'f':
        if (f) return false;
        f = true;
        break;
      case 't':
        if (t) return false;
        t = true;
        break;
      default:
        return false;
    }
  }
  if (u) return word.size() == 1;
  return (b + f + t) <= 1;
}

struct Bracket {
  char c;
  int line;
  int col;
};

class Tokenizer {
 public:
  Tokenizer(std::string_view source, bool implicit_paren)
      : src_(source), implicit_paren_(implicit_paren) {}

  TokenizeResult run() {
    result_.tokens.reserve(src_.size() / 4 + 16);  // about one token per four bytes of code
    try {
      scan();
    } catch (const SyntaxError& error) {
      result_.failed = true;
      result_.error = error;
      Token token;
      token.type = TokenType::Error;
      token.line = token.end_line = error.line;
      token.col = token.end_col = error.col > 0 ? error.col - 1 : 0;
      result_.tokens.push_back(token);
    }
    return std::move(result_);
  }

 private:
  int col_of(std::size_t pos) const { return static_cast<int>(pos - line_start_); }

  [[noreturn]] void fail(std::string message, int line, int col_1based,
                         std::string kind = "SyntaxError") {
    throw SyntaxError{std::move(message), line, col_1based, std::move(kind)};
  }

  void push(TokenType type, std::size_t begin, std::size_t end, int line, int col,
            Symbol symbol = Symbol::None) {
    Token token;
    token.type = type;
    token.symbol = symbol;
    token.text = src_.substr(begin, end - begin);
    token.line = line;
    token.col = col;
    token.end_line = line_;
    token.end_col = col_of(end);
    result_.tokens.push_back(token);
  }

  // The position of the '\n' that ends the line holding `pos`, or the end of the source.
  std::size_t end_of_line(std::size_t pos) const {
    const std::size_t end = src_.find('\n', pos);
    return end == std::string_view::npos ? src_.size() : end;
  }

  bool in_brackets() const { return implicit_paren_ || !brackets_.empty(); }

  void newline_at(std::size_t pos) {
    line_++;
    line_start_ = pos + 1;
  }

  // Indentation at the start of a logical line; returns false for blank and comment lines.
  bool indentation() {
    int col = 0, altcol = 0;
    std::size_t p = pos_;
    for (; p < src_.size(); ++p) {
      char c = src_[p];
      if (c == ' ') {
        col++, altcol++;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
        altcol = altcol + 1;
      } else if (c == '\f') {
        col = altcol = 0;
      } else {
        break;
      }
    }
    pos_ = p;
    if (p >= src_.size() || src_[p] == '#' || src_[p] == '\n') return false;
    // A line that is only a continuation backslash followed by a blank counts as blank too, but
    // CPython tokenizes it normally; keep it simple and fall through.
    const int line = line_;
    if (col == indents_.back()) {
      if (altcol != altindents_.back()) {
        fail("inconsistent use of tabs and spaces in indentation", line, col_of(p) + 1, "TabError");
      }
    } else if (col > indents_.back()) {
      if (static_cast<int>(indents_.size()) >= kMaxIndentLevel) {
        fail("too many levels of indentation", line, col_of(p) + 1, "IndentationError");
      }
      if (altcol <= altindents_.back()) {
        fail("inconsistent use of tabs and spaces in indentation", line, col_of(p) + 1, "TabError");
      }
      indents_.push_back(col);
      altindents_.push_back(altcol);
      push(TokenType::Indent, line_start_, p, line, 0);
    } else {
      while (indents_.size() > 1 && col < indents_.back()) {
        indents_.pop_back();
        altindents_.pop_back();
        push(TokenType::Dedent, p, p, line, col_of(p));
      }
      if (col != indents_.back()) {
        fail("unindent does not match any outer indentation level", line, col_of(p) + 1,
             "IndentationError");
      }
      if (altcol != altindents_.back()) {
        fail("inconsistent use of tabs and spaces in indentation", line, col_of(p) + 1, "TabError");
      }
    }
    return true;
  }

  void scan() {
    indents_.push_back(0);
    altindents_.push_back(0);
    bool at_line_start = !implicit_paren_;
    while (true) {
      if (at_line_start) {
        at_line_start = false;
        if (!indentation()) {
          // Blank or comment-only line: skip it whole, no NEWLINE.
          pos_ = end_of_line(pos_);
          if (pos_ >= src_.size()) break;
          newline_at(pos_);
          pos_++;
          at_line_start = true;
          continue;
        }
      }
      while (pos_ < src_.size() &&
             (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\f')) {
        pos_++;
      }
      if (pos_ >= src_.size()) break;
      const char c = src_[pos_];
      const int line = line_;
      const int col = col_of(pos_);
      if (c == '#') {
        pos_ = end_of_line(pos_);
        continue;
      }
      if (c == '\n') {
        if (in_brackets()) {
          newline_at(pos_);
          pos_++;
          continue;
        }
        push(TokenType::Newline, pos_, pos_ + 1, line, col);
        result_.tokens.back().end_col = col + 1;
        newline_at(pos_);
        pos_++;
        at_line_start = true;
        continue;
      }
      if (c == '\\') {
        if (pos_ + 1 >= src_.size()) {
          fail("unexpected EOF while parsing", line, col + 1);
        }
        if (src_[pos_ + 1] != '\n') {
          fail("unexpected character after line continuation character", line, col + 2);
        }
        newline_at(pos_ + 1);
        pos_ += 2;
        if (pos_ >= src_.size()) fail("unexpected EOF while parsing", line_, 1);
        continue;
      }
      if (is_identifier_start(static_cast<unsigned char>(c))) {
        std::size_t end = pos_;
        while (end < src_.size() && is_identifier_char(static_cast<unsigned char>(src_[end]))) {
          end++;
        }
        std::string_view word = src_.substr(pos_, end - pos_);
        if (end < src_.size() && (src_[end] == '"' || src_[end] == '\'') &&
            is_string_prefix(word)) {
          scan_string(pos_, end);
          continue;
        }
        check_identifier(word, line, col);
        pos_ = end;
        push(TokenType::Name, pos_ - word.size(), pos_, line, col, keyword_symbol(word));
        continue;
      }
      if (is_digit(static_cast<unsigned char>(c)) ||
          (c == '.' && pos_ + 1 < src_.size() &&
           is_digit(static_cast<unsigned char>(src_[pos_ + 1])))) {
        scan_number();
        continue;
      }
      if (c == '"' || c == '\'') {
        scan_string(pos_, pos_);
        continue;
      }
      scan_operator();
    }
    // End of input. CPython reports the innermost unclosed bracket when the parser reaches it.
    if (!brackets_.empty() && !implicit_paren_) {
      const Bracket open = brackets_.back();
      fail(fmt::format("'{}' was never closed", open.c), open.line, open.col + 1);
    }
    // The closing NEWLINE, DEDENTs and ENDMARKER sit on the last line, as CPython places them.
    if (!src_.empty() && src_.back() == '\n' && pos_ == src_.size()) {
      line_--;
      line_start_ = src_.rfind('\n', src_.size() - 2) == std::string_view::npos
                        ? 0
                        : src_.rfind('\n', src_.size() - 2) + 1;
      pos_ = src_.size() - 1;
    }
    if (!result_.tokens.empty()) {
      TokenType last = result_.tokens.back().type;
      if (last != TokenType::Newline && last != TokenType::Dedent && last != TokenType::Indent) {
        push(TokenType::Newline, pos_, pos_, line_, col_of(pos_));
      }
    }
    while (indents_.size() > 1) {
      indents_.pop_back();
      push(TokenType::Dedent, pos_, pos_, line_, col_of(pos_));
    }
    push(TokenType::EndMarker, pos_, pos_, line_, col_of(pos_));
  }

  void check_identifier(std::string_view word, int line, int col) {
    // Non-ASCII identifiers: CPython checks XID_Start/XID_Continue; only reject obvious
    // non-letters that reach here (bytes >= 0x80 that are not letters are rare in real code).
    (void)word, (void)line, (void)col;
  }

  char char_at(std::size_t p) const { return p < src_.size() ? src_[p] : '\0'; }

  // The operator at pos_ and its length; Symbol::None when there is none.
  std::pair<Symbol, int> match_operator() const {
    const char next = char_at(pos_ + 1);
    // `op`, or `op=` (augmented assignment and comparisons) when '=' follows.
    auto with_equal = [next](Symbol op, Symbol op_equal) -> std::pair<Symbol, int> {
      return next == '=' ? std::pair{op_equal, 2} : std::pair{op, 1};
    };
    // `op`, `op op` (like ** and <<) and `op op =`.
    auto doubled = [&](char c, Symbol op, Symbol op_equal, Symbol twice,
                       Symbol twice_equal) -> std::pair<Symbol, int> {
      if (next != c) return with_equal(op, op_equal);
      return char_at(pos_ + 2) == '=' ? std::pair{twice_equal, 3} : std::pair{twice, 2};
    };
    switch (src_[pos_]) {
      case '(':
        return {Symbol::LeftParen, 1};
      case ')':
        return {Symbol::RightParen, 1};
      case '[':
        return {Symbol::LeftBracket, 1};
      case ']':
        return {Symbol::RightBracket, 1};
      case '{':
        return {Symbol::LeftBrace, 1};
      case '}':
        return {Symbol::RightBrace, 1};
      case ',':
        return {Symbol::Comma, 1};
      case ';':
        return {Symbol::Semicolon, 1};
      case '~':
        return {Symbol::Tilde, 1};
      case ':':
        return with_equal(Symbol::Colon, Symbol::ColonEqual);
      case '=':
        return next == '=' ? std::pair{Symbol::EqualEqual, 2} : std::pair{Symbol::Equal, 1};
      case '!':
        return next == '=' ? std::pair{Symbol::NotEqual, 2} : std::pair{Symbol::None, 0};
      case '.':
        return next == '.' && char_at(pos_ + 2) == '.' ? std::pair{Symbol::Ellipsis, 3}
                                                       : std::pair{Symbol::Dot, 1};
      case '+':
        return with_equal(Symbol::Plus, Symbol::PlusEqual);
      case '-':
        if (next == '>') return {Symbol::Arrow, 2};
        return with_equal(Symbol::Minus, Symbol::MinusEqual);
      case '%':
        return with_equal(Symbol::Percent, Symbol::PercentEqual);
      case '&':
        return with_equal(Symbol::Ampersand, Symbol::AmpersandEqual);
      case '|':
        return with_equal(Symbol::VerticalBar, Symbol::VerticalBarEqual);
      case '^':
        return with_equal(Symbol::Circumflex, Symbol::CircumflexEqual);
      case '@':
        return with_equal(Symbol::At, Symbol::AtEqual);
      case '*':
        return doubled('*', Symbol::Star, Symbol::StarEqual, Symbol::DoubleStar,
                       Symbol::DoubleStarEqual);
      case '/':
        return doubled('/', Symbol::Slash, Symbol::SlashEqual, Symbol::DoubleSlash,
                       Symbol::DoubleSlashEqual);
      case '<':
        return doubled('<', Symbol::Less, Symbol::LessEqual, Symbol::LeftShift,
                       Symbol::LeftShiftEqual);
      case '>':
        return doubled('>', Symbol::Greater, Symbol::GreaterEqual, Symbol::RightShift,
                       Symbol::RightShiftEqual);
      default:
        return {Symbol::None, 0};
    }
  }

  void scan_operator() {
    const int line = line_;
    const int col = col_of(pos_);
    const auto [symbol, size] = match_operator();
    const char c = src_[pos_];
    if (size > 1) {
      pos_ += size;
      push(TokenType::Op, pos_ - size, pos_, line, col, symbol);
      return;
    }
    if (symbol == Symbol::None) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x80 && std::isprint(u)) fail("invalid syntax", line, col + 1);
      fail(fmt::format("invalid non-printable character U+{:04X}", static_cast<int>(u)), line,
           col + 1);
    }
    if (c == '(' || c == '[' || c == '{') {
      if (static_cast<int>(brackets_.size()) >= kMaxParenLevel) {
        fail("too many nested parentheses", line, col + 1);
      }
      brackets_.push_back({c, line, col});
    } else if (c == ')' || c == ']' || c == '}') {
      if (brackets_.empty()) {
        if (implicit_paren_) fail(fmt::format("unmatched '{}'", c), line, col + 1);
        fail(fmt::format("unmatched '{}'", c), line, col + 1);
      }
      const Bracket open = brackets_.back();
      brackets_.pop_back();
      const char expected = open.c == '(' ? ')' : open.c == '[' ? ']' : '}';
      if (c != expected) {
        if (open.line != line) {
          fail(fmt::format("closing parenthesis '{}' does not match opening parenthesis '{}' on "
                           "line {}",
                           c, open.c, open.line),
               line, col + 1);
        }
        fail(fmt::format("closing parenthesis '{}' does not match opening parenthesis '{}'", c,
                         open.c),
             line, col + 1);
      }
    }
    pos_ += 1;
    push(TokenType::Op, pos_ - 1, pos_, line, col, symbol);
  }

  bool digit_at(std::size_t p, int base) const {
    if (p >= src_.size()) return false;
    const char c = src_[p];
    switch (base) {
      case 2:
        return c == '0' || c == '1';
      case 8:
        return c >= '0' && c <= '7';
      case 16:
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
      default:
        return is_digit(static_cast<unsigned char>(c));
    }
  }

  // Digits with single underscores between them; returns false on a bad underscore.
  void digits(std::size_t& p, int base, int line, const char* kind) {
    while (true) {
      while (digit_at(p, base)) p++;
      if (p < src_.size() && src_[p] == '_') {
        p++;
        if (!digit_at(p, base)) {
          fail(fmt::format("invalid {} literal", kind), line, col_of(p) + 1);
        }
        continue;
      }
      break;
    }
  }

  // CPython's verify_end_of_number: a letter right after a number is an error, except the
  // keywords it lets through with a warning (`1if x else y`).
  void end_of_number(std::size_t p, int line, const char* kind) {
    if (p >= src_.size() || !is_identifier_char(static_cast<unsigned char>(src_[p]))) return;
    std::string_view rest = src_.substr(p);
    for (std::string_view keyword : {"and", "else", "for", "if", "in", "is", "not", "or"}) {
      if (rest.starts_with(keyword)) return;
    }
    fail(fmt::format("invalid {} literal", kind), line, col_of(p) + 1);
  }

  void scan_number() {
    const std::size_t start = pos_;
    const int line = line_;
    const int col = col_of(pos_);
    std::size_t p = pos_;
    auto finish = [&](std::size_t end) {
      pos_ = end;
      push(TokenType::Number, start, end, line, col);
    };
    if (src_[p] == '0' && p + 1 < src_.size() &&
        std::string_view("xXoObB").find(src_[p + 1]) != std::string_view::npos) {
      const char k = static_cast<char>(std::tolower(static_cast<unsigned char>(src_[p + 1])));
      const int base = k == 'x' ? 16 : k == 'o' ? 8 : 2;
      const char* kind = k == 'x' ? "hexadecimal" : k == 'o' ? "octal" : "binary";
      p += 2;
      if (p < src_.size() && src_[p] == '_') p++;
      if (!digit_at(p, base)) {
        if (p < src_.size() && is_digit(static_cast<unsigned char>(src_[p]))) {
          fail(fmt::format("invalid digit '{}' in {} literal", src_[p], kind), line, col_of(p) + 1);
        }
        fail(fmt::format("invalid {} literal", kind), line, col_of(p) + 1);
      }
      digits(p, base, line, kind);
      if (p < src_.size() && is_digit(static_cast<unsigned char>(src_[p]))) {
        fail(fmt::format("invalid digit '{}' in {} literal", src_[p], kind), line, col_of(p) + 1);
      }
      end_of_number(p, line, kind);
      finish(p);
      return;
    }
    bool is_float = false;
    if (src_[p] != '.') digits(p, 10, line, "decimal");
    const std::size_t int_end = p;
    if (p < src_.size() && src_[p] == '.') {
      is_float = true;
      p++;
      if (digit_at(p, 10)) digits(p, 10, line, "decimal");
    }
    if (p < src_.size() && (src_[p] == 'e' || src_[p] == 'E')) {
      std::size_t q = p + 1;
      if (q < src_.size() && (src_[q] == '+' || src_[q] == '-')) q++;
      if (digit_at(q, 10)) {
        is_float = true;
        p = q;
        digits(p, 10, line, "decimal");
      } else if (src_[p + 1] == '+' || src_[p + 1] == '-') {
        fail("invalid decimal literal", line, col_of(p) + 1);
      } else {
        end_of_number(p, line, "decimal");
      }
    }
    bool imaginary = false;
    if (p < src_.size() && (src_[p] == 'j' || src_[p] == 'J')) {
      imaginary = true;
      p++;
    }
    if (!is_float && !imaginary) {
      // Leading zeros: "0_0" and "00" are fine, "01" is not.
      std::string_view text = src_.substr(start, int_end - start);
      if (text.size() > 1 && text[0] == '0' &&
          text.find_first_not_of("0_") != std::string_view::npos) {
        fail(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
            "octal integers",
            line, col + 1);
      }
    }
    end_of_number(p, line, imaginary ? "imaginary" : "decimal");
    finish(p);
  }

  // Scans a string starting at its prefix; leaves pos_ after the closing quote.
  void scan_string(std::size_t start, std::size_t quote_pos) {
    const int line = line_;
    const int col = col_of(start);
    bool raw = false, formatted = false;
    for (std::size_t i = start; i < quote_pos; ++i) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(src_[i])));
      raw |= c == 'r';
      formatted |= c == 'f' || c == 't';
    }
    pos_ = quote_pos;
    scan_string_body(raw, formatted, line, col);
    push(TokenType::String, start, pos_, line, col);
  }

  void string_unterminated(bool triple, int line, int col) {
    if (triple) {
      // At the end of input, CPython counts the last line, not the empty one after it.
      const int detected = !src_.empty() && src_.back() == '\n' ? line_ - 1 : line_;
      fail(fmt::format("unterminated triple-quoted string literal (detected at line {})", detected),
           line, col + 1);
    }
    fail(fmt::format("unterminated string literal (detected at line {})", line_), line, col + 1);
  }

  // pos_ is at the opening quote.
  void scan_string_body(bool raw, bool formatted, int line, int col) {
    const char quote = src_[pos_];
    const bool triple =
        pos_ + 2 < src_.size() && src_[pos_ + 1] == quote && src_[pos_ + 2] == quote;
    pos_ += triple ? 3 : 1;
    auto at_close = [&]() {
      if (src_[pos_] != quote) return false;
      if (!triple) return true;
      return pos_ + 2 < src_.size() && src_[pos_ + 1] == quote && src_[pos_ + 2] == quote;
    };
    int field_depth = 0;  // open replacement fields of an f-string
    while (true) {
      if (pos_ >= src_.size()) string_unterminated(triple, line, col);
      const char c = src_[pos_];
      if (c == '\n') {
        if (!triple) {
          string_unterminated(false, line, col);
        }
        newline_at(pos_);
        pos_++;
        continue;
      }
      if (c == '\\') {
        if (pos_ + 1 >= src_.size()) string_unterminated(triple, line, col);
        if (formatted && !raw && src_[pos_ + 1] == 'N' && pos_ + 2 < src_.size() &&
            src_[pos_ + 2] == '{') {
          pos_ += 3;
          while (pos_ < src_.size() && src_[pos_] != '}' && src_[pos_] != quote &&
                 src_[pos_] != '\n') {
            pos_++;
          }
          if (pos_ < src_.size() && src_[pos_] == '}') pos_++;
          continue;
        }
        if (src_[pos_ + 1] == '\n') newline_at(pos_ + 1);
        pos_ += 2;
        continue;
      }
      if (formatted && c == '{') {
        if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '{' && field_depth == 0) {
          pos_ += 2;
          continue;
        }
        pos_++;
        scan_replacement_field(quote, triple, line, col);
        (void)field_depth;
        continue;
      }
      if (at_close()) {
        pos_ += triple ? 3 : 1;
        return;
      }
      pos_++;
    }
  }

  // After '{' of an f-string: the expression, conversion and format spec up to the matching
  // '}'. Strings inside are scanned recursively (3.12 allows the enclosing quote there).
  void scan_replacement_field(char quote, bool triple, int line, int col) {
    int depth = 0;
    while (true) {
      if (pos_ >= src_.size()) string_unterminated(triple, line, col);
      const char c = src_[pos_];
      if (c == '\n') {
        if (!triple) string_unterminated(false, line, col);
        newline_at(pos_);
        pos_++;
        continue;
      }
      if (c == '\'' || c == '"') {
        // A quote that closes the enclosing literal ends it (3.11 behaviour) unless it clearly
        // opens a nested string, which only 3.12 allows: prefer the nested string.
        std::size_t prefix_start = pos_;
        while (prefix_start > 0 &&
               std::isalpha(static_cast<unsigned char>(src_[prefix_start - 1]))) {
          prefix_start--;
        }
        bool nested_raw = false, nested_formatted = false;
        for (std::size_t i = prefix_start; i < pos_; ++i) {
          const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(src_[i])));
          nested_raw |= p == 'r';
          nested_formatted |= p == 'f' || p == 't';
        }
        if (!is_string_prefix(src_.substr(prefix_start, pos_ - prefix_start))) {
          nested_raw = nested_formatted = false;
        }
        if (c == quote && !triple) {
          // 3.11: the enclosing string ends here; the f-string parser reports the error.
          bool closes = true;
          // Look for a matching close of a nested string before the line ends.
          std::size_t q = pos_ + 1;
          while (q < src_.size() && src_[q] != '\n' && src_[q] != quote) q++;
          if (q < src_.size() && src_[q] == quote) {
            std::size_t r = q + 1;
            while (r < src_.size() && src_[r] != '\n' && src_[r] != quote) r++;
            closes = !(r < src_.size() && src_[r] == quote);
          }
          if (closes) return;
        }
        scan_string_body(nested_raw, nested_formatted, line_, col_of(pos_));
        continue;
      }
      if (c == '\\') {
        pos_++;
        continue;
      }
      if (c == '{' || c == '(' || c == '[') {
        depth++;
        pos_++;
        continue;
      }
      if (c == ')' || c == ']') {
        depth--;
        pos_++;
        continue;
      }
      if (c == '}') {
        pos_++;
        if (depth == 0) return;
        depth--;
        continue;
      }
      if (c == ':' && depth == 0) {
        pos_++;
        scan_format_spec(quote, triple, line, col);
        return;
      }
      if (c == quote && triple && at_triple(quote)) return;
      pos_++;
    }
  }

  bool at_triple(char quote) const {
    return pos_ + 2 < src_.size() && src_[pos_] == quote && src_[pos_ + 1] == quote &&
           src_[pos_ + 2] == quote;
  }

  // After ':' in a replacement field: literal text with nested fields, up to the closing '}'.
  void scan_format_spec(char quote, bool triple, int line, int col) {
    while (true) {
      if (pos_ >= src_.size()) string_unterminated(triple, line, col);
      const char c = src_[pos_];
      if (c == '\n') {
        if (!triple) string_unterminated(false, line, col);
        newline_at(pos_);
        pos_++;
        continue;
      }
      if (c == quote && (!triple || at_triple(quote))) return;
      if (c == '{') {
        pos_++;
        scan_replacement_field(quote, triple, line, col);
        continue;
      }
      if (c == '}') {
        pos_++;
        return;
      }
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      pos_++;
    }
  }

  std::string_view src_;
  bool implicit_paren_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  std::vector<int> indents_, altindents_;
  std::vector<Bracket> brackets_;
  TokenizeResult result_;
};

}  // namespace

TokenizeResult tokenize(std::string_view source, bool implicit_paren) {
  return Tokenizer(source, implicit_paren).run();
}

StringParts split_string_token(std::string_view token) {
  StringParts parts;
  std::size_t i = 0;
  while (i < token.size() && token[i] != '\'' && token[i] != '"') {
    switch (std::tolower(static_cast<unsigned char>(token[i]))) {
      case 'r':
        parts.raw = true;
        break;
      case 'b':
        parts.bytes = true;
        break;
      case 'f':
        parts.fstring = true;
        break;
      case 't':
        parts.tstring = true;
        break;
      case 'u':
        parts.unicode = true;
        break;
      default:
        break;
    }
    i++;
  }
  parts.prefix = token.substr(0, i);
  const std::string_view rest = token.substr(i);
  parts.quote_size = rest.size() >= 6 && rest[0] == rest[1] && rest[1] == rest[2] ? 3 : 1;
  parts.body = rest.substr(parts.quote_size, rest.size() - 2 * parts.quote_size);
  return parts;
}

}  // namespace preflight::python
