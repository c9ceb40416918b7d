// preflight's configuration: `preflight.toml`, or `[tool.preflight]` in `pyproject.toml`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/rule_catalog.h"
#include "core/rule_info.h"

namespace preflight {

// A configuration error with its place: what() is `path:line:col: message`, or `path: message`
// when there is no place (line 0: the file could not be read).
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::filesystem::path path, std::uint32_t line, std::uint32_t column,
              const std::string& message);
  const std::filesystem::path& path() const { return path_; }
  std::uint32_t line() const { return line_; }
  std::uint32_t column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::filesystem::path path_;
  std::uint32_t line_;
  std::uint32_t column_;
  std::string message_;
};

struct DjangoConfig {
  std::optional<std::string> version;   // "4.2"
  std::optional<std::string> settings;  // dotted settings module
  std::vector<std::string> health_paths;
  std::optional<std::string> engine;  // "postgresql", "mysql", "sqlite", "oracle"
};

struct PerFileIgnore {
  std::string pattern;  // glob, relative to the configuration's directory
  std::vector<std::string> selectors;
};

struct Config {
  std::filesystem::path file;  // where it was read from, as given; empty for the defaults
  std::filesystem::path root;  // its directory, absolute and normal: patterns are relative to it
  std::optional<std::vector<std::string>> select;
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::vector<PerFileIgnore> per_file_ignores;
  std::vector<std::string> exclude;  // replaces the default excludes when set
  std::vector<std::string> extend_exclude;
  std::optional<Severity> fail_on;
  // Bytes: an integer, or a string with a binary unit ("512KiB", "2 MiB", "1GiB", "4096B").
  std::uint64_t max_file_size = std::uint64_t{1} << 20;  // 1 MiB
  std::optional<std::string> target_version;             // "py311"
  DjangoConfig django;
};

// Reads `pyproject.toml` (its `[tool.preflight]` table; a pyproject without one yields the
// defaults with `file` set) or any other file whole, as `preflight.toml` (`--config ci.toml`).
// Throws ConfigError with the place of the problem: unreadable file, TOML syntax (toml++'s
// position and description), unknown key (with a did-you-mean), wrong type, unknown rule selector,
// invalid value (`fail-on`, `max-file-size`, `target-version` py38..py314, Django `version` as
// "MAJOR.MINOR", `settings` as a dotted module, `health-paths` starting with '/', `engine`).
Config load_config(const std::filesystem::path& file, const RuleCatalog& catalog);

// The configuration file that applies to `path` (a file, or a directory): in the nearest
// directory at or above it, `preflight.toml`, else a `pyproject.toml` that has a
// `[tool.preflight]` table; a pyproject without one is skipped and the search goes on upward, as
// ruff does. The result is absolute. Throws ConfigError for a pyproject.toml that is not valid TOML
// (its table cannot be known).
std::optional<std::filesystem::path> find_config(const std::filesystem::path& path);

}  // namespace preflight
