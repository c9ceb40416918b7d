#include "core/config.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "core/toml_document.h"

namespace preflight {
namespace fs = std::filesystem;

namespace {

std::string describe(const fs::path& path, std::uint32_t line, std::uint32_t column,
                     const std::string& message) {
  if (line == 0) return fmt::format("{}: {}", path.string(), message);
  return fmt::format("{}:{}:{}: {}", path.string(), line, column, message);
}

std::string read_file(const fs::path& path) {
  // An ifstream opens a directory without complaint and then reads nothing.
  std::error_code ignored;
  if (fs::is_directory(path, ignored)) throw ConfigError(path, 0, 0, "cannot read: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(path, 0, 0, fmt::format("cannot read: {}", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TomlValue parse_file(const fs::path& path) {
  try {
    return parse_toml(read_file(path));
  } catch (const TomlSyntaxError& error) {
    throw ConfigError(path, error.position().line, error.position().column,
                      fmt::format("invalid TOML: {}", error.what()));
  }
}

constexpr std::string_view kPreflightToml = "preflight.toml";

std::string key_label(std::string_view key) {
  return fmt::format("'{}'", key);
}

bool is_pyproject(const fs::path& path) {
  return path.filename() == "pyproject.toml";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The closest candidate within a third of the word's length (at least one edit), else empty.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::string_view suggestion = closest(word, candidates);
  return suggestion.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", suggestion);
}

bool is_identifier(std::string_view part) {
  if (part.empty()) return false;
  const auto alpha = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!alpha(part[0])) return false;
  return std::all_of(part.begin(), part.end(),
                     [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads one configuration table, reporting every problem at its place in `path`.
class Reader {
 public:
  Reader(const fs::path& path, const RuleCatalog& catalog) : path_(path), catalog_(catalog) {}

  [[noreturn]] void fail(TomlPosition position, const std::string& message) const {
    throw ConfigError(path_, position.line, position.column, message);
  }

  void check_keys(const TomlValue& table, std::string_view where,
                  const std::vector<std::string_view>& known) const {
    for (const TomlMember& member : table.members) {
      if (std::find(known.begin(), known.end(), member.key) != known.end()) continue;
      const std::string hint =
          member.key == "tool" && where == kPreflightToml
              ? " (keys of preflight.toml are top-level; [tool.preflight] is for pyproject.toml)"
              : did_you_mean(member.key, known);
      fail(member.position, fmt::format("unknown key '{}' in {}{}", member.key, where, hint));
    }
  }

  const std::string& string(const TomlMember& member) const {
    if (member.value.type != TomlType::String) {
      fail(member.value.position, fmt::format("'{}' must be a string, found {}", member.key,
                                              to_string(member.value.type)));
    }
    return member.value.string;
  }

  // `label` names the value in messages: "'select'", or "per-file-ignores entry \"a/*.py\"".
  std::vector<std::string> strings(const TomlMember& member) const {
    return strings(member, key_label(member.key));
  }

  std::vector<std::string> strings(const TomlMember& member, const std::string& label) const {
    const TomlValue& value = member.value;
    if (value.type != TomlType::Array) {
      fail(value.position,
           fmt::format("{} must be an array of strings, found {}", label, to_string(value.type)));
    }
    std::vector<std::string> result;
    for (const TomlValue& item : value.items) {
      if (item.type != TomlType::String) {
        fail(item.position,
             fmt::format("'{}' must be an array of strings, found an item of type {}", member.key,
                         to_string(item.type)));
      }
      if (item.string.empty()) fail(item.position, fmt::format("empty string in {}", label));
      result.push_back(item.string);
    }
    return result;
  }

  std::vector<std::string> selectors(const TomlMember& member) const {
    return selectors(member, key_label(member.key));
  }

  std::vector<std::string> selectors(const TomlMember& member, const std::string& label) const {
    std::vector<std::string> result = strings(member, label);
    for (std::size_t i = 0; i < result.size(); ++i) {
      if (catalog_.is_selector(result[i])) continue;
      std::vector<std::string_view> codes;
      for (const RuleInfo* rule : catalog_.rules()) codes.push_back(rule->code);
      fail(member.value.items[i].position,
           fmt::format("unknown rule code or prefix '{}' in {}{}", result[i], label,
                       did_you_mean(result[i], codes)));
    }
    return result;
  }

  std::vector<PerFileIgnore> per_file_ignores(const TomlMember& member) const {
    if (!member.value.is_table()) {
      fail(member.value.position,
           fmt::format("'{}' must be a table of glob patterns to arrays of rule codes, found {}",
                       member.key, to_string(member.value.type)));
    }
    std::vector<PerFileIgnore> result;
    for (const TomlMember& entry : member.value.members) {
      if (entry.key.empty()) fail(entry.position, "empty glob pattern in 'per-file-ignores'");
      const std::string label = fmt::format("per-file-ignores entry \"{}\"", entry.key);
      result.push_back(PerFileIgnore{entry.key, selectors(entry, label)});
    }
    return result;
  }

  Severity fail_on(const TomlMember& member) const {
    const std::string& text = string(member);
    if (auto severity = parse_severity(text)) return *severity;
    fail(member.value.position,
         fmt::format("'{}' must be \"error\", \"warning\" or \"info\", found \"{}\"", member.key,
                     text));
  }

  // An integer number of bytes, or a string with a binary unit: "512KiB", "2 MiB", "1GiB",
  // "4096B". Decimal units (MB) are refused rather than guessed at.
  std::uint64_t max_file_size(const TomlMember& member) const {
    const TomlValue& value = member.value;
    if (value.type == TomlType::Integer) {
      if (value.integer <= 0) {
        fail(value.position,
             fmt::format("'{}' must be positive, found {}", member.key, value.integer));
      }
      return static_cast<std::uint64_t>(value.integer);
    }
    if (value.type != TomlType::String) {
      fail(value.position,
           fmt::format("'{}' must be an integer or a string like \"2MiB\", found {}", member.key,
                       to_string(value.type)));
    }
    const std::string_view text = value.string;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    std::string_view unit = text.substr(digits);
    while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
    std::uint64_t multiplier = 0;
    if (unit.empty() || unit == "B") {
      multiplier = 1;
    } else if (unit == "KiB") {
      multiplier = std::uint64_t{1} << 10;
    } else if (unit == "MiB") {
      multiplier = std::uint64_t{1} << 20;
    } else if (unit == "GiB") {
      multiplier = std::uint64_t{1} << 30;
    }
    std::uint64_t number = 0;
    bool valid = digits > 0 && digits <= 12 && multiplier != 0;
    if (valid) {
      number = std::stoull(std::string(text.substr(0, digits)));
      valid = number > 0 && number <= std::numeric_limits<std::uint64_t>::max() / multiplier;
    }
    if (!valid) {
      fail(
          value.position,
          fmt::format("'{}' must be a positive size like 1048576, \"512KiB\" or \"2MiB\" (units B, "
                      "KiB, MiB, GiB), found \"{}\"",
                      member.key, text));
    }
    return number * multiplier;
  }

  std::string target_version(const TomlMember& member) const {
    const std::string& text = string(member);
    const std::string_view view = text;
    bool valid = view.substr(0, 3) == "py3" && is_digits(view.substr(3));
    if (valid) {
      const std::string_view minor = view.substr(3);
      valid = minor.size() <= 2 && minor[0] != '0' && std::stoi(std::string(minor)) >= 8 &&
              std::stoi(std::string(minor)) <= 14;
    }
    if (!valid) {
      fail(member.value.position,
           fmt::format("'{}' must be one of \"py38\" ... \"py314\", found \"{}\"", member.key,
                       text));
    }
    return text;
  }

  void django(const TomlMember& member, std::string_view where, DjangoConfig& out) const {
    if (!member.value.is_table()) {
      fail(member.value.position,
           fmt::format("'{}' must be a table, found {}", member.key, to_string(member.value.type)));
    }
    check_keys(member.value, where, {"version", "settings", "health-paths", "engine"});
    for (const TomlMember& entry : member.value.members) {
      if (entry.key == "version") {
        out.version = django_version(entry);
      } else if (entry.key == "settings") {
        out.settings = settings_module(entry);
      } else if (entry.key == "health-paths") {
        out.health_paths = strings(entry);
        for (std::size_t i = 0; i < out.health_paths.size(); ++i) {
          if (out.health_paths[i].front() != '/') {
            fail(entry.value.items[i].position,
                 fmt::format("health path \"{}\" must start with '/'", out.health_paths[i]));
          }
        }
      } else if (entry.key == "engine") {
        out.engine = engine(entry);
      }
    }
  }

 private:
  std::string django_version(const TomlMember& member) const {
    if (member.value.type == TomlType::Float || member.value.type == TomlType::Integer) {
      // `version = 4.10` as a TOML float would read as 4.1: insist on a string.
      fail(member.value.position,
           fmt::format("'{}' must be a string like \"4.2\" (quote it)", member.key));
    }
    const std::string& text = string(member);
    const std::size_t dot = text.find('.');
    const std::string_view view = text;
    if (dot == std::string::npos || !is_digits(view.substr(0, dot)) ||
        !is_digits(view.substr(dot + 1))) {
      fail(member.value.position,
           fmt::format("'{}' must be a Django version MAJOR.MINOR like \"4.2\", found \"{}\"",
                       member.key, text));
    }
    return text;
  }

  std::string settings_module(const TomlMember& member) const {
    const std::string& text = string(member);
    std::string_view rest = text;
    bool valid = true;
    while (valid) {
      const std::size_t dot = rest.find('.');
      valid = is_identifier(rest.substr(0, dot));
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    if (!valid) {
      fail(member.value.position,
           fmt::format("'{}' must be a dotted module name like \"mysite.settings.production\", "
                       "found \"{}\"",
                       member.key, text));
    }
    return text;
  }

  std::string engine(const TomlMember& member) const {
    static const std::vector<std::string_view> kEngines = {"postgresql", "mysql", "sqlite",
                                                           "oracle"};
    const std::string& text = string(member);
    if (std::find(kEngines.begin(), kEngines.end(), text) == kEngines.end()) {
      fail(member.value.position,
           fmt::format("'{}' must be one of \"postgresql\", \"mysql\", \"sqlite\", \"oracle\", "
                       "found \"{}\"{}",
                       member.key, text, did_you_mean(text, kEngines)));
    }
    return text;
  }

  const fs::path& path_;
  const RuleCatalog& catalog_;
};

void read_table(const Reader& reader, const TomlValue& table, bool in_pyproject, Config& config) {
  const std::string_view where = in_pyproject ? "[tool.preflight]" : kPreflightToml;
  const std::string_view django_where = in_pyproject ? "[tool.preflight.django]" : "[django]";
  reader.check_keys(table, where,
                    {"select", "extend-select", "ignore", "per-file-ignores", "exclude",
                     "extend-exclude", "fail-on", "max-file-size", "target-version", "django"});
  for (const TomlMember& member : table.members) {
    const std::string_view key = member.key;
    if (key == "select") {
      config.select = reader.selectors(member);
    } else if (key == "extend-select") {
      config.extend_select = reader.selectors(member);
    } else if (key == "ignore") {
      config.ignore = reader.selectors(member);
    } else if (key == "per-file-ignores") {
      config.per_file_ignores = reader.per_file_ignores(member);
    } else if (key == "exclude") {
      config.exclude = reader.strings(member);
    } else if (key == "extend-exclude") {
      config.extend_exclude = reader.strings(member);
    } else if (key == "fail-on") {
      config.fail_on = reader.fail_on(member);
    } else if (key == "max-file-size") {
      config.max_file_size = reader.max_file_size(member);
    } else if (key == "target-version") {
      config.target_version = reader.target_version(member);
    } else if (key == "django") {
      reader.django(member, django_where, config.django);
    }
  }
}

// The `[tool.preflight]` table of a parsed pyproject.toml, or null.
const TomlValue* tool_table(const TomlValue& document) {
  const TomlValue* tool = document.find("tool");
  if (tool == nullptr || !tool->is_table()) return nullptr;
  return tool->find("preflight");
}

}  // namespace

ConfigError::ConfigError(std::filesystem::path path, std::uint32_t line, std::uint32_t column,
                         const std::string& message)
    : std::runtime_error(describe(path, line, column, message)),
      path_(std::move(path)),
      line_(line),
      column_(column),
      message_(message) {}

Config load_config(const std::filesystem::path& file, const RuleCatalog& catalog) {
  Config config;
  config.file = file;
  config.root = fs::absolute(file).lexically_normal().parent_path();
  const TomlValue document = parse_file(file);
  const Reader reader(file, catalog);
  if (!is_pyproject(file)) {
    read_table(reader, document, false, config);
    return config;
  }
  const TomlValue* table = tool_table(document);
  if (table == nullptr) return config;
  if (!table->is_table()) {
    reader.fail(table->position,
                fmt::format("'tool.preflight' must be a table, found {}", to_string(table->type)));
  }
  read_table(reader, *table, true, config);
  return config;
}

std::optional<std::filesystem::path> find_config(const std::filesystem::path& path) {
  std::error_code error;
  fs::path directory = fs::absolute(path).lexically_normal();
  if (!fs::is_directory(directory, error) || directory.filename().empty()) {
    directory = directory.parent_path();  // a file's directory; or "dir/" without its slash
  }
  while (true) {
    const fs::path preflight_toml = directory / "preflight.toml";
    if (fs::is_regular_file(preflight_toml, error)) return preflight_toml;
    // A pyproject.toml without [tool.preflight] is someone else's: keep looking, as ruff does.
    const fs::path pyproject = directory / "pyproject.toml";
    if (fs::is_regular_file(pyproject, error) && tool_table(parse_file(pyproject)) != nullptr) {
      return pyproject;
    }
    if (!directory.has_relative_path()) return std::nullopt;  // the root
    directory = directory.parent_path();
  }
}

}  // namespace preflight
