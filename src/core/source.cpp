#include "core/source.h"

#include <algorithm>

namespace preflight {

std::string_view to_string(FileKind kind) {
  switch (kind) {
    case FileKind::Python:
      return "python";
    case FileKind::Workflow:
      return "workflow";
    case FileKind::Dockerfile:
      return "dockerfile";
    case FileKind::Compose:
      return "compose";
    case FileKind::Toml:
      return "toml";
    case FileKind::Yaml:
      return "yaml";
    case FileKind::Sql:
      return "sql";
    case FileKind::Requirements:
      return "requirements";
    case FileKind::Other:
      return "other";
  }
  return "other";
}

std::uint32_t count_code_points(std::string_view text) {
  std::uint32_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t width = 1;
    if (byte >= 0xF0 && byte <= 0xF4) {
      width = 4;
    } else if (byte >= 0xE0) {
      width = 3;
    } else if (byte >= 0xC2 && byte < 0xE0) {
      width = 2;
    }
    // A truncated or malformed sequence counts byte by byte, as editors show replacement marks.
    bool valid = i + width <= text.size();
    for (std::size_t k = 1; valid && k < width; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    i += valid ? width : 1;
    ++count;
  }
  return count;
}

SourceFile::SourceFile(std::filesystem::path path, FileKind kind, std::string text)
    : path_(std::move(path)), kind_(kind), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    const char c = text_[i];
    if (c == '\n') {
      line_starts_.push_back(i + 1);
    } else if (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n')) {
      line_starts_.push_back(i + 1);  // a lone CR ends a line, as in Python's tokenizer
    }
  }
}

Position SourceFile::position_at(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line_index = static_cast<std::uint32_t>(it - line_starts_.begin() - 1);
  const std::uint32_t line_start = line_starts_[line_index];
  const std::string_view before(text_.data() + line_start, offset - line_start);
  return Position{line_index + 1, count_code_points(before) + 1};
}

std::uint32_t SourceFile::offset_at(Position position) const {
  if (position.line == 0 || position.line > line_count()) {
    return static_cast<std::uint32_t>(text_.size());
  }
  const std::string_view line = line_text(position.line);
  const std::uint32_t line_start = line_starts_[position.line - 1];
  std::uint32_t column = 1;
  std::size_t i = 0;
  while (i < line.size() && column < position.column) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    ++column;
  }
  return line_start + static_cast<std::uint32_t>(i);
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_count()) return {};
  const std::uint32_t begin = line_starts_[line - 1];
  std::uint32_t end =
      line < line_count() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

Span SourceFile::span(FileId id, std::uint32_t begin, std::uint32_t end) const {
  return Span{id, begin, end, position_at(begin), position_at(end)};
}

FileId SourceMap::add(std::filesystem::path path, FileKind kind, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), kind, std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

Span SourceMap::file_span(FileId id) const {
  const SourceFile& source = file(id);
  const auto end = static_cast<std::uint32_t>(source.line_text(1).size());
  return source.span(id, 0, end);
}

std::string display_path(const std::filesystem::path& path, const std::filesystem::path& base) {
  const std::filesystem::path normal = path.lexically_normal();
  if (!base.empty() && normal.is_absolute()) {
    const std::filesystem::path relative = normal.lexically_relative(base.lexically_normal());
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  }
  return normal.generic_string();
}

}  // namespace preflight
