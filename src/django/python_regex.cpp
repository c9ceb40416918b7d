#include "django/python_regex.h"

#include <re2/re2.h>

#include <cctype>

namespace preflight::django {

std::optional<std::string> translate_python_regex(std::string_view pattern, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<std::string> {
    if (why) *why = reason;
    return std::nullopt;
  };
  std::string out;
  out.reserve(pattern.size() + 8);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char next = pattern[i + 1];
      ++i;
      if (!in_class && next >= '1' && next <= '9') return fail("a back-reference");
      if (next == 'Z') {
        out += "\\z";  // Python's \Z is the very end; RE2 spells it \z
      } else if (next == 'A' || next == 'b' || next == 'B' || next == 'd' || next == 'D' ||
                 next == 's' || next == 'S' || next == 'w' || next == 'W' || next == 'n' ||
                 next == 't' || next == 'r' || next == 'f' || next == 'v' || next == 'x' ||
                 next == 'u' || next == '\\' || !std::isalnum(static_cast<unsigned char>(next))) {
        if (next == 'u') return fail("a \\u escape");
        out += '\\';
        out += next;
      } else {
        return fail("an escape RE2 does not know");
      }
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += "\\]", ++i;
      continue;
    }
    if (c == '(' && i + 2 < pattern.size() && pattern[i + 1] == '?') {
      const char kind = pattern[i + 2];
      if (kind == '=' || kind == '!') return fail("a look-ahead");
      if (kind == '<' && i + 3 < pattern.size() &&
          (pattern[i + 3] == '=' || pattern[i + 3] == '!')) {
        return fail("a look-behind");
      }
      if (kind == '>') return fail("an atomic group");
      if (kind == 'P' && i + 3 < pattern.size() && pattern[i + 3] == '=') {
        return fail("a named back-reference");
      }
      if (kind == '(') return fail("a conditional group");
      if (kind == '#') {  // a comment group: dropped
        const std::size_t close = pattern.find(')', i);
        if (close == std::string_view::npos) return fail("an unclosed comment");
        i = close;
        continue;
      }
    }
    if ((c == '+' || c == '*' || c == '?' || c == '}') && i + 1 < pattern.size() &&
        pattern[i + 1] == '+') {
      return fail("a possessive quantifier");
    }
    // Python's `$` also matches before a final newline; RE2's does not. Paths carry no
    // newline, so the difference never shows for the texts matched here.
    out += c;
  }
  return out;
}

PythonRegex::PythonRegex(std::string translated, std::unique_ptr<re2::RE2> regex)
    : translated_(std::move(translated)), regex_(std::move(regex)) {}
PythonRegex::PythonRegex(PythonRegex&&) noexcept = default;
PythonRegex& PythonRegex::operator=(PythonRegex&&) noexcept = default;
PythonRegex::~PythonRegex() = default;

std::optional<PythonRegex> PythonRegex::compile(std::string_view pattern, std::string* why) {
  std::optional<std::string> translated = translate_python_regex(pattern, why);
  if (!translated) return std::nullopt;
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<re2::RE2>(*translated, options);
  if (!regex->ok()) {
    if (why) *why = "RE2 rejects it: " + regex->error();
    return std::nullopt;
  }
  return PythonRegex(std::move(*translated), std::move(regex));
}

bool PythonRegex::search(std::string_view text) const {
  const re2::StringPiece piece(text.data(), text.size());
  return regex_->Match(piece, 0, piece.size(), re2::RE2::UNANCHORED, nullptr, 0);
}

bool PythonRegex::match(std::string_view text) const {
  const re2::StringPiece piece(text.data(), text.size());
  return regex_->Match(piece, 0, piece.size(), re2::RE2::ANCHOR_START, nullptr, 0);
}

}  // namespace preflight::django
