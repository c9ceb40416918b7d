#include "core/glob.h"

#include <string>
#include <vector>

#include "core/gitignore.h"

namespace preflight {

namespace {

// Where the class that opens at `open` ('[') closes, or npos; follows wildmatch's reading
// (a ']' right after `[`, `[!` or `[^` is a member, `\` escapes).
std::size_t class_end(std::string_view pattern, std::size_t open) {
  std::size_t i = open + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == ']') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Expands the first top-level `{a,b}` group of `pattern` (ruff's globs accept alternatives;
// gitignore does not, so this lives here and not in wildmatch). Groups nest; `\{` and braces
// inside a class are literal; an unbalanced '{' is literal. The expansion is bounded so that a
// hostile pattern cannot explode.
void expand_braces(const std::string& pattern, std::vector<std::string>& out) {
  constexpr std::size_t kMaxAlternatives = 256;
  std::size_t open = std::string::npos;
  int depth = 0;
  std::vector<std::size_t> commas;
  std::size_t close = std::string::npos;
  for (std::size_t i = 0; i < pattern.size() && close == std::string::npos; ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      const std::size_t end = class_end(pattern, i);
      if (end != std::string_view::npos) i = end;
    } else if (c == '{') {
      if (depth++ == 0) open = i;
    } else if (c == ',' && depth == 1) {
      commas.push_back(i);
    } else if (c == '}' && depth > 0) {
      if (--depth == 0) close = i;
    }
  }
  if (close == std::string::npos) {
    if (out.size() < kMaxAlternatives) out.push_back(pattern);
    return;
  }
  const std::string head = pattern.substr(0, open);
  const std::string tail = pattern.substr(close + 1);
  std::size_t begin = open + 1;
  commas.push_back(close);
  for (const std::size_t end : commas) {
    if (out.size() >= kMaxAlternatives) return;
    expand_braces(head + pattern.substr(begin, end - begin) + tail, out);
    begin = end + 1;
  }
}

std::string_view strip_dot_slash(std::string_view text) {
  while (text.size() >= 2 && text[0] == '.' && text[1] == '/') {
    text.remove_prefix(2);
    while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  }
  return text;
}

bool match_one(std::string_view pattern, std::string_view path) {
  pattern = strip_dot_slash(pattern);
  // `dir/` names the directory `dir`: the walk asks about directories by their plain path.
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  // A leading '/' anchors the pattern at the root, as in gitignore (callers turn absolute paths
  // under the root into relative ones first).
  bool anchored = false;
  while (!pattern.empty() && pattern.front() == '/') {
    pattern.remove_prefix(1);
    anchored = true;
  }
  if (pattern.empty()) return false;
  const bool nested = anchored || pattern.find('/') != std::string_view::npos;
  const std::size_t slash = path.rfind('/');
  const std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // Most patterns (the whole default list) are plain names: no automaton needed.
  if (pattern.find_first_of("*?[\\") == std::string_view::npos) {
    return pattern == path || (!nested && pattern == last);
  }
  const Wildmatch glob(pattern, /*pathname=*/true);
  return glob.matches(path) || (!nested && slash != std::string_view::npos && glob.matches(last));
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  path = strip_dot_slash(path);
  if (pattern.find('{') == std::string_view::npos) return match_one(pattern, path);
  std::vector<std::string> alternatives;
  expand_braces(std::string(pattern), alternatives);
  for (const std::string& alternative : alternatives) {
    if (match_one(alternative, path)) return true;
  }
  return false;
}

}  // namespace preflight
