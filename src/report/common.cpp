#include "report/common.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

namespace preflight::report::detail {

char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  // The same cut as count_code_points() in core/source.cpp: the lead byte decides the width and
  // only the continuation bits are checked.
  std::size_t width = 1;
  if (lead >= 0xF0 && lead <= 0xF4) {
    width = 4;
  } else if (lead >= 0xE0) {
    width = 3;
  } else if (lead >= 0xC2) {
    width = 2;
  }
  bool valid = width > 1 && i + width <= text.size();
  for (std::size_t k = 1; valid && k < width; ++k) {
    valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
  }
  if (!valid) {
    ++i;
    return kReplacement;
  }
  char32_t value = width == 2 ? (lead & 0x1F) : width == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (std::size_t k = 1; k < width; ++k) {
    value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  i += width;
  // Lead bytes above 0xF4 are cut as three-byte sequences above; what they and overlong forms
  // decode to is not a character.
  static constexpr std::array<char32_t, 5> kSmallest = {0, 0, 0x80, 0x800, 0x10000};
  if (lead > 0xF4 || value < kSmallest[width] || value > 0x10FFFF ||
      (value >= 0xD800 && value <= 0xDFFF)) {
    return kReplacement;
  }
  return value;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

namespace {

using Range = std::pair<char32_t, char32_t>;

constexpr std::array kZeroWidth = {
    Range{0x0300, 0x036F},   Range{0x0483, 0x0489}, Range{0x0591, 0x05BD}, Range{0x0610, 0x061A},
    Range{0x064B, 0x065F},   Range{0x1AB0, 0x1AFF}, Range{0x1DC0, 0x1DFF}, Range{0x200B, 0x200D},
    Range{0x20D0, 0x20FF},   Range{0xFE00, 0xFE0F}, Range{0xFE20, 0xFE2F}, Range{0xFEFF, 0xFEFF},
    Range{0xE0100, 0xE01EF},
};

// East Asian Wide and Fullwidth blocks and the emoji that terminals draw two columns wide.
constexpr std::array kWide = {
    Range{0x1100, 0x115F},   Range{0x231A, 0x231B},   Range{0x2329, 0x232A},
    Range{0x23E9, 0x23EC},   Range{0x23F0, 0x23F0},   Range{0x23F3, 0x23F3},
    Range{0x25FD, 0x25FE},   Range{0x2614, 0x2615},   Range{0x2648, 0x2653},
    Range{0x267F, 0x267F},   Range{0x2693, 0x2693},   Range{0x26A1, 0x26A1},
    Range{0x26AA, 0x26AB},   Range{0x26BD, 0x26BE},   Range{0x26C4, 0x26C5},
    Range{0x26CE, 0x26CE},   Range{0x26D4, 0x26D4},   Range{0x26EA, 0x26EA},
    Range{0x26F2, 0x26F3},   Range{0x26F5, 0x26F5},   Range{0x26FA, 0x26FA},
    Range{0x26FD, 0x26FD},   Range{0x2705, 0x2705},   Range{0x270A, 0x270B},
    Range{0x2728, 0x2728},   Range{0x274C, 0x274C},   Range{0x274E, 0x274E},
    Range{0x2753, 0x2755},   Range{0x2757, 0x2757},   Range{0x2795, 0x2797},
    Range{0x27B0, 0x27B0},   Range{0x27BF, 0x27BF},   Range{0x2B1B, 0x2B1C},
    Range{0x2B50, 0x2B50},   Range{0x2B55, 0x2B55},   Range{0x2E80, 0x303E},
    Range{0x3041, 0x33FF},   Range{0x3400, 0x4DBF},   Range{0x4E00, 0x9FFF},
    Range{0xA000, 0xA4CF},   Range{0xA960, 0xA97F},   Range{0xAC00, 0xD7A3},
    Range{0xF900, 0xFAFF},   Range{0xFE10, 0xFE19},   Range{0xFE30, 0xFE6F},
    Range{0xFF00, 0xFF60},   Range{0xFFE0, 0xFFE6},   Range{0x1F004, 0x1F004},
    Range{0x1F0CF, 0x1F0CF}, Range{0x1F18E, 0x1F18E}, Range{0x1F191, 0x1F19A},
    Range{0x1F200, 0x1F251}, Range{0x1F300, 0x1F64F}, Range{0x1F680, 0x1F6FF},
    Range{0x1F7E0, 0x1F7EB}, Range{0x1F900, 0x1F9FF}, Range{0x1FA70, 0x1FAFF},
    Range{0x20000, 0x3FFFD},
};

template <std::size_t N>
bool in_ranges(const std::array<Range, N>& ranges, char32_t c) {
  const auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                                   [](char32_t value, const Range& r) { return value < r.first; });
  return it != ranges.begin() && c <= std::prev(it)->second;
}

}  // namespace

int display_width(char32_t c) {
  if (c < 0x300) return 1;
  if (in_ranges(kZeroWidth, c)) return 0;
  if (in_ranges(kWide, c)) return 2;
  return 1;
}

std::string_view code_of(const Diagnostic& diagnostic) {
  return diagnostic.rule != nullptr ? diagnostic.rule->code : std::string_view("PF000");
}

std::string_view name_of(const Diagnostic& diagnostic) {
  return diagnostic.rule != nullptr ? diagnostic.rule->name : std::string_view();
}

std::string path_of(const ReportInput& input, FileId file) {
  return display_path(input.sources.file(file).path(), input.base);
}

namespace {

bool ends_sentence(std::string_view text) {
  return !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
}

}  // namespace

std::string message_with_failure(const Diagnostic& diagnostic) {
  if (diagnostic.predicted_failure.empty()) return diagnostic.message;
  // The message stays the first sentence on its own: GitHub shows only the first sentence of a
  // SARIF message where space is short.
  std::string text = diagnostic.message;
  if (!ends_sentence(text)) text += '.';
  text += " Predicted failure: ";
  text += diagnostic.predicted_failure;
  return text;
}

std::string count_of(std::size_t count, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

std::string summary_sentence(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "No findings.";
  std::size_t counts[3] = {0, 0, 0};
  for (const Diagnostic& d : diagnostics) ++counts[static_cast<int>(d.severity)];
  const auto errors = counts[static_cast<int>(Severity::Error)];
  const auto warnings = counts[static_cast<int>(Severity::Warning)];
  const auto infos = counts[static_cast<int>(Severity::Info)];
  return fmt::format(
      "Found {} ({}, {}, {} info).", count_of(diagnostics.size(), "finding", "findings"),
      count_of(errors, "error", "errors"), count_of(warnings, "warning", "warnings"), infos);
}

std::string quoted_preview(std::string_view content, std::size_t max_code_points) {
  std::string out = "\"";
  std::size_t shown = 0;
  std::size_t i = 0;
  while (i < content.size()) {
    if (shown == max_code_points) {
      out += "\u2026";  // …
      break;
    }
    const char32_t c = next_code_point(content, i);
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        // Other control characters are spelled out so that the preview never moves the cursor.
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else {
          append_utf8(out, c);
        }
    }
    ++shown;
  }
  out += '"';
  return out;
}

std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace preflight::report::detail
