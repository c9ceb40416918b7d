// Hand-written expectations for the literal functions; every value here was checked against
// /usr/bin/python3 (CPython 3.11.2). The bulk comparison is literals_oracle_test.cpp.
#include "python/literals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "python/unicode_tables.h"

namespace preflight::python {
namespace {

TEST(LiteralFloat, ReprFollowsPythonRules) {
  EXPECT_EQ(float_repr(0.0), "0.0");
  EXPECT_EQ(float_repr(-0.0), "-0.0");
  EXPECT_EQ(float_repr(1.0), "1.0");
  EXPECT_EQ(float_repr(0.1), "0.1");
  EXPECT_EQ(float_repr(1e16), "1e+16");
  EXPECT_EQ(float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(float_repr(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(float_repr(0.0001), "0.0001");
  EXPECT_EQ(float_repr(0.00001), "1e-05");
  EXPECT_EQ(float_repr(1.5e-7), "1.5e-07");
  EXPECT_EQ(float_repr(1e22), "1e+22");
  EXPECT_EQ(float_repr(5e-324), "5e-324");
  EXPECT_EQ(float_repr(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(float_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(float_repr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(float_repr(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(float_repr(-std::numeric_limits<double>::quiet_NaN()), "nan");
}

TEST(LiteralFloat, ImaginaryReprHasNoDotZero) {
  EXPECT_EQ(imaginary_repr(1.0), "1j");
  EXPECT_EQ(imaginary_repr(1.5), "1.5j");
  EXPECT_EQ(imaginary_repr(-1.5), "-1.5j");
  EXPECT_EQ(imaginary_repr(-0.0), "-0j");
  EXPECT_EQ(imaginary_repr(1e16), "1e+16j");
  EXPECT_EQ(imaginary_repr(std::numeric_limits<double>::infinity()), "infj");
  EXPECT_EQ(imaginary_repr(std::numeric_limits<double>::quiet_NaN()), "nanj");
}

TEST(LiteralFloat, ParsesLiteralTokens) {
  EXPECT_EQ(parse_float_literal("1.5"), 1.5);
  EXPECT_EQ(parse_float_literal("1_000.000_1"), 1000.0001);
  EXPECT_EQ(parse_float_literal("1."), 1.0);
  EXPECT_EQ(parse_float_literal(".5"), 0.5);
  EXPECT_EQ(parse_float_literal("1e1_0"), 1e10);
  EXPECT_EQ(parse_float_literal("1E-3"), 1e-3);
  EXPECT_EQ(parse_float_literal("2.5j"), 2.5);
  EXPECT_EQ(parse_float_literal("0777j"), 777.0);
  EXPECT_EQ(parse_float_literal("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_float_literal("0.000001e-400"), 0.0);
  EXPECT_EQ(parse_float_literal("12345678901234567890e-350"), 0.0);
  EXPECT_EQ(parse_float_literal("0.00000001e310"), 1e302);
  EXPECT_EQ(parse_float_literal("1.7976931348623159e308"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_float_literal("2.4703282292062328e-324"), 5e-324);
  EXPECT_EQ(parse_float_literal("2.4703282292062327e-324"), 0.0);
  EXPECT_TRUE(std::isnan(parse_float_literal("1x")));
}

TEST(LiteralInt, DecimalOfEveryBase) {
  EXPECT_EQ(int_literal_to_decimal("0"), "0");
  EXPECT_EQ(int_literal_to_decimal("0_0"), "0");
  EXPECT_EQ(int_literal_to_decimal("000"), "0");
  EXPECT_EQ(int_literal_to_decimal("1_000"), "1000");
  EXPECT_EQ(int_literal_to_decimal("0x_FF"), "255");
  EXPECT_EQ(int_literal_to_decimal("0XfF"), "255");
  EXPECT_EQ(int_literal_to_decimal("0o17"), "15");
  EXPECT_EQ(int_literal_to_decimal("0O_7_7"), "63");
  EXPECT_EQ(int_literal_to_decimal("0b1"), "1");
  EXPECT_EQ(int_literal_to_decimal("0B_1_0"), "2");
  EXPECT_EQ(int_literal_to_decimal("0x0000_0001"), "1");
  EXPECT_EQ(int_literal_to_decimal("0xFFFFFFFFFFFFFFFF"), "18446744073709551615");
  EXPECT_EQ(int_literal_to_decimal("0x1_0000_0000_0000_0000"), "18446744073709551616");
  EXPECT_EQ(int_literal_to_decimal("0o1000000000000000000000000"), "4722366482869645213696");
}

TEST(LiteralInt, RejectsInvalidTokens) {
  for (const char* token : {"", "_", "_1", "1_", "1__0", "0x", "0x_", "0x__1", "0x1_", "0b2", "0o8",
                            "0xg", "01", "0_1", "00_7", "1a", "0b", "1.0", "0x1.0"}) {
    EXPECT_EQ(int_literal_to_decimal(token), std::nullopt) << token;
  }
}

TEST(LiteralInt, StrDigitsLimit) {
  const std::string at_limit(4300, '7');
  const std::string over_limit(4301, '7');
  EXPECT_FALSE(int_literal_exceeds_str_digits_limit(at_limit));
  EXPECT_TRUE(int_literal_exceeds_str_digits_limit(over_limit));
  EXPECT_FALSE(int_literal_exceeds_str_digits_limit("0x" + over_limit));
  EXPECT_EQ(int_literal_str_digits_error(at_limit), std::nullopt);
  EXPECT_EQ(int_literal_str_digits_error(std::string(5000, '1')),
            "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; "
            "use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for "
            "huge integer literals to avoid decimal conversion limits.");
  EXPECT_FALSE(int_repr_exceeds_str_digits_limit(at_limit));
  EXPECT_TRUE(int_repr_exceeds_str_digits_limit(over_limit));
  EXPECT_FALSE(int_repr_exceeds_str_digits_limit("-" + at_limit));
}

TEST(LiteralStrRepr, QuotesAndEscapes) {
  EXPECT_EQ(str_repr(""), "''");
  EXPECT_EQ(str_repr("a'b"), "\"a'b\"");
  EXPECT_EQ(str_repr("a\"b"), "'a\"b'");
  EXPECT_EQ(str_repr("a'b\""), "'a\\'b\"'");
  EXPECT_EQ(str_repr("\\"), "'\\\\'");
  EXPECT_EQ(str_repr("\t\n\r\x01\x7f"), "'\\t\\n\\r\\x01\\x7f'");
  EXPECT_EQ(str_repr(std::string("\0", 1)), "'\\x00'");
  EXPECT_EQ(str_repr("caf\xC3\xA9"), "'caf\xC3\xA9'");
  EXPECT_EQ(str_repr("\xC2\xA0\xC2\xAD"), "'\\xa0\\xad'");        // NBSP, soft hyphen
  EXPECT_EQ(str_repr("\xED\xA0\x80"), "'\\ud800'");               // lone surrogate (WTF-8)
  EXPECT_EQ(str_repr("\xE2\x80\xA8"), "'\\u2028'");               // line separator
  EXPECT_EQ(str_repr("\xF0\x9F\x98\x80"), "'\xF0\x9F\x98\x80'");  // emoji: printable
  EXPECT_EQ(str_repr("\xF3\xA0\x80\x81"), "'\\U000e0001'");       // language tag: Cf
}

TEST(LiteralBytesRepr, QuotesAndEscapes) {
  EXPECT_EQ(bytes_repr(""), "b''");
  EXPECT_EQ(bytes_repr("'"), "b\"'\"");
  EXPECT_EQ(bytes_repr("'\""), "b'\\'\"'");
  EXPECT_EQ(bytes_repr("\x80\xff\t\\"), "b'\\x80\\xff\\t\\\\'");
}

TEST(LiteralUnicode, TablesComeFromCPython311) {
  EXPECT_EQ(unicode_tables::kUnidataVersion, "14.0.0");
  EXPECT_TRUE(is_printable(' '));
  EXPECT_FALSE(is_printable(0x85));
  EXPECT_TRUE(is_printable(0x4E00));
  EXPECT_FALSE(is_printable(0x3000));  // ideographic space: Zs
  EXPECT_FALSE(is_printable(0x10FFFF));
}

TEST(LiteralUnicode, NameLookup) {
  EXPECT_EQ(lookup_unicode_name("LATIN SMALL LETTER A"), U'a');
  EXPECT_EQ(lookup_unicode_name("latin small letter a"), U'a');
  EXPECT_EQ(lookup_unicode_name("BOM"), 0xFEFFu);
  EXPECT_EQ(lookup_unicode_name("NUL"), 0u);
  EXPECT_EQ(lookup_unicode_name("CJK UNIFIED IDEOGRAPH-4E00"), 0x4E00u);
  EXPECT_EQ(lookup_unicode_name("CJK UNIFIED IDEOGRAPH-04E00"), 0x4E00u);
  EXPECT_EQ(lookup_unicode_name("cjk unified ideograph-4e00"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name("CJK UNIFIED IDEOGRAPH-4e00"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name("CJK COMPATIBILITY IDEOGRAPH-F900"), 0xF900u);
  EXPECT_EQ(lookup_unicode_name("cjk compatibility ideograph-f900"), 0xF900u);
  EXPECT_EQ(lookup_unicode_name("CJK COMPATIBILITY IDEOGRAPH-0F900"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name("KHITAN SMALL SCRIPT CHARACTER-18B00"), 0x18B00u);
  EXPECT_EQ(lookup_unicode_name("NUSHU CHARACTER-1B170"), 0x1B170u);
  EXPECT_EQ(lookup_unicode_name("TANGUT IDEOGRAPH-17000"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name("HANGUL SYLLABLE GA"), 0xAC00u);
  EXPECT_EQ(lookup_unicode_name("HANGUL SYLLABLE GAG"), 0xAC01u);
  EXPECT_EQ(lookup_unicode_name("HANGUL SYLLABLE A"), 0xC544u);
  EXPECT_EQ(lookup_unicode_name("hangul syllable ga"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name("LATIN CAPITAL LETTER A WITH MACRON AND GRAVE"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name(" LATIN SMALL LETTER A"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name("LATIN  SMALL LETTER A"), std::nullopt);
  EXPECT_EQ(lookup_unicode_name(""), std::nullopt);
}

DecodedLiteral decode(std::string_view body, bool raw = false, bool bytes = false) {
  return decode_string_body(body, raw, bytes);
}

std::string value_of(std::string_view body, bool raw = false, bool bytes = false) {
  const DecodedLiteral result = decode(body, raw, bytes);
  return result.value ? *result.value : "ERROR: " + result.error->message;
}

std::string error_of(std::string_view body, bool raw = false, bool bytes = false) {
  const DecodedLiteral result = decode(body, raw, bytes);
  return result.error ? result.error->message : "no error";
}

TEST(LiteralDecode, Escapes) {
  EXPECT_EQ(value_of(R"(a\\b\'\"\a\b\f\n\r\t\v)"), "a\\b'\"\a\b\f\n\r\t\v");
  EXPECT_EQ(value_of(R"(\0\08\101\1010)"), std::string("\0\0"
                                                       "8AA0",
                                                       6));
  EXPECT_EQ(value_of(R"(\777)"), "\xC7\xBF");  // chr(0o777), with a warning
  EXPECT_EQ(value_of(R"(\777)", false, true), "\xFF");
  EXPECT_EQ(value_of(R"(\400)", false, true), std::string("\0", 1));
  EXPECT_EQ(value_of(R"(\x41\u00e9\U0001F600)"), "A\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(value_of(R"(\ud800)"), "\xED\xA0\x80");
  EXPECT_EQ(value_of(R"(\N{LATIN SMALL LETTER E WITH ACUTE}\N{bom})"), "\xC3\xA9\xEF\xBB\xBF");
  EXPECT_EQ(value_of("a\\\nb\\\r\nc\\\rd"), "abcd");
  EXPECT_EQ(value_of("a\r\nb\rc"), "a\nb\nc");
  EXPECT_EQ(value_of("a\r\nb\rc", true), "a\nb\nc");
  EXPECT_EQ(value_of(R"(\d\8\N)", false, true), R"(\d\8\N)");
  EXPECT_EQ(value_of(R"(\u1234\x41)", false, true), "\\u1234A");
  EXPECT_EQ(value_of(R"(\x41\n)", true), R"(\x41\n)");
  EXPECT_EQ(value_of("\\\xC3\xA9"), "\\\xC3\xA9");
}

TEST(LiteralDecode, Warnings) {
  EXPECT_EQ(decode(R"(ok\d\q)").warning->message, R"(invalid escape sequence '\d')");
  EXPECT_EQ(decode(R"(ok\d\q)").warning->offset, 2u);
  EXPECT_EQ(decode(R"(\777\d)").warning->message, R"(invalid octal escape sequence '\777')");
  EXPECT_EQ(decode(R"(\N{NUL})", false, true).warning->message, R"(invalid escape sequence '\N')");
  EXPECT_FALSE(decode("\\\xC3\xA9").warning);  // CPython's rewrite makes it "\u005c"
  EXPECT_FALSE(decode(R"(\d)", true).warning);
}

TEST(LiteralDecode, ErrorsAsCPython) {
  const std::string prefix =
      "(unicode error) 'unicodeescape' codec can't decode bytes in position ";
  EXPECT_EQ(error_of(R"(\x4)"), prefix + R"(0-2: truncated \xXX escape)");
  EXPECT_EQ(error_of(R"(ab\x4)"), prefix + R"(2-4: truncated \xXX escape)");
  EXPECT_EQ(error_of(R"(abc\x)"), prefix + R"(3-4: truncated \xXX escape)");
  EXPECT_EQ(error_of(R"(ab\xg0)"), prefix + R"(2-3: truncated \xXX escape)");
  EXPECT_EQ(error_of("\xC3\xA9\\x4"), prefix + R"(10-12: truncated \xXX escape)");
  EXPECT_EQ(error_of(R"(\u12)"), prefix + R"(0-3: truncated \uXXXX escape)");
  EXPECT_EQ(error_of(R"(\U0011000)"), prefix + R"(0-8: truncated \UXXXXXXXX escape)");
  EXPECT_EQ(error_of(R"(\U00110000)"), prefix + R"(0-9: illegal Unicode character)");
  EXPECT_EQ(error_of(R"(\N)"), prefix + R"(0-1: malformed \N character escape)");
  EXPECT_EQ(error_of(R"(\N{)"), prefix + R"(0-2: malformed \N character escape)");
  EXPECT_EQ(error_of(R"(\N{})"), prefix + R"(0-2: malformed \N character escape)");
  EXPECT_EQ(error_of(R"(\N{LATIN SMALL LETTER A)"),
            prefix + R"(0-22: malformed \N character escape)");
  EXPECT_EQ(error_of(R"(ab\N{xx})"), prefix + R"(2-7: unknown Unicode character name)");
  EXPECT_EQ(error_of(R"(\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE})"),
            prefix + R"(0-47: unknown Unicode character name)");
  EXPECT_EQ(error_of(R"(\x4)", false, true), R"((value error) invalid \x escape at position 0)");
  EXPECT_EQ(error_of(R"(ab\xg0)", false, true), R"((value error) invalid \x escape at position 2)");
  EXPECT_EQ(error_of("\xC3\xA9", false, true), "bytes can only contain ASCII literal characters");
  EXPECT_EQ(error_of("\xC3\xA9", true, true), "bytes can only contain ASCII literal characters");
  EXPECT_EQ(decode(R"(ab\x4)").error->offset, 2u);
}

}  // namespace
}  // namespace preflight::python
