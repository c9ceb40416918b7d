// ASCII case folding: bytes A-Z become a-z and every other byte is kept, whatever the locale (UTF-8
// text passes through untouched). This is how PostgreSQL folds unquoted identifiers, and how
// hostnames, URL schemes, HTTP header names and configuration words compare.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace preflight {

inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

}  // namespace preflight
