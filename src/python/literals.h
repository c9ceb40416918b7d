// Python literal values exactly as CPython 3.11 computes and prints them: the values the parser
// stores in Constant nodes and the text `ast.dump` shows for them.
//
// Text representation: decoded `str` values are "WTF-8": UTF-8 in which a lone surrogate
// (U+D800..U+DFFF, reachable through "\ud800" escapes) is encoded as its 3-byte sequence, so
// every Python str round-trips. `bytes` values are raw bytes in a std::string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace preflight::python {

// repr() of a float: shortest round-trip digits, CPython's 'r' formatting ("1e+16", "1e-05",
// "0.0001", "inf", "nan", "-0.0").
std::string float_repr(double value);

// repr() of a complex number whose real part is +0.0, as an imaginary literal yields ("1j",
// "1.5e+20j", "infj").
std::string imaginary_repr(double imaginary);

// Value of a float literal token (digits, '.', exponent, underscores; a trailing j/J of an
// imaginary literal is ignored), correctly rounded; inf when too large and 0.0 when too small,
// as CPython. NaN if the text is not a float literal.
double parse_float_literal(std::string_view token);

// Decimal digits of an integer literal token of any base ("0x_FF", "0o17", "0b1", "1_000"),
// arbitrary precision, no leading zeros ("0" for zero). nullopt if the token is not a valid
// Python integer literal.
std::optional<std::string> int_literal_to_decimal(std::string_view token);

// CPython 3.11's limit on decimal <-> int conversions (sys.int_info.default_max_str_digits).
inline constexpr std::size_t kIntMaxStrDigits = 4300;

// True for a decimal literal of more than kIntMaxStrDigits digits (underscores not counted):
// CPython 3.11 rejects it at parse time. Power-of-two bases have no limit when parsed.
bool int_literal_exceeds_str_digits_limit(std::string_view token);

// The SyntaxError message CPython 3.11 gives for such a literal (ast.parse reports it on the
// literal's line with offset 0), or nullopt when the token is within the limit:
// "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use
// sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer
// literals to avoid decimal conversion limits."
std::optional<std::string> int_literal_str_digits_error(std::string_view token);

// True when repr() of the int with these decimal digits (an optional '-', then digits) fails in
// CPython 3.11: more than kIntMaxStrDigits digits. ast.parse accepts a huge hex, octal or binary
// literal, but ast.dump of it raises ValueError with kIntReprLimitMessage.
bool int_repr_exceeds_str_digits_limit(std::string_view decimal);
inline constexpr std::string_view kIntReprLimitMessage =
    "Exceeds the limit (4300 digits) for integer string conversion; use "
    "sys.set_int_max_str_digits() to increase the limit";

// repr() of a str given as WTF-8: CPython's quote choice, escapes and isprintable() table.
std::string str_repr(std::string_view wtf8);

// str.isprintable() of one code point (Unicode 14.0.0, CPython 3.11's tables).
bool is_printable(char32_t cp);

// The code point that \N{name} denotes in CPython 3.11: formal names and name aliases, listed
// names case-insensitively; Hangul syllables and CJK unified ideographs by their algorithmic,
// upper-case names. Named sequences are not accepted (\N{} rejects them).
std::optional<char32_t> lookup_unicode_name(std::string_view name);

// repr() of a bytes value: b'...' with CPython's quote choice and escapes.
std::string bytes_repr(std::string_view bytes);

struct LiteralError {
  std::size_t offset = 0;  // byte offset into the body where the bad escape (or character) starts
  // CPython 3.11's message. Errors: "(unicode error) 'unicodeescape' codec can't decode bytes in
  // position 0-1: truncated \xXX escape" (positions as CPython counts them: into its rewrite of
  // the body in which each non-ASCII character takes 10 bytes), "(value error) invalid \x escape
  // at position 0" for bytes, "bytes can only contain ASCII literal characters". Warnings:
  // "invalid escape sequence '\d'", "invalid octal escape sequence '\777'" (DeprecationWarning
  // in 3.11, SyntaxWarning from 3.12).
  //
  // CPython 3.11 does not report the errors at the escape but at the last token the parser had
  // read: the token after the string or group of concatenated strings (`x = "\x4"; y` -> the
  // ';'; `("\x4"\n "abc")` -> the ')' on line 2; at the end of the input, one past the string).
  std::string message;
};

// Decodes the body of a string or bytes literal (the text between the quotes, source already
// UTF-8) the way CPython's parser does for the given prefix: escapes unless raw, \N{NAME} for str,
// \ooo, \xhh, \uXXXX, \UXXXXXXXX, line continuations. Unknown escapes are kept verbatim (CPython
// warns, it does not fail). Octal escapes above \377 give that code point in a str and keep the
// low 8 bits in bytes ("\777" -> U+01FF, b"\777" -> b"\xff", both with a warning). \u, \U and
// \N are not escapes in bytes. (In an f-string, the braces of \N{...} are not a replacement
// field.)
//
// Newlines are translated as CPython translates the whole source ("\r\n" and a lone "\r" become
// "\n"), raw or not. Returns WTF-8 for str, raw bytes for bytes; a bytes literal with a
// non-ASCII character is an error, raw or not. Exactly one of value and error is set.
struct DecodedLiteral {
  std::optional<std::string> value;
  std::optional<LiteralError> error;
  // The first invalid escape of the literal, which CPython warns about (only set with a value).
  std::optional<LiteralError> warning;
};
DecodedLiteral decode_string_body(std::string_view body, bool raw, bool bytes);

}  // namespace preflight::python
