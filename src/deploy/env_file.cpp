#include "deploy/env_file.h"

#include <fmt/format.h>

namespace preflight::deploy {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool is_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

EnvFileParse parse_env_file(std::string_view text) {
  EnvFileParse out;
  int line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_number;
    std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.front() == '#') {
      if (end == text.size()) break;
      continue;
    }
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const std::size_t equal = line.find('=');
    const std::string_view name = trim(line.substr(0, equal));
    if (equal == std::string_view::npos || !is_name(name)) {
      if (!out.error) {
        // The line is not echoed: it may hold a secret.
        out.error = "expected KEY=VALUE";
        out.error_line = line_number;
      }
      if (end == text.size()) break;
      continue;
    }
    std::string_view raw = trim(line.substr(equal + 1));
    std::string value;
    if (!raw.empty() && (raw.front() == '\'' || raw.front() == '"')) {
      const char quote = raw.front();
      std::size_t i = 1;
      for (; i < raw.size() && raw[i] != quote; ++i) {
        if (quote == '"' && raw[i] == '\\' && i + 1 < raw.size()) {
          const char next = raw[++i];
          value += next == 'n' ? '\n' : next == 't' ? '\t' : next;
        } else {
          value += raw[i];
        }
      }
      if (i >= raw.size() && !out.error) {
        out.error = fmt::format("unterminated quote in the value of {}", name);
        out.error_line = line_number;
      }
    } else {
      // An unquoted value ends before ` #`.
      const std::size_t comment = raw.find(" #");
      value = std::string(trim(raw.substr(0, comment)));
    }
    out.entries.push_back(EnvFileEntry{std::string(name), std::move(value), line_number});
    if (end == text.size()) break;
  }
  return out;
}

}  // namespace preflight::deploy
