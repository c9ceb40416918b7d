#include "deploy/dockerfile.h"

#include <cctype>

namespace preflight::deploy {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Splits `K=V K2="a b"` (or the legacy `K V…`) into variables; `begin` is the byte offset of the
// arguments in the file, for spans that point at each assignment.
void parse_env(const DockerInstruction& instruction, std::uint32_t arguments_begin,
               const SourceFile& source, FileId id, std::vector<EnvVar>& out) {
  const std::string& text = instruction.arguments;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (is_space(text[i]) || text[i] == '\n')) ++i;
  };
  skip_space();
  const std::size_t first_equal = text.find('=');
  const std::size_t first_space = text.find_first_of(" \t");
  if (first_equal == std::string::npos ||
      (first_space != std::string::npos && first_space < first_equal)) {
    // Legacy form: `ENV NAME the rest of the line`.
    const std::size_t name_end = text.find_first_of(" \t", i);
    if (name_end == std::string::npos) return;
    std::size_t value_begin = name_end;
    while (value_begin < text.size() && is_space(text[value_begin])) ++value_begin;
    EnvVar var;
    var.name = text.substr(i, name_end - i);
    var.written = text.substr(value_begin);
    var.value = var.written;
    var.span = instruction.span;
    out.push_back(std::move(var));
    return;
  }
  while (i < text.size()) {
    const std::size_t start = i;
    const std::size_t equal = text.find('=', i);
    if (equal == std::string::npos) break;
    EnvVar var;
    var.name = text.substr(i, equal - i);
    i = equal + 1;
    std::string value;
    bool interpolated = false;
    while (i < text.size() && !is_space(text[i]) && text[i] != '\n') {
      const char c = text[i];
      if (c == '"' || c == '\'') {
        ++i;
        while (i < text.size() && text[i] != c) {
          if (c == '"' && text[i] == '\\' && i + 1 < text.size()) ++i;
          if (c == '"' && text[i] == '$') interpolated = true;
          value += text[i++];
        }
        ++i;
      } else {
        if (c == '\\' && i + 1 < text.size()) ++i;
        if (c == '$') interpolated = true;
        value += text[i++];
      }
    }
    var.written = text.substr(equal + 1, i - equal - 1);
    if (!interpolated) var.value = std::move(value);
    // The joined arguments differ from the file only where continuations were; point at the
    // instruction when the assignment is not on its first line.
    const std::uint32_t begin = arguments_begin + static_cast<std::uint32_t>(start);
    const std::uint32_t end = arguments_begin + static_cast<std::uint32_t>(i);
    const std::string_view file_text = source.text();
    if (end <= file_text.size() &&
        file_text.substr(begin, end - begin) == std::string_view(text).substr(start, i - start)) {
      var.span = source.span(id, begin, end);
    } else {
      var.span = instruction.span;
      for (std::uint32_t at = instruction.span.begin;
           at + var.name.size() < file_text.size() && at < instruction.span.end; ++at) {
        if (file_text.substr(at, var.name.size() + 1) == var.name + "=") {
          std::uint32_t stop = at;
          while (stop < file_text.size() && !is_space(file_text[stop]) && file_text[stop] != '\n') {
            ++stop;
          }
          var.span = source.span(id, at, stop);
          break;
        }
      }
    }
    out.push_back(std::move(var));
    skip_space();
  }
}

// The command of CMD/ENTRYPOINT/RUN: the exec form `["a", "b"]` joined with spaces.
std::string command_text(const std::string& arguments) {
  std::size_t i = 0;
  while (i < arguments.size() && is_space(arguments[i])) ++i;
  if (i >= arguments.size() || arguments[i] != '[') return arguments;
  std::string out;
  bool in_string = false;
  std::string current;
  for (++i; i < arguments.size(); ++i) {
    const char c = arguments[i];
    if (in_string) {
      if (c == '\\' && i + 1 < arguments.size()) {
        current += arguments[++i];
      } else if (c == '"') {
        in_string = false;
        if (!out.empty()) out += ' ';
        out += current;
        current.clear();
      } else {
        current += c;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == ']') {
      break;
    }
  }
  return out;
}

}  // namespace

Dockerfile read_dockerfile(const SourceFile& source, FileId id) {
  Dockerfile out;
  out.file = id;
  const std::string_view text = source.text();
  std::size_t line_begin = 0;
  while (line_begin < text.size()) {
    std::size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::size_t i = line_begin;
    while (i < line_end && is_space(text[i])) ++i;
    if (i == line_end || text[i] == '#') {
      line_begin = line_end + 1;
      continue;
    }
    // One instruction: this line and its continuations (a trailing backslash; comment lines
    // inside are dropped, as Docker does).
    DockerInstruction instruction;
    const std::size_t keyword_begin = i;
    while (i < line_end && !is_space(text[i])) ++i;
    instruction.keyword = upper(text.substr(keyword_begin, i - keyword_begin));
    while (i < line_end && is_space(text[i])) ++i;
    const std::size_t arguments_begin = i;
    std::size_t end = line_end;
    std::string arguments;
    std::size_t piece_begin = i;
    while (true) {
      std::size_t piece_end = line_end;
      while (piece_end > piece_begin && is_space(text[piece_end - 1])) --piece_end;
      const bool continued = piece_end > piece_begin && text[piece_end - 1] == '\\';
      if (continued) --piece_end;
      arguments.append(text.substr(piece_begin, piece_end - piece_begin));
      end = line_end;
      if (!continued || line_end >= text.size()) break;
      // The next non-comment line continues the instruction.
      std::size_t next = line_end + 1;
      while (next < text.size()) {
        std::size_t next_end = text.find('\n', next);
        if (next_end == std::string_view::npos) next_end = text.size();
        std::size_t k = next;
        while (k < next_end && is_space(text[k])) ++k;
        if (k < next_end && text[k] == '#') {
          next = next_end + 1;
          continue;
        }
        break;
      }
      if (next >= text.size()) break;
      line_end = text.find('\n', next);
      if (line_end == std::string_view::npos) line_end = text.size();
      piece_begin = next;
      arguments += ' ';  // Docker drops the backslash and the line break
    }
    instruction.arguments = std::move(arguments);
    instruction.span =
        source.span(id, static_cast<std::uint32_t>(keyword_begin), static_cast<std::uint32_t>(end));
    out.instructions.push_back(std::move(instruction));
    line_begin = end + 1;
    // Keep the offset of the arguments for spans of single assignments.
    DockerInstruction& added = out.instructions.back();
    if (added.keyword == "FROM") {
      out.env.clear();  // a new stage starts with the base image's environment
      out.start.clear();
      out.healthcheck.clear();
    } else if (added.keyword == "ENV") {
      parse_env(added, static_cast<std::uint32_t>(arguments_begin), source, id, out.env);
    } else if (added.keyword == "RUN" || added.keyword == "CMD" || added.keyword == "ENTRYPOINT" ||
               added.keyword == "HEALTHCHECK") {
      std::size_t from = 0;
      if (added.keyword == "HEALTHCHECK") {
        from = upper(added.arguments).find("CMD");
        if (from == std::string::npos) continue;  // HEALTHCHECK NONE
        from += 3;
      }
      Command command;
      command.text = added.keyword == "RUN" ? added.arguments.substr(from)
                                            : command_text(added.arguments.substr(from));
      command.span = added.span;
      // The arguments lost only backslashes and comment lines: the file offset of a byte is at
      // or after its offset in the arguments.
      command.offsets =
          align_offsets(command.text, text, static_cast<std::uint32_t>(arguments_begin + from),
                        static_cast<std::uint32_t>(end));
      if (added.keyword == "RUN") {
        out.run.push_back(std::move(command));
      } else if (added.keyword == "HEALTHCHECK") {
        out.healthcheck.push_back(std::move(command));
      } else {
        out.start.push_back(std::move(command));
      }
    }
  }
  return out;
}

}  // namespace preflight::deploy
