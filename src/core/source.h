// Source files and positions. Every diagnostic points into a SourceFile through a Span.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace preflight {

using FileId = std::uint32_t;

// 1-based line; 1-based column counted in Unicode code points (a tab counts one).
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

// A half-open byte range [begin, end) in one file, with its positions precomputed so that
// reporters never rescan text. `stop` is exclusive like `end`.
struct Span {
  FileId file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  Position start;
  Position stop;
};

// What a file is, decided once by discovery from its name and place.
// Requirements: dependency declarations other than pyproject.toml (requirements*.txt, Pipfile,
// Pipfile.lock, poetry.lock, setup.cfg), read for the target Django version.
enum class FileKind { Python, Workflow, Dockerfile, Compose, Toml, Yaml, Sql, Requirements, Other };

std::string_view to_string(FileKind kind);

class SourceFile {
 public:
  SourceFile(std::filesystem::path path, FileKind kind, std::string text);

  const std::filesystem::path& path() const { return path_; }
  FileKind kind() const { return kind_; }
  // UTF-8 text (Python sources are decoded from their PEP 263 encoding by discovery).
  const std::string& text() const { return text_; }

  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  Position position_at(std::uint32_t offset) const;
  // Byte offset of a position; columns past the end of the line clamp to it.
  std::uint32_t offset_at(Position position) const;
  // The text of a 1-based line without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  Span span(FileId id, std::uint32_t begin, std::uint32_t end) const;

 private:
  std::filesystem::path path_;
  FileKind kind_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

// Owns every file of one run; FileIds index into it. Stable addresses: files are never moved.
class SourceMap {
 public:
  FileId add(std::filesystem::path path, FileKind kind, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }
  // A span covering the first line of a file, for findings about a whole file.
  Span file_span(FileId id) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Number of code points in UTF-8 text; an invalid byte counts as one.
std::uint32_t count_code_points(std::string_view text);

// `path` relative to `base` when it lies under it, else `path` unchanged; always '/'-separated.
std::string display_path(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace preflight
