// The literal functions against CPython 3.11 (/usr/bin/python3): each test writes its cases to a
// file, one Python process answers them all (a process per case would take minutes), and every
// answer is compared. Each test prints how many cases it compared.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "python/literals.h"

namespace preflight::python {
namespace {

namespace fs = std::filesystem;

bool have_python() {
  static const bool available = std::system("/usr/bin/python3 -c pass > /dev/null 2>&1") == 0;
  return available;
}

// Runs `script` with /usr/bin/python3, giving it the path of a file holding `input` as argv[1];
// returns its standard output (binary).
std::string run_python(const std::string& script, const std::string& input) {
  static int counter = 0;
  const fs::path base =
      fs::temp_directory_path() / fmt::format("preflight-literals-{}-{}", ::getpid(), counter++);
  const fs::path program = base.string() + ".py";
  const fs::path data = base.string() + ".in";
  std::ofstream(program, std::ios::binary) << script;
  std::ofstream(data, std::ios::binary) << input;
  const std::string command =
      fmt::format("/usr/bin/python3 '{}' '{}'", program.string(), data.string());
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[65536];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) {
      output.append(buffer, n);
    }
    ::pclose(pipe);
  }
  fs::remove(program);
  fs::remove(data);
  return output;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Counts agreements and records the first few differences, so that a systematic bug does not
// print 100,000 failures.
class Comparison {
 public:
  explicit Comparison(std::string what) : what_(std::move(what)) {}
  ~Comparison() {
    std::printf(
        "[ oracle   ] %s: %zu compared, %zu equal (%.3f %%)\n", what_.c_str(), compared_, equal_,
        compared_ ? 100.0 * static_cast<double>(equal_) / static_cast<double>(compared_) : 0.0);
  }
  // `describe` names the case; it is called only for a difference (formatting a description of
  // each of a million agreeing cases would dominate the test's time).
  template <typename Describe>
  void check(const std::string& actual, const std::string& expected, Describe&& describe) {
    ++compared_;
    if (actual == expected) {
      ++equal_;
    } else if (++reported_ <= 20) {
      ADD_FAILURE() << what_ << " for " << describe() << "\n  ours:    " << actual
                    << "\n  CPython: " << expected;
    }
  }
  std::size_t compared() const { return compared_; }

 private:
  std::string what_;
  std::size_t compared_ = 0;
  std::size_t equal_ = 0;
  std::size_t reported_ = 0;
};

std::string hex_bytes(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return out;
}

std::string wtf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// The code points of a WTF-8 string as space-separated hex, the form the Python side prints.
std::string code_points(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1   ? lead
                  : length == 2 ? lead & 0x1F
                  : length == 3 ? lead & 0x0F
                                : lead & 0x07;
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    if (!out.empty()) out += ' ';
    out += fmt::format("{:x}", static_cast<std::uint32_t>(cp));
    i += length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

std::vector<double> random_doubles(std::size_t count) {
  std::mt19937_64 rng(20240611);
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                0.1,
                                1e16,
                                1e15,
                                1e-4,
                                1e-5,
                                5e-324,
                                2.2250738585072014e-308,
                                1.7976931348623157e308,
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN()};
  // The formatting boundaries of repr and their neighbours.
  for (const double edge : {1e16, 1e-4, 1e-5, 1e17, 9999999999999998.0, 0.0001, 1e22, 1e23}) {
    values.push_back(std::nextafter(edge, 0.0));
    values.push_back(std::nextafter(edge, 1e300));
  }
  std::uniform_int_distribution<int> kind(0, 9);
  while (values.size() < count) {
    const std::uint64_t bits = rng();
    switch (kind(rng)) {
      case 0:  // subnormals
        values.push_back(std::bit_cast<double>(bits & 0x800F'FFFF'FFFF'FFFFull));
        break;
      case 1:  // integers, around and beyond 2^53
        values.push_back(static_cast<double>(static_cast<std::int64_t>(bits >> (rng() % 64))));
        break;
      case 2: {  // short decimals: k * 10^e
        const double k = static_cast<double>(rng() % 100000);
        values.push_back(k * std::pow(10.0, static_cast<int>(rng() % 60) - 30));
        break;
      }
      case 3:  // exponents around the repr switch points
        values.push_back(std::bit_cast<double>((bits & 0x800F'FFFF'FFFF'FFFFull) |
                                               (std::uint64_t{1023 - 20 + rng() % 80} << 52)));
        break;
      case 4:  // huge and tiny exponents
        values.push_back(std::bit_cast<double>(
            (bits & 0x800F'FFFF'FFFF'FFFFull) |
            (std::uint64_t{rng() % 2 ? 1 + rng() % 40 : 2000 + rng() % 46} << 52)));
        break;
      default:  // any bit pattern (NaNs with payloads, infinities included)
        values.push_back(std::bit_cast<double>(bits));
        break;
    }
  }
  return values;
}

TEST(LiteralOracle, FloatReprOf100000Floats) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  const std::vector<double> values = random_doubles(100'000);
  std::string input;
  for (const double value : values)
    input += fmt::format("{:016x}\n", std::bit_cast<std::uint64_t>(value));
  const std::string output = run_python(R"py(
import struct, sys
out = []
for line in open(sys.argv[1]):
    x = struct.unpack('<d', int(line, 16).to_bytes(8, 'little'))[0]
    out.append(repr(x) + ' ' + repr(complex(0.0, x)))
sys.stdout.write('\n'.join(out) + '\n')
)py",
                                        input);
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_EQ(lines.size(), values.size());
  Comparison floats("repr(float)");
  Comparison imaginary("repr(complex(0.0, x))");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::size_t space = lines[i].find(' ');
    const auto describe = [&] {
      return fmt::format("{:016x}", std::bit_cast<std::uint64_t>(values[i]));
    };
    floats.check(float_repr(values[i]), lines[i].substr(0, space), describe);
    imaginary.check(imaginary_repr(values[i]), lines[i].substr(space + 1), describe);
  }
  EXPECT_GE(floats.compared(), 100'000u);
}

std::string digits(std::mt19937_64& rng, std::size_t count, int base, bool underscores) {
  static constexpr char kDigits[] = "0123456789abcdefABCDEF";
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (underscores && i > 0 && rng() % 4 == 0) out += '_';
    const std::size_t choices = base == 16 ? 22 : static_cast<std::size_t>(base);
    out += kDigits[rng() % choices];
  }
  return out;
}

std::size_t random_length(std::mt19937_64& rng) {
  const auto roll = rng() % 20;
  if (roll == 0) return 300 + rng() % 500;  // many digits: correct rounding needs big arithmetic
  if (roll < 4) return 17 + rng() % 20;
  return 1 + rng() % 17;
}

TEST(LiteralOracle, FloatLiteralValues) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  std::mt19937_64 rng(7);
  std::vector<std::string> tokens = {"1e400",
                                     "1e-400",
                                     "0.0",
                                     "1.",
                                     ".5",
                                     "1_0.0_1e-0_1",
                                     "2.4703282292062327e-324",
                                     "2.4703282292062328e-324",
                                     "1.7976931348623158e308",
                                     "1.7976931348623159e308",
                                     "0." + std::string(400, '0') + "1e400",
                                     "9" + std::string(330, '0') + "e-330"};
  while (tokens.size() < 20'000) {
    std::string token = digits(rng, random_length(rng), 10, rng() % 3 == 0);
    const auto shape = rng() % 4;
    if (shape != 0)
      token += "." + (rng() % 5 ? digits(rng, random_length(rng), 10, rng() % 3 == 0) : "");
    if (shape == 3) token = "." + digits(rng, random_length(rng), 10, false);
    if (shape == 0 || rng() % 2) {
      const int exponent = static_cast<int>(rng() % 700) - 350;
      token += fmt::format("{}{}", rng() % 2 ? 'e' : 'E', exponent);
    }
    tokens.push_back(token);
  }
  std::string input;
  for (const std::string& token : tokens) input += token + '\n';
  const std::string output = run_python(R"py(
import struct, sys
out = []
for line in open(sys.argv[1]):
    out.append('%016x' % struct.unpack('<Q', struct.pack('<d', float(line.strip())))[0])
sys.stdout.write('\n'.join(out) + '\n')
)py",
                                        input);
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_EQ(lines.size(), tokens.size());
  Comparison comparison("float(literal)");
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    comparison.check(
        fmt::format("{:016x}", std::bit_cast<std::uint64_t>(parse_float_literal(tokens[i]))),
        lines[i], [&] { return tokens[i].substr(0, 200); });
  }
}

TEST(LiteralOracle, StrReprOfEveryCodePoint) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  // Multi-character strings: both quote kinds, backslashes, mixed scripts.
  const std::vector<std::string> extra = {
      "'",
      "\"",
      "'\"",
      "a'b",
      "a\"b",
      "a'b\"c",
      "\\'",
      "\\\"",
      "'''",
      "\"\"\"",
      "it's \"quoted\"",
      "caf\xC3\xA9 \xE2\x80\xA8 \xED\xA0\x80\xED\xB0\x80 \xF0\x9F\x98\x80 \x01\x7f\t",
      ""};
  std::string input;
  for (const std::string& text : extra) input += hex_bytes(text) + '\n';
  const std::string output = run_python(R"py(
import sys
out = [repr(chr(cp)) for cp in range(0x110000)]
for line in open(sys.argv[1]):
    out.append(repr(bytes.fromhex(line.strip()).decode('utf-8', 'surrogatepass')))
sys.stdout.buffer.write(('\n'.join(out) + '\n').encode('utf-8'))
)py",
                                        input);
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_EQ(lines.size(), 0x110000 + extra.size());
  Comparison comparison("repr(str)");
  for (char32_t cp = 0; cp < 0x110000; ++cp) {
    comparison.check(str_repr(wtf8(cp)), lines[cp],
                     [&] { return fmt::format("U+{:04X}", static_cast<std::uint32_t>(cp)); });
  }
  for (std::size_t i = 0; i < extra.size(); ++i) {
    comparison.check(str_repr(extra[i]), lines[0x110000 + i], [&] { return hex_bytes(extra[i]); });
  }
}

TEST(LiteralOracle, BytesReprOfEveryByte) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  std::vector<std::string> cases;
  for (int byte = 0; byte < 256; ++byte) cases.emplace_back(1, static_cast<char>(byte));
  for (const char* text :
       {"", "'", "\"", "'\"", "a'b", "a\"b", "\\'\"", "''\"\"", "\x00\xff\x80'"}) {
    cases.emplace_back(text);
  }
  std::string input;
  for (const std::string& bytes : cases) input += hex_bytes(bytes) + '\n';
  const std::string output = run_python(R"py(
import sys
out = [repr(bytes.fromhex(line.strip())) for line in open(sys.argv[1])]
sys.stdout.write('\n'.join(out) + '\n')
)py",
                                        input);
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_EQ(lines.size(), cases.size());
  Comparison comparison("repr(bytes)");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    comparison.check(bytes_repr(cases[i]), lines[i], [&] { return hex_bytes(cases[i]); });
  }
}

TEST(LiteralOracle, IntegerLiteralsOfEveryBase) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  std::mt19937_64 rng(42);
  std::vector<std::string> tokens = {"0", "00", "0_0", "0x0", "0b0", "0o0", "0x_0", "1", "9",
                                     // invalid ones: both sides must reject them
                                     "01", "0_1", "1_", "1__0", "_1", "0x", "0x_", "0x__1", "0b2",
                                     "0o8", "0xg", "0b", "0o", "0x1_", "0_", "00_", "0X_F_"};
  for (int i = 0; i < 4000; ++i) {
    const int base = std::array{2, 8, 10, 16}[rng() % 4];
    const auto roll = rng() % 100;
    const std::size_t length = roll < 2    ? 4000 + rng() % 2000
                               : roll < 20 ? 50 + rng() % 400
                                           : 1 + rng() % 40;
    const bool underscores = rng() % 3 == 0;
    std::string token;
    if (base == 10) {
      token = std::string(1, static_cast<char>('1' + rng() % 9)) +
              digits(rng, length - 1, 10, underscores);
      if (length > 4300) token.erase(std::remove(token.begin(), token.end(), '_'), token.end());
    } else {
      const char letter = base == 2 ? 'b' : base == 8 ? 'o' : 'x';
      token = std::string("0") + static_cast<char>(rng() % 2 ? letter : letter - 32);
      if (underscores && rng() % 2) token += '_';
      if (rng() % 5 == 0) token += "000";  // leading zeros are fine after a prefix
      token += digits(rng, length, base, underscores);
    }
    tokens.push_back(token);
  }
  std::string input;
  for (const std::string& token : tokens) input += token + '\n';
  // Python computes the values with the str-digits limit lifted; int(x, 0) accepts exactly the
  // literal syntax (prefixes, underscores, no leading zeros), so invalid tokens raise.
  const std::string output = run_python(R"py(
import sys
sys.set_int_max_str_digits(0)
out = []
for line in open(sys.argv[1]):
    try:
        out.append(str(int(line.strip(), 0)))
    except ValueError:
        out.append('invalid')
sys.stdout.write('\n'.join(out) + '\n')
)py",
                                        input);
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_EQ(lines.size(), tokens.size());
  Comparison comparison("int(literal) in decimal");
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    comparison.check(int_literal_to_decimal(tokens[i]).value_or("invalid"), lines[i],
                     [&] { return tokens[i].substr(0, 100); });
  }
}

TEST(LiteralOracle, IntegerStrDigitsLimit) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  // Decimal literals at the limit (rejected by the parser) and power-of-two literals whose value
  // has 4300 or 4301 decimal digits (accepted by the parser, refused by repr in ast.dump).
  std::vector<std::string> tokens = {std::string(4300, '9'), std::string(4301, '1'),
                                     std::string(5000, '3'), "1_" + std::string(4299, '2'),
                                     "1_" + std::string(4300, '2')};
  // 10^4299 needs 14281 bits; 10^4300 - 1 has 4300 digits, 10^4300 has 4301.
  for (const int bits : {14280, 14281, 14282, 14283, 14284, 14285}) {
    tokens.push_back("0b1" + std::string(static_cast<std::size_t>(bits - 1), '0'));
    tokens.push_back("0b" + std::string(static_cast<std::size_t>(bits), '1'));
  }
  std::string input;
  for (const std::string& token : tokens) input += token + '\n';
  const std::string output = run_python(R"py(
import ast, sys
out = []
for line in open(sys.argv[1]):
    try:
        tree = ast.parse(line.strip())
    except SyntaxError as e:
        out.append('SyntaxError: ' + e.msg)
        continue
    try:
        ast.dump(tree)
        out.append('ok')
    except ValueError as e:
        out.append('ValueError: ' + str(e))
sys.stdout.write('\n'.join(out) + '\n')
)py",
                                        input);
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_EQ(lines.size(), tokens.size());
  Comparison comparison("int str-digits limit");
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string ours = "ok";
    if (const auto error = int_literal_str_digits_error(tokens[i])) {
      ours = "SyntaxError: " + *error;
    } else if (int_repr_exceeds_str_digits_limit(*int_literal_to_decimal(tokens[i]))) {
      ours = "ValueError: " + std::string(kIntReprLimitMessage);
    }
    comparison.check(ours, lines[i], [&] { return tokens[i].substr(0, 40); });
  }
}

// ---------------------------------------------------------------------------------------------
// String bodies

struct BodyCase {
  std::string prefix;  // "", "r", "b", "rb"
  std::string body;
};

// Names for \N{}: formal names, aliases, algorithmic names, case variants and near misses.
const std::vector<std::string> kEscapeNames = {"LATIN SMALL LETTER A",
                                               "latin small letter e with acute",
                                               "BOM",
                                               "NUL",
                                               "ZWJ",
                                               "LINE FEED",
                                               "NO-BREAK SPACE",
                                               "GREEK SMALL LETTER ALPHA",
                                               "SNOWMAN",
                                               "GRINNING FACE",
                                               "CJK UNIFIED IDEOGRAPH-4E00",
                                               "CJK UNIFIED IDEOGRAPH-2A6DF",
                                               "CJK UNIFIED IDEOGRAPH-04E00",
                                               "cjk unified ideograph-4e00",
                                               "CJK COMPATIBILITY IDEOGRAPH-2F800",
                                               "HANGUL SYLLABLE GAG",
                                               "HANGUL SYLLABLE WAENG",
                                               "hangul syllable ga",
                                               "HANGUL SYLLABLE GAGX",
                                               "TANGUT IDEOGRAPH-17000",
                                               "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE",
                                               "TIBETAN LETTER -A",
                                               "HANGUL JUNGSEONG O-E",
                                               "YI SYLLABLE ITERATION MARK",
                                               "NUSHU CHARACTER-1B170",
                                               "KHITAN SMALL SCRIPT CHARACTER-18CD5",
                                               "xx",
                                               " LATIN SMALL LETTER A",
                                               "LATIN SMALL  LETTER A",
                                               "BYTE ORDER MARK",
                                               "VS1",
                                               "VARIATION SELECTOR-256",
                                               "LINE FEED (LF)",
                                               "DIGIT ZERO"};

std::string random_piece(std::mt19937_64& rng, bool bytes, bool allow_errors) {
  static const std::vector<std::string> kNonAscii = {"\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80",
                                                     "\xC2\x85", "\xE2\x80\xA8", "\xEF\xBB\xBF",
                                                     "\xC2\xA0"};
  static const std::vector<std::string> kSimple = {
      "\\\\",   "\\'", "\\\"", "\\a", "\\b", "\\f", "\\n", "\\r", "\\t", "\\v", "\\\n",
      "\\\r\n", "\n",  "\r\n", "\r",  "'",   "\\d", "\\8", "\\9", "\\q", "\\ ", "\\{"};
  auto hex = [&](int count, std::uint32_t max) {
    return fmt::format("{:0{}x}", static_cast<std::uint32_t>(rng() % (max + 1)), count);
  };
  const auto roll = rng() % 100;
  if (roll < 25) return std::string(1, "abcXYZ 019{}"[rng() % 12]);
  if (roll < 35) return bytes && rng() % 20 ? "z" : kNonAscii[rng() % kNonAscii.size()];
  if (roll < 50) return kSimple[rng() % kSimple.size()];
  if (roll < 58) {  // octal, 1 to 3 digits, sometimes above \377
    return "\\" + std::to_string(rng() % 8) + (rng() % 2 ? std::to_string(rng() % 8) : "") +
           (rng() % 2 ? std::to_string(rng() % 8) : "");
  }
  if (roll < 65) return "\\x" + hex(2, 255);
  if (roll < 72) return "\\u" + hex(4, 0xFFFF);  // surrogates included
  if (roll < 76) return "\\ud8" + hex(2, 255);
  if (roll < 82) return "\\U" + hex(8, 0x10FFFF);
  if (roll < 90) return "\\N{" + kEscapeNames[rng() % kEscapeNames.size()] + "}";
  if (roll < 93) return "\\\xC3\xA9";  // backslash before a non-ASCII character
  if (!allow_errors) return "\\0";
  static const std::vector<std::string> kBad = {"\\x4",
                                                "\\xg",
                                                "\\x",
                                                "\\u12",
                                                "\\u",
                                                "\\U0011ffff",
                                                "\\U1234",
                                                "\\N",
                                                "\\N{",
                                                "\\N{}",
                                                "\\N{LATIN",
                                                "\\U00110000",
                                                "\\N{LATIN SMALL LETTER \xC3\xA9}"};
  return kBad[rng() % kBad.size()];
}

std::vector<BodyCase> random_bodies(std::size_t count) {
  std::mt19937_64 rng(1234);
  std::vector<BodyCase> cases;
  while (cases.size() < count) {
    BodyCase c;
    c.prefix = std::array{"", "", "", "r", "b", "b", "rb", "R", "Br"}[rng() % 9];
    const bool bytes = c.prefix.find_first_of("bB") != std::string::npos;
    const bool allow_errors = rng() % 4 == 0;
    const std::size_t pieces = rng() % 12;
    for (std::size_t i = 0; i < pieces; ++i) c.body += random_piece(rng, bytes, allow_errors);
    // A literal cannot end in an odd number of backslashes or in the closing quote character.
    if (!c.body.empty() && (c.body.back() == '"' || c.body.back() == '\\')) c.body += 'z';
    cases.push_back(std::move(c));
  }
  return cases;
}

TEST(LiteralOracle, StringBodiesDecodeAsCPython) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  std::vector<BodyCase> cases = random_bodies(4000);
  // Every name and malformed escape of the lists alone, with ASCII and non-ASCII before it
  // (CPython's error positions count a non-ASCII character as 10).
  for (const std::string& name : kEscapeNames) {
    cases.push_back({"", "\\N{" + name + "}"});
    cases.push_back({"", "\xC3\xA9\\N{" + name + "}"});
  }
  for (const char* bad : {"\\x4", "\\xg0", "\\x", "\\u12", "\\U0011000", "\\U00110000", "\\N",
                          "\\N{", "\\N{}", "\\N{LATIN SMALL LETTER A", "\\N{xx}", "\\x\xC3\xA9",
                          "\\x4\xC3\xA9", "\\N{\xC3\xA9}", "\\N{\xC3\xA9", "\\\xC3\xA9\\x"}) {
    for (const char* before :
         {"", "ab", "\xC3\xA9", "\\\xC3\xA9", "\\\\\xC3\xA9", "a\r\nb", "\xF0\x9F\x98\x80\\n"}) {
      cases.push_back({"", std::string(before) + bad});
      cases.push_back({"b", std::string(before) + bad});
    }
  }

  std::string input;
  for (const BodyCase& c : cases) input += fmt::format("{} {}\n", c.prefix, hex_bytes(c.body));
  // Each literal is parsed as source bytes (so newlines are translated as in a file), inside
  // triple quotes; the value is printed as code points (str) or hex (bytes), with the first
  // warning; a SyntaxError prints its message.
  const std::string output = run_python(R"py(
import ast, sys, warnings
out = []
for line in open(sys.argv[1]):
    prefix, _, body = line.rstrip('\n').partition(' ')
    src = prefix.encode() + b'"""' + bytes.fromhex(body) + b'"""'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            value = ast.parse(src, mode='eval').body.value
        except SyntaxError as e:
            out.append('error ' + e.msg)
            continue
    if isinstance(value, bytes):
        text = 'bytes ' + value.hex()
    else:
        text = 'str ' + ' '.join('%x' % ord(c) for c in value)
    if caught:
        text += ' | warning ' + str(caught[0].message)
    out.append(text)
sys.stdout.write('\n'.join(out) + '\n')
)py",
                                        input);
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_EQ(lines.size(), cases.size());
  Comparison comparison("decoded literal");
  std::size_t errors = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const BodyCase& c = cases[i];
    const bool raw = c.prefix.find_first_of("rR") != std::string::npos;
    const bool bytes = c.prefix.find_first_of("bB") != std::string::npos;
    const DecodedLiteral result = decode_string_body(c.body, raw, bytes);
    std::string ours;
    if (result.error) {
      ours = "error " + result.error->message;
      ++errors;
    } else {
      ours = bytes ? "bytes " + hex_bytes(*result.value) : "str " + code_points(*result.value);
      if (result.warning) ours += " | warning " + result.warning->message;
    }
    comparison.check(ours, lines[i], [&] { return c.prefix + " " + hex_bytes(c.body); });
  }
  std::printf("[ oracle   ] of which %zu are errors\n", errors);
  EXPECT_GE(errors, 100u);
}

TEST(LiteralOracle, EveryUnicodeNameAndAlias) {
  if (!have_python()) GTEST_SKIP() << "/usr/bin/python3 is not available";
  // Every formal name (Hangul and CJK included), every alias of Perl's Unicode 14 list that
  // CPython accepts, lower-case variants of a sample, and named sequences (which \N{} rejects).
  const std::string output = run_python(R"py(
import os, sys, unicodedata
out = []
for cp in range(0x110000):
    name = unicodedata.name(chr(cp), None)
    if name is not None:
        out.append('%x %s' % (cp, name))
        if cp % 37 == 0:
            lower = name.lower()
            try:
                value = eval('"\\N{%s}"' % lower)
                out.append('%x %s' % (ord(value), lower))
            except SyntaxError:
                out.append('- %s' % lower)
# Perl's name list holds the aliases (unicodedata cannot list them); perl-modules may be absent.
path = '/usr/share/perl/5.36/unicore/Name.pl'
text = open(path, encoding='utf-8').read() if os.path.exists(path) else "return <<'END';\n\nEND\n"
body = text[text.index("return <<'END';\n") + 16:text.rindex('\nEND\n')]
for entry in body.split('\n\n'):
    lines = entry.split('\n')
    if len(lines) != 2:
        continue
    cps, name = lines
    try:
        value = eval('"\\N{%s}"' % name)
        out.append('%x %s' % (ord(value), name))
    except SyntaxError:
        out.append('- %s' % name)
sys.stdout.write('\n'.join(out) + '\n')
)py",
                                        "");
  const std::vector<std::string> lines = split_lines(output);
  ASSERT_GT(lines.size(), 140'000u);
  Comparison comparison("\\N{name}");
  for (const std::string& line : lines) {
    const std::size_t space = line.find(' ');
    const std::string name = line.substr(space + 1);
    const auto cp = lookup_unicode_name(name);
    comparison.check(cp ? fmt::format("{:x}", static_cast<std::uint32_t>(*cp)) : "-",
                     line.substr(0, space), [&] { return name; });
  }
}

}  // namespace
}  // namespace preflight::python
