#include "django/target_version.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <vector>

#include "core/toml_document.h"
#include "django/dependencies.h"

namespace preflight::django {
namespace {

constexpr DjangoVersion kDefaultVersion{4, 2};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// PEP 503: lower-cased, every run of '-', '_' and '.' one '-'.
bool is_django(std::string_view name) {
  std::string normal;
  for (const char c : trim(name)) {
    if (c == '-' || c == '_' || c == '.') {
      if (normal.empty() || normal.back() != '-') normal += '-';
    } else {
      normal += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return normal == "django";
}

// MAJOR.MINOR of a version as written ("4.2.7", "4.2rc1", "4", "4.*"); nullopt when it does not
// start with a number.
std::optional<DjangoVersion> parse_version(std::string_view text) {
  text = trim(text);
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  std::size_t i = 0;
  auto number = [&]() -> std::optional<int> {
    const std::size_t start = i;
    int value = 0;
    while (i < text.size() && is_digit(text[i])) {
      if (i - start >= 6) return std::nullopt;  // no real release has a component this long
      value = value * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start) return std::nullopt;
    return value;
  };
  const std::optional<int> major = number();
  if (!major) return std::nullopt;
  int minor = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (const std::optional<int> value = number()) minor = *value;
  }
  return DjangoVersion{*major, minor};
}

// The lower bound one clause ("==4.2.7", ">= 3.2", "^4.2", "<5") sets, if any.
std::optional<DjangoVersion> clause_lower_bound(std::string_view clause, bool poetry) {
  static constexpr std::string_view kLower[] = {"===", "==", "~=", ">=", ">"};
  static constexpr std::string_view kPoetryLower[] = {"^", "~", "="};
  static constexpr std::string_view kOther[] = {"<=", "!=", "<"};
  clause = trim(clause);
  for (const std::string_view op : kOther) {
    if (clause.starts_with(op)) return std::nullopt;
  }
  for (const std::string_view op : kLower) {
    if (clause.starts_with(op)) return parse_version(clause.substr(op.size()));
  }
  if (!poetry) return std::nullopt;
  for (const std::string_view op : kPoetryLower) {
    if (clause.starts_with(op)) return parse_version(clause.substr(op.size()));
  }
  // A bare version is exact in Poetry's syntax (and invalid in PEP 440's).
  return parse_version(clause);
}

bool is_operator_char(char c) {
  return c == '=' || c == '<' || c == '>' || c == '!' || c == '~' || c == '^';
}

// The clauses of one alternative: comma-separated, and (Poetry) space-separated too, an operator
// standing alone joined to the version after it ("> = 4.2" is not valid anywhere; ">= 4.2" is).
std::vector<std::string> split_clauses(std::string_view specifiers) {
  std::vector<std::string> clauses;
  std::size_t start = 0;
  while (start <= specifiers.size()) {
    std::size_t comma = specifiers.find(',', start);
    if (comma == std::string_view::npos) comma = specifiers.size();
    std::string_view piece = specifiers.substr(start, comma - start);
    std::string pending;
    while (true) {
      piece = trim(piece);
      if (piece.empty()) break;
      std::size_t end = 0;
      while (end < piece.size() && !is_space(piece[end])) ++end;
      const std::string_view token = piece.substr(0, end);
      piece.remove_prefix(end);
      pending += token;
      if (std::all_of(token.begin(), token.end(), is_operator_char)) continue;
      clauses.push_back(std::move(pending));
      pending.clear();
    }
    if (!pending.empty()) clauses.push_back(std::move(pending));
    start = comma + 1;
  }
  return clauses;
}

// One declaration of the `django` dependency.
struct Declaration {
  DjangoVersion version;
  std::string source;
};

std::string describe(std::string_view path, std::uint32_t line, std::string_view text) {
  if (line == 0) return fmt::format("{} ({})", path, text);
  return fmt::format("{}:{} ({})", path, line, text);
}

void declare(std::vector<Declaration>& out, std::optional<DjangoVersion> version,
             std::string_view path, std::uint32_t line, std::string_view text) {
  if (version) out.push_back(Declaration{*version, describe(path, line, text)});
}

// A PEP 508 requirement: `name [extras] (specifiers) ; marker` or `name @ url`.
struct Requirement {
  std::string_view name;
  std::string_view specifiers;
  std::string_view text;  // without the marker
};

std::optional<Requirement> parse_requirement(std::string_view text) {
  text = trim(text);
  if (const std::size_t semicolon = text.find(';'); semicolon != std::string_view::npos) {
    text = trim(text.substr(0, semicolon));
  }
  if (text.empty() || !is_alnum(text.front())) return std::nullopt;
  std::size_t i = 0;
  while (i < text.size() &&
         (is_alnum(text[i]) || text[i] == '-' || text[i] == '_' || text[i] == '.')) {
    ++i;
  }
  Requirement requirement{text.substr(0, i), {}, text};
  std::string_view rest = trim(text.substr(i));
  if (rest.starts_with('[')) {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    rest = trim(rest.substr(close + 1));
  }
  if (rest.starts_with('@')) return requirement;  // a direct URL: no version to read
  if (rest.starts_with('(')) {
    const std::size_t close = rest.find(')');
    rest = rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
  }
  requirement.specifiers = trim(rest);
  return requirement;
}

// A PEP 508 string from pyproject.toml, setup.cfg or a requirements file.
void declare_requirement(std::vector<Declaration>& out, std::string_view text,
                         std::string_view path, std::uint32_t line) {
  const std::optional<Requirement> requirement = parse_requirement(text);
  if (!requirement || !is_django(requirement->name)) return;
  declare(out, lowest_allowed_version(requirement->specifiers, false), path, line,
          requirement->text);
}

// pip's requirements file format (requirement_lines); option lines (`-r`, `-c`, `-e`,
// `--index-url`) declare no version.
void scan_requirements_txt(std::string_view path, std::string_view text,
                           std::vector<Declaration>& out) {
  for (const RequirementLine& logical : requirement_lines(text)) {
    if (logical.text.front() != '-') declare_requirement(out, logical.text, path, logical.line);
  }
}

// setup.cfg: `install_requires` of `[options]`, one requirement per continuation line, or
// `;`-separated on one line (setuptools' "list-semi").
void scan_setup_cfg(std::string_view path, std::string_view text, std::vector<Declaration>& out) {
  bool in_options = false;
  bool in_value = false;
  struct Item {
    std::uint32_t line;
    std::string_view text;
  };
  std::vector<Item> items;
  bool continued = false;  // the value has continuation lines: one requirement per line
  auto flush = [&]() {
    if (!continued && items.size() == 1) {
      // A value on the key's line alone: `;`-separated.
      std::string_view rest = items.front().text;
      while (!rest.empty()) {
        std::size_t semicolon = rest.find(';');
        if (semicolon == std::string_view::npos) semicolon = rest.size();
        declare_requirement(out, rest.substr(0, semicolon), path, items.front().line);
        rest.remove_prefix(std::min(rest.size(), semicolon + 1));
      }
    } else {
      for (const Item& item : items) {
        if (!trim(item.text).starts_with('#')) {
          declare_requirement(out, item.text, path, item.line);
        }
      }
    }
    items.clear();
    in_value = false;
    continued = false;
  };
  for_each_line(text, [&](std::uint32_t number, std::string_view line) {
    const std::string_view trimmed = trim(line);
    if (in_value) {
      if (!line.empty() && is_space(line.front())) {
        if (!trimmed.empty()) items.push_back(Item{number, trimmed});
        continued = true;
        return;
      }
      if (trimmed.empty()) return;  // configparser keeps blank lines inside a value
      flush();
    }
    if (trimmed.starts_with('#') || trimmed.starts_with(';')) return;
    if (trimmed.starts_with('[')) {
      in_options = trimmed == "[options]";
      return;
    }
    if (!in_options) return;
    const std::size_t separator = trimmed.find_first_of("=:");
    if (separator == std::string_view::npos) return;
    std::string key(trim(trimmed.substr(0, separator)));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
    if (key != "install_requires") return;
    in_value = true;
    const std::string_view value = trim(trimmed.substr(separator + 1));
    if (!value.empty()) items.push_back(Item{number, value});
  });
  if (in_value) flush();
}

std::optional<TomlValue> parse_toml_quietly(std::string_view text) {
  try {
    return parse_toml(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

const TomlValue* find_path(const TomlValue& root, std::initializer_list<std::string_view> keys) {
  const TomlValue* value = &root;
  for (const std::string_view key : keys) {
    if (!value->is_table()) return nullptr;
    value = value->find(key);
    if (!value) return nullptr;
  }
  return value;
}

// `django = "^4.2"`, `django = { version = "^4.2", extras = [...] }`, or (Poetry) a list of such
// tables for different markers. `poetry`: Poetry's specifier syntax, else PEP 440's (Pipfile).
void declare_dependency_table(std::vector<Declaration>& out, const TomlValue* table,
                              std::string_view path, bool poetry) {
  if (!table || !table->is_table()) return;
  for (const TomlMember& member : table->members) {
    if (!is_django(member.key)) continue;
    auto declare_spec = [&](const TomlValue& value) {
      const TomlValue* spec = &value;
      if (value.is_table()) spec = value.find("version");
      if (!spec || spec->type != TomlType::String) return;
      const std::uint32_t line = spec->position.line ? spec->position.line : member.position.line;
      declare(out, lowest_allowed_version(spec->string, poetry), path, line,
              fmt::format("{} = \"{}\"", member.key, spec->string));
    };
    if (member.value.type == TomlType::Array) {
      for (const TomlValue& item : member.value.items) declare_spec(item);
    } else {
      declare_spec(member.value);
    }
  }
}

void scan_pyproject(std::string_view path, std::string_view text, std::vector<Declaration>& out) {
  const std::optional<TomlValue> root = parse_toml_quietly(text);
  if (!root) return;
  if (const TomlValue* dependencies = find_path(*root, {"project", "dependencies"});
      dependencies && dependencies->type == TomlType::Array) {
    for (const TomlValue& item : dependencies->items) {
      if (item.type == TomlType::String) {
        declare_requirement(out, item.string, path, item.position.line);
      }
    }
  }
  declare_dependency_table(out, find_path(*root, {"tool", "poetry", "dependencies"}), path, true);
}

void scan_pipfile(std::string_view path, std::string_view text, std::vector<Declaration>& out) {
  const std::optional<TomlValue> root = parse_toml_quietly(text);
  if (root) declare_dependency_table(out, root->find("packages"), path, false);
}

// poetry.lock: `[[package]]` tables with `name` and the pinned `version`.
void scan_poetry_lock(std::string_view path, std::string_view text, std::vector<Declaration>& out) {
  const std::optional<TomlValue> root = parse_toml_quietly(text);
  if (!root) return;
  const TomlValue* packages = root->find("package");
  if (!packages || packages->type != TomlType::Array) return;
  for (const TomlValue& package : packages->items) {
    if (!package.is_table()) continue;
    const TomlValue* name = package.find("name");
    const TomlValue* version = package.find("version");
    if (!name || !version || name->type != TomlType::String || version->type != TomlType::String ||
        !is_django(name->string)) {
      continue;
    }
    declare(out, parse_version(version->string), path, version->position.line,
            fmt::format("{} {}", name->string, version->string));
  }
}

// A JSON string at text[i] == '"': its content (escapes kept as written), with `i` moved past it.
std::optional<std::string_view> json_string(std::string_view text, std::size_t& i) {
  const std::size_t start = ++i;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  if (i >= text.size()) return std::nullopt;
  return text.substr(start, i++ - start);
}

void skip_spaces(std::string_view text, std::size_t& i) {
  while (i < text.size() && is_space(text[i])) ++i;
}

std::uint32_t line_at(std::string_view text, std::size_t offset) {
  return static_cast<std::uint32_t>(
      std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n') + 1);
}

// Pipfile.lock (JSON): `"django": {"version": "==4.2.7", ...}` in "default" (or "develop").
void scan_pipfile_lock(std::string_view path, std::string_view text,
                       std::vector<Declaration>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '"') {
      ++i;
      continue;
    }
    const std::optional<std::string_view> key = json_string(text, i);
    if (!key) return;
    std::size_t j = i;
    skip_spaces(text, j);
    if (j >= text.size() || text[j] != ':') continue;
    ++j;
    skip_spaces(text, j);
    if (j >= text.size() || text[j] != '{' || !is_django(*key)) continue;
    // The object's own "version" member, at depth 1.
    int depth = 0;
    for (std::size_t k = j; k < text.size();) {
      const char c = text[k];
      if (c == '{' || c == '[') {
        ++depth;
        ++k;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) break;
        ++k;
      } else if (c == '"') {
        const std::optional<std::string_view> member = json_string(text, k);
        if (!member) return;
        if (depth != 1 || *member != "version") continue;
        std::size_t v = k;
        skip_spaces(text, v);
        if (v >= text.size() || text[v] != ':') continue;
        ++v;
        skip_spaces(text, v);
        if (v >= text.size() || text[v] != '"') continue;
        const std::size_t value_offset = v;
        const std::optional<std::string_view> spec = json_string(text, v);
        if (!spec) return;
        declare(out, lowest_allowed_version(*spec, false), path, line_at(text, value_offset),
                fmt::format("{}{}", *key, *spec));
        k = v;
      } else {
        ++k;
      }
    }
  }
}

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::optional<DjangoVersion> lowest_allowed_version(std::string_view specifiers, bool poetry) {
  std::optional<DjangoVersion> lowest;
  std::size_t start = 0;
  bool any = false;
  while (start <= specifiers.size()) {
    // Poetry's alternatives (`^3.2 || ^4.2`): the lowest of their lower bounds, none if one has
    // none. PEP 440 has no alternatives.
    std::size_t bar = poetry ? specifiers.find('|', start) : std::string_view::npos;
    if (bar == std::string_view::npos) bar = specifiers.size();
    const std::string_view alternative = specifiers.substr(start, bar - start);
    start = bar + 1;
    if (trim(alternative).empty()) continue;
    std::optional<DjangoVersion> bound;
    for (const std::string& clause : split_clauses(alternative)) {
      const std::optional<DjangoVersion> clause_bound = clause_lower_bound(clause, poetry);
      if (clause_bound && (!bound || *bound < *clause_bound)) bound = clause_bound;
    }
    if (!bound) return std::nullopt;
    if (!lowest || *bound < *lowest) lowest = bound;
    any = true;
  }
  return any ? lowest : std::nullopt;
}

TargetVersion target_django_version(const std::optional<std::string>& configured,
                                    std::span<const VersionSource> files) {
  if (configured) {
    if (const std::optional<DjangoVersion> version = parse_version(*configured)) {
      return TargetVersion{*version, "[tool.preflight.django] version"};
    }
  }
  std::vector<Declaration> declarations;
  for (const VersionSource& file : files) {
    const std::string_view name = base_name(file.path);
    if (name == "pyproject.toml") {
      scan_pyproject(file.path, file.text, declarations);
    } else if (name == "Pipfile") {
      scan_pipfile(file.path, file.text, declarations);
    } else if (name == "Pipfile.lock") {
      scan_pipfile_lock(file.path, file.text, declarations);
    } else if (name == "poetry.lock") {
      scan_poetry_lock(file.path, file.text, declarations);
    } else if (name == "setup.cfg") {
      scan_setup_cfg(file.path, file.text, declarations);
    } else if (name.ends_with(".txt")) {
      scan_requirements_txt(file.path, file.text, declarations);
    }
  }
  const Declaration* lowest = nullptr;
  for (const Declaration& declaration : declarations) {
    if (!lowest || declaration.version < lowest->version) lowest = &declaration;
  }
  if (!lowest) return TargetVersion{kDefaultVersion, "default"};
  return TargetVersion{lowest->version, lowest->source};
}

}  // namespace preflight::django
