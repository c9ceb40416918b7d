#include "core/encoding.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace preflight {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_ascii_alnum(unsigned char c) {
  return std::isalnum(c) != 0 && c < 0x80;
}

// CPython's get_coding_spec() for one line: the first non-blank character must open a comment,
// and somewhere after it `coding` is followed by ':' or '=', optional blanks and a name of
// [A-Za-z0-9-_.]. A `coding:` with no name does not end the search.
std::optional<std::string> coding_spec(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f')) ++i;
  if (i == line.size() || line[i] != '#') return std::nullopt;
  for (; i < line.size(); ++i) {
    if (line.compare(i, 6, "coding") != 0) continue;
    std::size_t t = i + 6;
    if (t >= line.size() || (line[t] != ':' && line[t] != '=')) continue;
    do {
      ++t;
    } while (t < line.size() && (line[t] == ' ' || line[t] == '\t'));
    const std::size_t begin = t;
    while (t < line.size() && (is_ascii_alnum(static_cast<unsigned char>(line[t])) ||
                               line[t] == '-' || line[t] == '_' || line[t] == '.')) {
      ++t;
    }
    if (t > begin) return std::string(line.substr(begin, t - begin));
  }
  return std::nullopt;
}

// Whether a line without a cookie lets the search go on to line 2 (CPython's check_coding_spec():
// only a blank line or a comment does).
bool allows_second_line(std::string_view line) {
  for (const char c : line) {
    if (c == '#') return true;
    if (c != ' ' && c != '\t' && c != '\f') return false;
  }
  return true;
}

// Splits off the first line of `text`; CPython's string tokenizer ends lines at "\n", "\r\n" and
// a lone "\r".
std::string_view take_line(std::string_view& text) {
  const std::size_t end = text.find_first_of("\r\n");
  if (end == std::string_view::npos) {
    std::string_view line = text;
    text = {};
    return line;
  }
  std::string_view line = text.substr(0, end);
  std::size_t next = end + 1;
  if (text[end] == '\r' && next < text.size() && text[next] == '\n') ++next;
  text.remove_prefix(next);
  return line;
}

// CPython's tokenizer maps a few spellings itself before asking the codec registry
// (get_normal_name()): only the first 12 characters count, and `utf-8-*`, `latin-1-*`,
// `iso-8859-1-*`, `iso-latin-1-*` are accepted as prefixes. This is why `# coding: utf-8-sig`
// and `iso-latin-1` work in source files although `codecs.lookup("iso-latin-1")` fails.
std::string tokenizer_normal_name(std::string_view name) {
  std::string buffer;
  for (std::size_t i = 0; i < name.size() && i < 12; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    buffer.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(c)));
  }
  const std::string_view b = buffer;
  if (b == "utf-8" || b.starts_with("utf-8-")) return "utf-8";
  if (b == "latin-1" || b == "iso-8859-1" || b == "iso-latin-1" || b.starts_with("latin-1-") ||
      b.starts_with("iso-8859-1-") || b.starts_with("iso-latin-1-")) {
    return "iso-8859-1";
  }
  return std::string(name);
}

// Python's encodings.normalize_encoding() after codecs.lookup() lowercased the name: runs of
// characters other than ASCII letters, digits and '.' become one '_', leading and trailing
// ones vanish.
std::string python_normalize(std::string_view name) {
  std::string out;
  bool punct = false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_ascii_alnum(c) || c == '.') {
      if (punct && !out.empty()) out.push_back('_');
      out.push_back(static_cast<char>(std::tolower(c)));
      punct = false;
    } else if (c >= 0x80) {
      punct = false;  // Python drops non-ASCII alphanumerics without a separator
    } else {
      punct = true;
    }
  }
  return out;
}

struct Alias {
  std::string_view name;
  std::string_view canonical;
};

// encodings/aliases.py (Python 3.11) for the supported codecs, plus the codec modules' own names.
constexpr std::array kAliases = {
    Alias{"ascii", "ascii"},
    Alias{"646", "ascii"},
    Alias{"ansi_x3.4_1968", "ascii"},
    Alias{"ansi_x3.4_1986", "ascii"},
    Alias{"ansi_x3_4_1968", "ascii"},
    Alias{"cp367", "ascii"},
    Alias{"csascii", "ascii"},
    Alias{"ibm367", "ascii"},
    Alias{"iso646_us", "ascii"},
    Alias{"iso_646.irv_1991", "ascii"},
    Alias{"iso_ir_6", "ascii"},
    Alias{"us", "ascii"},
    Alias{"us_ascii", "ascii"},
    Alias{"latin_1", "iso-8859-1"},
    Alias{"iso8859_1", "iso-8859-1"},
    Alias{"8859", "iso-8859-1"},
    Alias{"cp819", "iso-8859-1"},
    Alias{"csisolatin1", "iso-8859-1"},
    Alias{"ibm819", "iso-8859-1"},
    Alias{"iso8859", "iso-8859-1"},
    Alias{"iso_8859_1", "iso-8859-1"},
    Alias{"iso_8859_1_1987", "iso-8859-1"},
    Alias{"iso_ir_100", "iso-8859-1"},
    Alias{"l1", "iso-8859-1"},
    Alias{"latin", "iso-8859-1"},
    Alias{"latin1", "iso-8859-1"},
    Alias{"utf_8", "utf-8"},
    Alias{"cp65001", "utf-8"},
    Alias{"u8", "utf-8"},
    Alias{"utf", "utf-8"},
    Alias{"utf8", "utf-8"},
    Alias{"utf8_ucs2", "utf-8"},
    Alias{"utf8_ucs4", "utf-8"},
    Alias{"cp1252", "cp1252"},
    Alias{"1252", "cp1252"},
    Alias{"windows_1252", "cp1252"},
    Alias{"iso8859_15", "iso-8859-15"},
    Alias{"iso_8859_15", "iso-8859-15"},
    Alias{"l9", "iso-8859-15"},
    Alias{"latin9", "iso-8859-15"},
};

std::optional<std::string_view> lookup_alias(std::string_view name) {
  for (const Alias& alias : kAliases) {
    if (alias.name == name) return alias.canonical;
  }
  return std::nullopt;
}

// cp1252 bytes 0x80-0x9F (Python's cp1252.py); 0 marks the five undefined bytes.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// ISO-8859-15 differs from Latin-1 in eight places.
char32_t iso8859_15(unsigned char byte) {
  switch (byte) {
    case 0xA4:
      return 0x20AC;
    case 0xA6:
      return 0x0160;
    case 0xA8:
      return 0x0161;
    case 0xB4:
      return 0x017D;
    case 0xB8:
      return 0x017E;
    case 0xBC:
      return 0x0152;
    case 0xBD:
      return 0x0153;
    case 0xBE:
      return 0x0178;
    default:
      return byte;
  }
}

// Decodes a single-byte codec; returns false with `result.error` set on an undefined byte.
bool decode_single_byte(std::string_view body, std::size_t base_offset, DecodedSource& result) {
  std::string text;
  text.reserve(body.size() + body.size() / 8);
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto byte = static_cast<unsigned char>(body[i]);
    char32_t code_point = byte;
    if (byte >= 0x80) {
      if (result.encoding == "ascii") {
        code_point = 0;
      } else if (result.encoding == "cp1252" && byte < 0xA0) {
        code_point = kCp1252High[byte - 0x80];
      } else if (result.encoding == "iso-8859-15") {
        code_point = iso8859_15(byte);
      }
      if (code_point == 0) {
        result.error_offset = base_offset + i;
        result.error = fmt::format("byte 0x{:02X} at offset {} is not valid {}", byte,
                                   result.error_offset, result.encoding);
        return false;
      }
    }
    append_utf8(text, code_point);
  }
  result.text = std::move(text);
  return true;
}

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::size_t find_invalid_utf8(std::string_view text) {
  const std::size_t size = text.size();
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  auto continuation = [&](std::size_t k, unsigned char low, unsigned char high) {
    return k < size && byte(k) >= low && byte(k) <= high;
  };
  while (i < size) {
    // Source is mostly ASCII: skip it eight bytes at a time.
    while (i + 8 <= size) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, text.data() + i, sizeof chunk);
      if (chunk & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= size) break;
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The second byte's range is what excludes overlongs, surrogates and values past U+10FFFF.
    std::size_t width = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      width = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      width = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      width = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (!continuation(i + 1, low, high)) return i;
    for (std::size_t k = 2; k < width; ++k) {
      if (!continuation(i + k, 0x80, 0xBF)) return i;
    }
    i += width;
  }
  return std::string_view::npos;
}

std::optional<std::string> canonical_encoding(std::string_view name) {
  const std::string normalized = python_normalize(name);
  if (std::optional<std::string_view> canonical = lookup_alias(normalized)) {
    return std::string(*canonical);
  }
  std::string dotless = normalized;
  for (char& c : dotless) {
    if (c == '.') c = '_';
  }
  if (std::optional<std::string_view> canonical = lookup_alias(dotless)) {
    return std::string(*canonical);
  }
  return std::nullopt;
}

std::optional<std::string> find_coding_cookie(std::string_view bytes) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  const std::string_view first = take_line(bytes);
  if (std::optional<std::string> spec = coding_spec(first)) return spec;
  if (!allows_second_line(first)) return std::nullopt;
  return coding_spec(take_line(bytes));
}

DecodedSource decode_python_source(std::string_view bytes) {
  DecodedSource result;
  const bool bom = bytes.starts_with(kBom);
  const std::string_view body = bom ? bytes.substr(kBom.size()) : bytes;
  const std::size_t base_offset = bom ? kBom.size() : 0;

  result.encoding = "utf-8";
  if (const std::optional<std::string> cookie = find_coding_cookie(bytes)) {
    const std::string normal = tokenizer_normal_name(*cookie);
    if (bom && normal != "utf-8") {
      // CPython compares the tokenizer's spelling, not the codec: even `utf8` fails here.
      result.encoding = normal;
      result.error = fmt::format("encoding problem: {} with BOM", normal);
      return result;
    }
    const std::optional<std::string> canonical = canonical_encoding(normal);
    if (!canonical) {
      result.encoding = *cookie;
      result.error = fmt::format("unknown encoding '{}'", *cookie);
      return result;
    }
    result.encoding = *canonical;
  }

  if (result.encoding == "utf-8") {
    const std::size_t invalid = find_invalid_utf8(body);
    if (invalid != std::string_view::npos) {
      result.error_offset = base_offset + invalid;
      result.error = fmt::format("invalid UTF-8 at byte offset {}", result.error_offset);
      return result;
    }
    result.text = std::string(body);
    return result;
  }
  decode_single_byte(body, base_offset, result);
  return result;
}

}  // namespace preflight
