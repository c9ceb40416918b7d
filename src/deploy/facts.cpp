#include "deploy/facts.h"

#include <algorithm>
#include <regex>

namespace preflight::deploy {

const EnvVar* find_env(const std::vector<EnvVar>& vars, const std::string& name) {
  const EnvVar* found = nullptr;
  for (const EnvVar& var : vars) {
    if (var.name == name) found = &var;
  }
  return found;
}

Span Command::span_of(const SourceFile& file, std::size_t begin, std::size_t end) const {
  if (offsets.size() != text.size() + 1 || begin > end || end > text.size()) return span;
  std::uint32_t stop = offsets[end];
  // The end is exclusive: one past the last byte's own offset, which skips what was dropped
  // after it (a closing quote, the next line's indentation).
  if (end > begin) stop = offsets[end - 1] + 1;
  return file.span(span.file, offsets[begin], std::max(offsets[begin], stop));
}

Command substitute_inputs(const Command& command,
                          const std::vector<std::pair<std::string, std::string>>& inputs) {
  static const std::regex expression(R"(\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\})");
  const bool mapped = command.offsets.size() == command.text.size() + 1;
  Command out;
  out.span = command.span;
  std::size_t done = 0;
  auto copy = [&](std::size_t from, std::size_t to) {
    out.text.append(command.text, from, to - from);
    if (mapped) {
      out.offsets.insert(out.offsets.end(), command.offsets.begin() + static_cast<long>(from),
                         command.offsets.begin() + static_cast<long>(to));
    }
  };
  for (auto it = std::sregex_iterator(command.text.begin(), command.text.end(), expression);
       it != std::sregex_iterator(); ++it) {
    const auto given = std::find_if(inputs.begin(), inputs.end(),
                                    [&](const auto& input) { return input.first == (*it)[1]; });
    if (given == inputs.end()) continue;
    const auto at = static_cast<std::size_t>(it->position());
    copy(done, at);
    out.text += given->second;
    if (mapped) out.offsets.insert(out.offsets.end(), given->second.size(), command.offsets[at]);
    done = at + static_cast<std::size_t>(it->length());
  }
  copy(done, command.text.size());
  if (mapped) out.offsets.push_back(command.offsets.back());
  return out;
}

std::vector<std::uint32_t> align_offsets(std::string_view produced, std::string_view file_text,
                                         std::uint32_t from, std::uint32_t to,
                                         std::uint32_t indent) {
  to = std::min<std::uint32_t>(to, static_cast<std::uint32_t>(file_text.size()));
  from = std::min(from, to);
  // The file's bytes that may have produced something: each line's indentation left out.
  std::vector<std::uint32_t> candidates;
  candidates.reserve(to - from);
  bool line_start = true;
  std::uint32_t blanks = 0;
  for (std::uint32_t at = from; at < to; ++at) {
    const char c = file_text[at];
    if (line_start && indent > 0 && c == ' ' && blanks < indent) {
      ++blanks;
      continue;
    }
    line_start = c == '\n';
    blanks = 0;
    candidates.push_back(at);
  }
  // Far enough for the longest escape (`\U0001F600`) or a run of dropped syntax (`", "`).
  constexpr std::size_t kWindow = 12;
  std::vector<std::uint32_t> out;
  out.reserve(produced.size() + 1);
  std::size_t next = 0;
  for (const char wanted : produced) {
    std::size_t found = next;
    const std::size_t limit = std::min(candidates.size(), next + kWindow);
    while (found < limit) {
      const char c = file_text[candidates[found]];
      if (c == wanted || (wanted == ' ' && c == '\n')) break;
      ++found;
    }
    if (found < limit) {
      out.push_back(candidates[found]);
      next = found + 1;
    } else {
      out.push_back(next < candidates.size() ? candidates[next] : to);
    }
  }
  out.push_back(next < candidates.size() ? candidates[next] : to);
  return out;
}

}  // namespace preflight::deploy
