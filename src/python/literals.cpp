#include "python/literals.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "python/unicode_tables.h"

namespace preflight::python {
namespace {

constexpr char32_t kMaxUnicode = 0x10FFFF;
constexpr char32_t kReplacement = 0xFFFD;

// ---------------------------------------------------------------------------------------------
// UTF-8 / WTF-8

void append_wtf8(std::string& out, char32_t cp) {
  // Surrogates are encoded like any other code point (WTF-8), so "\ud800" survives.
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
}

// Decodes the code point starting at text[i] and advances i. Malformed input (which a WTF-8
// caller never passes) yields U+FFFD for one byte, so that every byte is consumed.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    ++i;
    return kReplacement;
  }
  if (i + length > text.size()) {
    ++i;
    return kReplacement;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if ((byte & 0xC0) != 0x80) {
      ++i;
      return kReplacement;
    }
    cp = (cp << 6) | (byte & 0x3F);
  }
  if (cp < min || cp > kMaxUnicode) {
    ++i;
    return kReplacement;
  }
  i += length;
  return cp;
}

// ---------------------------------------------------------------------------------------------
// Floats

// CPython's float_repr_style 'short' formatting (Python/pystrtod.c format_float_short with
// mode 0): shortest round-trip digits, exponent notation when the decimal exponent is < -4 or
// >= 16, at least two exponent digits. `add_dot_0` is what repr(float) asks for ("1.0");
// complex repr does not ("1j").
std::string format_short(double value, bool add_dot_0) {
  if (std::isnan(value)) return "nan";  // CPython ignores the sign of a NaN
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";

  // std::to_chars without a precision gives the shortest representation that round-trips, the
  // same digits as David Gay's dtoa mode 0 that CPython uses.
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::scientific);
  const std::string_view text(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));

  // text is "[-]d[.ddd]e[+-]dd".
  std::size_t pos = 0;
  const bool negative = text[0] == '-';
  if (negative) ++pos;
  std::string digits;
  while (pos < text.size() && text[pos] != 'e') {
    if (text[pos] != '.') digits += text[pos];
    ++pos;
  }
  int exponent = 0;
  std::from_chars(text.data() + pos + 1 + (text[pos + 1] == '+' ? 1 : 0), text.data() + text.size(),
                  exponent);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

  // decpt: the decimal point sits after `decpt` digits (dtoa's convention).
  const int decpt = exponent + 1;
  const int ndigits = static_cast<int>(digits.size());
  std::string out = negative ? "-" : "";
  if (decpt <= -4 || decpt > 16) {
    out += digits[0];
    if (ndigits > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += fmt::format("e{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
  } else if (decpt <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-decpt), '0');
    out += digits;
  } else if (decpt >= ndigits) {
    out += digits;
    out.append(static_cast<std::size_t>(decpt - ndigits), '0');
    if (add_dot_0) out += ".0";
  } else {
    out.append(digits, 0, static_cast<std::size_t>(decpt));
    out += '.';
    out.append(digits, static_cast<std::size_t>(decpt));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Integers: a little base-10^9 bignum, enough to print literals of any base in decimal.

constexpr std::uint32_t kLimbBase = 1'000'000'000;

// limbs = limbs * multiplier + addend, little-endian limbs.
void multiply_add(std::vector<std::uint32_t>& limbs, std::uint32_t multiplier,
                  std::uint32_t addend) {
  std::uint64_t carry = addend;
  for (std::uint32_t& limb : limbs) {
    const std::uint64_t value = std::uint64_t{limb} * multiplier + carry;
    limb = static_cast<std::uint32_t>(value % kLimbBase);
    carry = value / kLimbBase;
  }
  while (carry != 0) {
    limbs.push_back(static_cast<std::uint32_t>(carry % kLimbBase));
    carry /= kLimbBase;
  }
}

std::string limbs_to_decimal(const std::vector<std::uint32_t>& limbs) {
  if (limbs.empty()) return "0";
  std::string out = std::to_string(limbs.back());
  for (std::size_t i = limbs.size() - 1; i-- > 0;) out += fmt::format("{:09d}", limbs[i]);
  return out;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

// The digits of an integer literal without prefix and underscores, after checking Python's
// grammar: digits separated by single underscores, an underscore allowed right after the base
// prefix ("0x_1"), no leading zeros in a non-zero decimal.
struct IntDigits {
  int base = 10;
  std::string digits;
};

std::optional<IntDigits> split_int_literal(std::string_view token) {
  IntDigits result;
  std::string_view rest = token;
  if (rest.size() >= 2 && rest[0] == '0') {
    const char prefix = static_cast<char>(rest[1] | 0x20);
    if (prefix == 'x') result.base = 16;
    if (prefix == 'o') result.base = 8;
    if (prefix == 'b') result.base = 2;
  }
  bool underscore_ok = false;  // an underscore must follow a digit (or the base prefix)
  if (result.base != 10) {
    rest.remove_prefix(2);
    underscore_ok = true;
  }
  for (const char c : rest) {
    if (c == '_') {
      if (!underscore_ok) return std::nullopt;
      underscore_ok = false;
      continue;
    }
    if (digit_value(c) >= result.base) return std::nullopt;
    result.digits += c;
    underscore_ok = true;
  }
  if (result.digits.empty() || token.back() == '_') return std::nullopt;
  if (result.base == 10 && result.digits.size() > 1 && result.digits[0] == '0' &&
      result.digits.find_first_not_of('0') != std::string::npos) {
    return std::nullopt;  // "0123" is a SyntaxError since Python 3
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Unicode names (\N{NAME})

// Hangul syllable name parts (Unicode chapter 3.12; CPython's hangul_syllables table).
constexpr std::array<std::string_view, 19> kHangulL = {"G", "GG", "N", "D",  "DD", "R", "M",
                                                       "B", "BB", "S", "SS", "",   "J", "JJ",
                                                       "C", "K",  "T", "P",  "H"};
constexpr std::array<std::string_view, 21> kHangulV = {"A",   "AE", "YA", "YAE", "EO", "E",  "YEO",
                                                       "YE",  "O",  "WA", "WAE", "OE", "YO", "U",
                                                       "WEO", "WE", "WI", "YU",  "EU", "YI", "I"};
constexpr std::array<std::string_view, 28> kHangulT = {
    "",   "G",  "GG", "GS", "N",  "NJ", "NH", "D",  "L", "LG", "LM", "LB", "LS", "LT",
    "LP", "LH", "M",  "B",  "BS", "S",  "SS", "NG", "J", "C",  "K",  "T",  "P",  "H"};
constexpr char32_t kHangulBase = 0xAC00;

// CPython's find_syllable: the longest part that starts the text (no backtracking).
template <std::size_t N>
std::size_t find_syllable(std::string_view text, const std::array<std::string_view, N>& parts,
                          int& index) {
  int best_length = -1;
  for (std::size_t i = 0; i < N; ++i) {
    const auto length = static_cast<int>(parts[i].size());
    if (length <= best_length) continue;
    if (text.starts_with(parts[i])) {
      best_length = length;
      index = static_cast<int>(i);
    }
  }
  return best_length < 0 ? 0 : static_cast<std::size_t>(best_length);
}

std::optional<char32_t> lookup_hangul(std::string_view rest) {
  int l = -1;
  int v = -1;
  int t = -1;
  rest.remove_prefix(find_syllable(rest, kHangulL, l));
  rest.remove_prefix(find_syllable(rest, kHangulV, v));
  rest.remove_prefix(find_syllable(rest, kHangulT, t));
  if (l < 0 || v < 0 || t < 0 || !rest.empty()) return std::nullopt;
  return kHangulBase + static_cast<char32_t>((l * 21 + v) * 28 + t);
}

bool in_ranges(std::span<const unicode_tables::CodePointRange> ranges, char32_t cp) {
  const auto it = std::partition_point(ranges.begin(), ranges.end(),
                                       [cp](const auto& range) { return range.last < cp; });
  return it != ranges.end() && it->first <= cp;
}

// The word and name indexes over the generated tables, built on first use: \N{} escapes are
// rare, and hashing 33,000 names costs a few milliseconds once.
class NameIndex {
 public:
  NameIndex() {
    namespace ut = unicode_tables;
    std::uint32_t id = 0;
    for_each_field(ut::name_lexicon(),
                   [&](std::string_view word) { word_ids_.emplace(word, id++); });

    const auto runs = ut::formal_name_runs();
    const auto aliases = ut::alias_code_points();
    std::size_t run = 0;
    std::uint32_t in_run = 0;
    std::size_t alias = 0;
    for_each_field(ut::name_records(), [&](std::string_view record) {
      char32_t cp = 0;
      if (run < runs.size()) {
        cp = runs[run].first + in_run;
        if (++in_run == runs[run].count) ++run, in_run = 0;
      } else if (alias < aliases.size()) {
        cp = aliases[alias++];
      }
      records_.emplace(record, cp);
    });
  }

  std::optional<char32_t> find(std::string_view upper_name) const {
    std::string key;
    std::size_t start = 0;
    while (true) {
      const std::size_t space = upper_name.find(' ', start);
      const auto word =
          upper_name.substr(start, space == std::string_view::npos ? space : space - start);
      const auto it = word_ids_.find(word);
      if (it == word_ids_.end()) return std::nullopt;
      append_id(key, it->second);
      if (space == std::string_view::npos) break;
      start = space + 1;
    }
    const auto it = records_.find(key);
    if (it == records_.end()) return std::nullopt;
    return it->second;
  }

 private:
  template <typename F>
  static void for_each_field(std::string_view text, F&& f) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t space = text.find(' ', start);
      if (space == std::string_view::npos) space = text.size();
      f(text.substr(start, space - start));
      start = space + 1;
    }
  }

  // The inverse of the generator's encode_id.
  static void append_id(std::string& out, std::uint32_t id) {
    namespace ut = unicode_tables;
    const std::size_t n = ut::kIdAlphabet.size();
    if (id < ut::kSingleCharIds) {
      out += ut::kIdAlphabet[id];
      return;
    }
    id -= ut::kSingleCharIds;
    if (id < ut::kDoubleCharLeads * n) {
      out += ut::kIdAlphabet[ut::kSingleCharIds + id / n];
      out += ut::kIdAlphabet[id % n];
      return;
    }
    id -= ut::kDoubleCharLeads * n;
    out += ut::kIdAlphabet[ut::kSingleCharIds + ut::kDoubleCharLeads + id / (n * n)];
    out += ut::kIdAlphabet[(id / n) % n];
    out += ut::kIdAlphabet[id % n];
  }

  std::unordered_map<std::string_view, std::uint32_t> word_ids_;
  std::unordered_map<std::string_view, char32_t> records_;
};

const NameIndex& name_index() {
  static const NameIndex index;
  return index;
}

// ---------------------------------------------------------------------------------------------
// Escapes

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

// The position CPython reports in "'unicodeescape' codec can't decode bytes in position A-B".
// CPython's parser first rewrites the body of a non-raw str literal (decode_unicode_with_escapes):
// every non-ASCII code point becomes "\U%08x" (10 bytes) and a backslash before a non-ASCII
// character becomes "\u005c" (6 bytes); the codec reports offsets into that rewritten buffer.
// The source it reads has its newlines translated, so "\r\n" counts once.
std::size_t cpython_str_position(std::string_view body, std::size_t index) {
  std::size_t position = 0;
  std::size_t i = 0;
  auto copy_one = [&] {
    const auto byte = static_cast<unsigned char>(body[i]);
    if (byte & 0x80) {
      next_code_point(body, i);
      position += 10;
    } else {
      i += (byte == '\r' && i + 1 < body.size() && body[i + 1] == '\n') ? 2 : 1;
      position += 1;
    }
  };
  while (i < index) {
    if (body[i] == '\\') {
      ++i;
      ++position;
      if (i >= body.size()) break;
      if (static_cast<unsigned char>(body[i]) & 0x80) position += 5;
      if (i >= index) break;
    }
    copy_one();
  }
  return position;
}

// Byte offset after newline translation, for bytes literals (CPython reports positions into the
// translated source).
std::size_t translated_position(std::string_view body, std::size_t index) {
  std::size_t position = index;
  for (std::size_t i = 0; i + 1 < index; ++i) {
    if (body[i] == '\r' && body[i + 1] == '\n') --position;
  }
  return position;
}

class BodyDecoder {
 public:
  BodyDecoder(std::string_view body, bool bytes) : body_(body), bytes_(bytes) {}

  DecodedLiteral run() {
    std::string out;
    out.reserve(body_.size());
    std::size_t i = 0;
    const std::size_t n = body_.size();
    while (i < n) {
      const char c = body_[i];
      if (c == '\r') {
        out += '\n';
        i += (i + 1 < n && body_[i + 1] == '\n') ? 2 : 1;
        continue;
      }
      if (c != '\\') {
        out += c;
        ++i;
        continue;
      }
      const std::size_t start = i++;
      if (i >= n) {
        // Unreachable from the tokenizer (a literal cannot end in an odd backslash); CPython's
        // rewrite turns a final str backslash into "\u005c", and the bytes decoder refuses it.
        if (!bytes_) {
          out += '\\';
          break;
        }
        return error(start, "(value error) Trailing \\ in string");
      }
      const char e = body_[i++];
      switch (e) {
        case '\n':
          break;  // line continuation
        case '\r':
          if (i < n && body_[i] == '\n') ++i;
          break;
        case '\\':
        case '\'':
        case '"':
          out += e;
          break;
        case 'a':
          out += '\a';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'v':
          out += '\v';
          break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
          char32_t value = static_cast<char32_t>(e - '0');
          for (int k = 0; k < 2 && i < n && is_octal(body_[i]); ++k) {
            value = value * 8 + static_cast<char32_t>(body_[i++] - '0');
          }
          if (value > 0377) {
            // Python 3.11 accepts it with a DeprecationWarning; bytes keep the low 8 bits.
            warn(start,
                 fmt::format("invalid octal escape sequence '\\{}'", body_.substr(start + 1, 3)));
          }
          if (bytes_) {
            out += static_cast<char>(value & 0xFF);
          } else {
            append_wtf8(out, value);
          }
          break;
        }
        case 'x':
          if (bytes_) {
            if (i + 1 < n && digit_value(body_[i]) < 16 && digit_value(body_[i + 1]) < 16) {
              out += static_cast<char>(digit_value(body_[i]) * 16 + digit_value(body_[i + 1]));
              i += 2;
              break;
            }
            return error(start, fmt::format("(value error) invalid \\x escape at position {}",
                                            translated_position(body_, start)));
          }
          if (!hex_escape(out, start, i, 2, "truncated \\xXX escape")) return take_error();
          break;
        case 'u':
        case 'U':
        case 'N':
          if (bytes_) {
            unknown_escape(out, start, e);
            break;
          }
          if (e == 'u' && !hex_escape(out, start, i, 4, "truncated \\uXXXX escape")) {
            return take_error();
          }
          if (e == 'U' && !hex_escape(out, start, i, 8, "truncated \\UXXXXXXXX escape")) {
            return take_error();
          }
          if (e == 'N' && !name_escape(out, start, i)) return take_error();
          break;
        default:
          if (static_cast<unsigned char>(e) & 0x80) {
            // CPython rewrites a backslash before a non-ASCII character to "\u005c": a plain
            // backslash, no warning. The character itself is copied by the next iteration.
            out += '\\';
            --i;
            break;
          }
          unknown_escape(out, start, e);
          break;
      }
    }
    DecodedLiteral result;
    result.value = std::move(out);
    result.warning = std::move(warning_);
    return result;
  }

 private:
  void unknown_escape(std::string& out, std::size_t start, char e) {
    warn(start, fmt::format("invalid escape sequence '\\{}'", e));
    out += '\\';
    out += e;
  }

  void warn(std::size_t start, std::string message) {
    // CPython reports only the first invalid escape of a literal.
    if (!warning_) warning_ = LiteralError{start, std::move(message)};
  }

  // str escapes \xXX, \uXXXX, \UXXXXXXXX; `i` is just after the escape letter.
  bool hex_escape(std::string& out, std::size_t start, std::size_t& i, int count,
                  std::string_view message) {
    char32_t value = 0;
    for (int k = 0; k < count; ++k, ++i) {
      if (i >= body_.size() || digit_value(body_[i]) >= 16) {
        set_unicode_error(start, i, message);
        return false;
      }
      value = value * 16 + static_cast<char32_t>(digit_value(body_[i]));
    }
    if (value > kMaxUnicode) {
      set_unicode_error(start, i, "illegal Unicode character");
      return false;
    }
    append_wtf8(out, value);
    return true;
  }

  // \N{NAME}; `i` is just after the 'N'.
  bool name_escape(std::string& out, std::size_t start, std::size_t& i) {
    if (i < body_.size() && body_[i] == '{') {
      const std::size_t name_start = ++i;
      while (i < body_.size() && body_[i] != '}') ++i;
      if (i < body_.size() && i > name_start) {
        const auto name = body_.substr(name_start, i - name_start);
        ++i;
        if (const auto cp = lookup_unicode_name(name)) {
          append_wtf8(out, *cp);
          return true;
        }
        set_unicode_error(start, i, "unknown Unicode character name");
        return false;
      }
    }
    set_unicode_error(start, i, "malformed \\N character escape");
    return false;
  }

  // The codec reports the escape's start and the position where it stopped reading (exclusive
  // end; the message shows end - 1).
  void set_unicode_error(std::size_t start, std::size_t end, std::string_view message) {
    const std::size_t from = cpython_str_position(body_, start);
    const std::size_t to = cpython_str_position(body_, end);
    error_ = LiteralError{
        start, fmt::format("(unicode error) 'unicodeescape' codec can't decode bytes in position "
                           "{}-{}: {}",
                           from, to - 1, message)};
  }

  DecodedLiteral error(std::size_t start, std::string message) {
    error_ = LiteralError{start, std::move(message)};
    return take_error();
  }

  DecodedLiteral take_error() {
    DecodedLiteral result;
    result.error = std::move(error_);
    return result;
  }

  std::string_view body_;
  bool bytes_;
  std::optional<LiteralError> error_;
  std::optional<LiteralError> warning_;
};

std::string translate_newlines(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      out += '\n';
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
    } else {
      out += body[i];
    }
  }
  return out;
}

constexpr char kHexDigits[] = "0123456789abcdef";

void append_hex_escape(std::string& out, char letter, char32_t value, int digits) {
  out += '\\';
  out += letter;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out += kHexDigits[(value >> shift) & 0xF];
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string float_repr(double value) {
  return format_short(value, true);
}

std::string imaginary_repr(double imaginary) {
  return format_short(imaginary, false) + "j";
}

double parse_float_literal(std::string_view token) {
  std::string text;
  text.reserve(token.size());
  for (const char c : token) {
    if (c != '_') text += c;
  }
  if (!text.empty() && (text.back() == 'j' || text.back() == 'J')) text.pop_back();

  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    // Too large (inf, as CPython's float parser gives) or too small (0.0): decide by the decimal
    // exponent of the first significant digit.
    const std::size_t e = text.find_first_of("eE");
    const std::string_view mantissa = std::string_view(text).substr(0, e);
    long long exponent = 0;
    if (e != std::string::npos) {
      std::string_view digits = std::string_view(text).substr(e + 1);
      const bool negative = !digits.empty() && digits[0] == '-';
      if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
      for (const char c : digits) exponent = std::min(exponent * 10 + (c - '0'), 1'000'000'000LL);
      if (negative) exponent = -exponent;
    }
    const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
    const std::size_t first = mantissa.find_first_of("123456789");
    // The first significant digit stands for 10^magnitude.
    const long long magnitude = exponent + static_cast<long long>(point) -
                                static_cast<long long>(first) - (first < point ? 1 : 0);
    return magnitude >= 0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return value;
}

std::optional<std::string> int_literal_to_decimal(std::string_view token) {
  const auto split = split_int_literal(token);
  if (!split) return std::nullopt;
  const std::string& digits = split->digits;
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  if (split->base == 10) return digits.substr(first);

  // Feed the digits in chunks whose value fits in 28 bits, so that limb * base^chunk + chunk
  // value stays in 64 bits: ~700 passes over the limbs for a 5,000-digit hex literal.
  const int bits_per_digit = split->base == 16 ? 4 : split->base == 8 ? 3 : 1;
  const std::size_t chunk = static_cast<std::size_t>(28 / bits_per_digit);
  std::vector<std::uint32_t> limbs;
  for (std::size_t i = first; i < digits.size(); i += chunk) {
    const std::size_t end = std::min(digits.size(), i + chunk);
    std::uint32_t value = 0;
    for (std::size_t k = i; k < end; ++k) {
      value = (value << bits_per_digit) | static_cast<std::uint32_t>(digit_value(digits[k]));
    }
    multiply_add(limbs, std::uint32_t{1} << (bits_per_digit * static_cast<int>(end - i)), value);
  }
  return limbs_to_decimal(limbs);
}

bool int_literal_exceeds_str_digits_limit(std::string_view token) {
  const auto split = split_int_literal(token);
  return split && split->base == 10 && split->digits.size() > kIntMaxStrDigits;
}

std::optional<std::string> int_literal_str_digits_error(std::string_view token) {
  if (!int_literal_exceeds_str_digits_limit(token)) return std::nullopt;
  return fmt::format(
      "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use "
      "sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge "
      "integer literals to avoid decimal conversion limits.",
      kIntMaxStrDigits, split_int_literal(token)->digits.size());
}

bool int_repr_exceeds_str_digits_limit(std::string_view decimal) {
  const bool negative = !decimal.empty() && decimal[0] == '-';
  return decimal.size() - (negative ? 1 : 0) > kIntMaxStrDigits;
}

bool is_printable(char32_t cp) {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
  return in_ranges(unicode_tables::printable_ranges(), cp);
}

std::optional<char32_t> lookup_unicode_name(std::string_view name) {
  // The algorithmic names are matched case-sensitively, before the table, as CPython's
  // unicodedata _getcode does; a name that starts like one but does not parse is unknown.
  constexpr std::string_view kHangul = "HANGUL SYLLABLE ";
  constexpr std::string_view kCjk = "CJK UNIFIED IDEOGRAPH-";
  if (name.starts_with(kHangul)) return lookup_hangul(name.substr(kHangul.size()));
  if (name.starts_with(kCjk)) {
    const auto hex = name.substr(kCjk.size());
    if (hex.size() != 4 && hex.size() != 5) return std::nullopt;
    char32_t cp = 0;
    for (const char c : hex) {
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return std::nullopt;
      cp = cp * 16 + static_cast<char32_t>(digit_value(c));
    }
    if (!in_ranges(unicode_tables::cjk_unified_ideograph_ranges(), cp)) return std::nullopt;
    return cp;
  }

  // Listed names and aliases match case-insensitively (ASCII only, like Py_TOUPPER).
  std::string upper(name);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (const auto& group : unicode_tables::hex_name_groups()) {
    if (!std::string_view(upper).starts_with(group.prefix)) continue;
    const auto hex = std::string_view(upper).substr(group.prefix.size());
    if (hex.empty() || hex.size() > 6) continue;
    char32_t cp = 0;
    bool ok = true;
    for (const char c : hex) {
      const int digit = digit_value(c);
      ok = ok && digit < 16;
      cp = cp * 16 + static_cast<char32_t>(ok ? digit : 0);
    }
    // The name is exactly the code point as %04X: no other spelling of the number matches.
    if (ok && fmt::format("{:04X}", static_cast<std::uint32_t>(cp)) == hex &&
        in_ranges(group.ranges, cp)) {
      return cp;
    }
  }
  return name_index().find(upper);
}

std::string str_repr(std::string_view wtf8) {
  // CPython's unicode_repr: single quotes unless the text has a ' and no ".
  const bool has_single = wtf8.find('\'') != std::string_view::npos;
  const bool has_double = wtf8.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';

  std::string out;
  out.reserve(wtf8.size() + 2);
  out += quote;
  std::size_t i = 0;
  while (i < wtf8.size()) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(wtf8, i);
    if (cp == static_cast<char32_t>(quote) || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x20 || cp == 0x7F) {
      append_hex_escape(out, 'x', cp, 2);
    } else if (cp < 0x7F) {
      out += static_cast<char>(cp);
    } else if (is_printable(cp)) {
      out.append(wtf8.substr(start, i - start));
    } else if (cp <= 0xFF) {
      append_hex_escape(out, 'x', cp, 2);
    } else if (cp <= 0xFFFF) {
      append_hex_escape(out, 'u', cp, 4);
    } else {
      append_hex_escape(out, 'U', cp, 8);
    }
  }
  out += quote;
  return out;
}

std::string bytes_repr(std::string_view bytes) {
  // CPython's bytes repr: the same quote choice as str, \xhh outside printable ASCII.
  const bool has_single = bytes.find('\'') != std::string_view::npos;
  const bool has_double = bytes.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';

  std::string out = "b";
  out.reserve(bytes.size() + 3);
  out += quote;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte >= 0x7F) {
      append_hex_escape(out, 'x', byte, 2);
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

DecodedLiteral decode_string_body(std::string_view body, bool raw, bool bytes) {
  if (bytes) {
    // Checked before any escape, raw or not (CPython's parsestr).
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (static_cast<unsigned char>(body[i]) >= 0x80) {
        DecodedLiteral result;
        result.error = LiteralError{i, "bytes can only contain ASCII literal characters"};
        return result;
      }
    }
  }
  const bool has_backslash = body.find('\\') != std::string_view::npos;
  const bool has_cr = body.find('\r') != std::string_view::npos;
  DecodedLiteral result;
  if (!has_backslash || raw) {
    result.value = has_cr ? translate_newlines(body) : std::string(body);
    return result;
  }
  return BodyDecoder(body, bytes).run();
}

}  // namespace preflight::python
