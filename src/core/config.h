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

// A configuration error with its place, printed as `path:line:col: message`.
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
  std::filesystem::path file;  // where it was read from; empty for the defaults
  std::filesystem::path root;  // the directory patterns are relative to
  std::optional<std::vector<std::string>> select;
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::vector<PerFileIgnore> per_file_ignores;
  std::vector<std::string> exclude;  // replaces the default excludes when set
  std::vector<std::string> extend_exclude;
  std::optional<Severity> fail_on;
  std::uint64_t max_file_size = 1024 * 1024;
  std::optional<std::string> target_version;  // "py311"
  DjangoConfig django;
};

// Reads `preflight.toml` (whole file) or `pyproject.toml` (its `[tool.preflight]` table; a
// pyproject without one yields the defaults with `file` set). Unknown keys, wrong types and
// unknown rule selectors throw ConfigError with the key's place.
Config load_config(const std::filesystem::path& file, const RuleCatalog& catalog);

// The configuration file that applies to `path`: in the nearest directory at or above it,
// `preflight.toml`, else a `pyproject.toml` that has a `[tool.preflight]` table.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& path);

}  // namespace preflight
