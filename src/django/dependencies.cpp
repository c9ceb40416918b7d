#include "django/dependencies.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "core/toml_document.h"
#include "django/symbols.h"

namespace preflight::django {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// `a/b/../c.txt` -> `a/c.txt`; `./x` -> `x`.
std::string normal_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(start, slash - start);
    start = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else {
      parts.push_back(part);
    }
  }
  std::string out;
  for (const std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

// The distribution name at the start of a PEP 508 requirement; nullopt when the text is not one.
std::optional<std::string> requirement_name(std::string_view text) {
  text = trim(text);
  std::size_t end = 0;
  while (end < text.size() && is_name_char(text[end])) ++end;
  if (end == 0) return std::nullopt;
  if (!std::isalnum(static_cast<unsigned char>(text[0]))) return std::nullopt;
  const std::string_view rest = trim(text.substr(end));
  if (!rest.empty() && std::string_view("[<>=!~;@(").find(rest.front()) == std::string_view::npos) {
    return std::nullopt;
  }
  return normalize_distribution(text.substr(0, end));
}

// `...#egg=name` of an editable or URL requirement.
std::optional<std::string> egg_name(std::string_view text) {
  const std::size_t egg = text.find("#egg=");
  if (egg == std::string_view::npos) return std::nullopt;
  std::string_view name = text.substr(egg + 5);
  std::size_t end = 0;
  while (end < name.size() && is_name_char(name[end])) ++end;
  if (end == 0) return std::nullopt;
  return normalize_distribution(name.substr(0, end));
}

// The value of an option line (`-r file`, `--requirement=file`, `-rfile`).
std::string_view option_value(std::string_view line, std::string_view short_form,
                              std::string_view long_form) {
  if (line.starts_with(long_form)) {
    line.remove_prefix(long_form.size());
  } else if (line.starts_with(short_form)) {
    line.remove_prefix(short_form.size());
  } else {
    return {};
  }
  line = trim(line);
  if (line.starts_with('=')) line = trim(line.substr(1));
  return line;
}

void scan_requirements_line(std::string_view path, std::string_view line,
                            const std::set<std::string>& paths, DeclaredDependencies& out) {
  const std::string where = std::string(path) + ": `" + std::string(line) + "`";
  if (line.front() == '-') {
    if (line.starts_with("--requirement") || (line.starts_with("-r") && !line.starts_with("--"))) {
      std::string_view included = option_value(line, "-r", "--requirement");
      std::string resolved = normal_path(
          parent_dir(path).empty() ? std::string(included)
                                   : std::string(parent_dir(path)) + "/" + std::string(included));
      if (paths.contains(resolved)) {
        out.includes.push_back(std::move(resolved));
      } else {
        out.unknown.push_back(where + " (not in the project)");
      }
      return;
    }
    if (line.starts_with("--editable") || (line.starts_with("-e") && !line.starts_with("--"))) {
      if (auto name = egg_name(line)) {
        out.names.insert(std::move(*name));
      } else {
        out.unknown.push_back(where);
      }
      return;
    }
    // -c/--constraint install nothing; --index-url, --hash, --pre ... declare nothing.
    return;
  }
  if (auto name = requirement_name(line)) {
    out.names.insert(std::move(*name));
  } else if (auto egg = egg_name(line)) {
    out.names.insert(std::move(*egg));
  } else {
    out.unknown.push_back(where);
  }
}

void scan_requirements_txt(std::string_view path, std::string_view text,
                           const std::set<std::string>& paths, DeclaredDependencies& out) {
  for (const RequirementLine& line : requirement_lines(text)) {
    scan_requirements_line(path, line.text, paths, out);
  }
}

std::optional<TomlValue> parse_toml_quietly(std::string_view text) {
  try {
    return parse_toml(text);
  } catch (const TomlSyntaxError&) {
    return std::nullopt;
  }
}

// Poetry's table of dependencies: the keys, `python` aside.
void declare_keys(const TomlValue* table, DeclaredDependencies& out) {
  if (!table || !table->is_table()) return;
  for (const TomlMember& member : table->members) {
    if (normalize_distribution(member.key) != "python") {
      out.names.insert(normalize_distribution(member.key));
    }
  }
}

void declare_pep508_array(std::string_view path, const TomlValue* array,
                          DeclaredDependencies& out) {
  if (!array) return;
  if (array->type != TomlType::Array) {
    out.unknown.push_back(std::string(path) + ": dependencies that are not an array");
    return;
  }
  for (const TomlValue& item : array->items) {
    std::optional<std::string> name;
    if (item.type == TomlType::String) name = requirement_name(item.string);
    if (name) {
      out.names.insert(std::move(*name));
    } else {
      out.unknown.push_back(std::string(path) + ": `" + item.string + "`");
    }
  }
}

void scan_pyproject(std::string_view path, std::string_view text, DeclaredDependencies& out) {
  const std::optional<TomlValue> root = parse_toml_quietly(text);
  if (!root) {
    out.unknown.push_back(std::string(path) + " does not parse");
    return;
  }
  if (const TomlValue* project = root->find("project"); project && project->is_table()) {
    if (const TomlValue* dynamic = project->find("dynamic")) {
      for (const TomlValue& item : dynamic->items) {
        if (item.string == "dependencies" || item.string == "optional-dependencies") {
          out.unknown.push_back(std::string(path) + ": dynamic " + item.string);
        }
      }
    }
    declare_pep508_array(path, project->find("dependencies"), out);
    if (const TomlValue* optional = project->find("optional-dependencies");
        optional && optional->is_table()) {
      for (const TomlMember& group : optional->members)
        declare_pep508_array(path, &group.value, out);
    }
  }
  const TomlValue* tool = root->find("tool");
  const TomlValue* poetry = tool ? tool->find("poetry") : nullptr;
  if (poetry && poetry->is_table()) {
    declare_keys(poetry->find("dependencies"), out);
    declare_keys(poetry->find("dev-dependencies"), out);
    if (const TomlValue* groups = poetry->find("group"); groups && groups->is_table()) {
      for (const TomlMember& group : groups->members) {
        declare_keys(group.value.find("dependencies"), out);
      }
    }
  }
}

void scan_poetry_lock(std::string_view path, std::string_view text, DeclaredDependencies& out) {
  const std::optional<TomlValue> root = parse_toml_quietly(text);
  const TomlValue* packages = root ? root->find("package") : nullptr;
  if (!packages || packages->type != TomlType::Array) {
    out.unknown.push_back(std::string(path) + " does not parse");
    return;
  }
  for (const TomlValue& package : packages->items) {
    if (const TomlValue* name = package.find("name"); name && name->type == TomlType::String) {
      out.names.insert(normalize_distribution(name->string));
    }
  }
}

// Import names that differ from their distribution's name beyond what the containment rule of
// import_declared finds. Each import name maps to the distributions that provide it.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"PIL", "pillow"},
    {"rest_framework", "djangorestframework"},
    {"rest_framework_simplejwt", "djangorestframework-simplejwt"},
    {"rest_framework_gis", "djangorestframework-gis"},
    {"rest_framework_nested", "drf-nested-routers"},
    {"bs4", "beautifulsoup4"},
    {"sklearn", "scikit-learn"},
    {"skimage", "scikit-image"},
    {"cv2", "opencv-python"},
    {"cv2", "opencv-python-headless"},
    {"cv2", "opencv-contrib-python"},
    {"oauth2_provider", "django-oauth-toolkit"},
    {"social_django", "social-auth-app-django"},
    {"social_core", "social-auth-core"},
    {"djmoney", "django-money"},
    {"djcelery", "django-celery"},
    {"drf_spectacular", "drf-spectacular"},
    {"drf_yasg", "drf-yasg"},
    {"gi", "pygobject"},
    {"serial", "pyserial"},
    {"usb", "pyusb"},
    {"zmq", "pyzmq"},
    {"MySQLdb", "mysqlclient"},
    {"psycopg2", "psycopg2-binary"},
    {"psycopg", "psycopg-binary"},
    {"dns", "dnspython"},
    {"git", "gitpython"},
    {"github", "pygithub"},
    {"Crypto", "pycryptodome"},
    {"yaml", "pyyaml"},
    {"dateutil", "python-dateutil"},
    {"magic", "python-magic"},
    {"jose", "python-jose"},
};

std::string squashed(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == '.') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Distributions whose names prefix many others': their name inside an import name proves nothing.
bool umbrella(std::string_view squashed_name) {
  for (const std::string_view name : {"django", "python", "djangorestframework", "flask", "pytest",
                                      "types", "google", "azure", "boto", "aws"}) {
    if (squashed_name == name) return true;
  }
  return false;
}

}  // namespace

std::string normalize_distribution(std::string_view name) {
  std::string out;
  bool separator = false;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      separator = true;
      continue;
    }
    if (separator && !out.empty()) out += '-';
    separator = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<RequirementLine> requirement_lines(std::string_view text) {
  std::vector<RequirementLine> lines;
  std::string logical;
  std::uint32_t logical_line = 0;
  auto finish = [&]() {
    std::string_view line = logical;
    for (std::size_t hash = line.find('#'); hash != std::string_view::npos;
         hash = line.find('#', hash + 1)) {
      // `#egg=` of a URL follows no whitespace.
      if (hash == 0 || is_space(line[hash - 1])) {
        line = line.substr(0, hash);
        break;
      }
    }
    line = trim(line);
    if (!line.empty() && line.front() != '-') {
      // Per-requirement options (`name==1.0 --hash=sha256:...`).
      for (const std::string_view option : {" -", "\t-"}) {
        if (const std::size_t at = line.find(option); at != std::string_view::npos) {
          line = trim(line.substr(0, at));
        }
      }
    }
    if (!line.empty()) lines.push_back(RequirementLine{logical_line, std::string(line)});
    logical.clear();
    logical_line = 0;
  };
  for_each_line(text, [&](std::uint32_t number, std::string_view line) {
    if (logical_line == 0) logical_line = number;
    if (line.ends_with('\\')) {
      logical.append(line.substr(0, line.size() - 1));
      return;
    }
    logical.append(line);
    finish();
  });
  if (logical_line != 0) finish();
  return lines;
}

bool DeclaredDependencies::complete() const {
  return any_file && unknown.empty() && transitive;
}

namespace {

struct FileDeclarations {
  std::string path;  // normalised
  DeclaredDependencies declared;
  bool pyproject = false;
};

// The names `file` declares with those of the files it includes (`-r`), transitively.
void closure(const std::vector<FileDeclarations>& files, const std::string& path,
             std::set<std::string>& visited, std::set<std::string>& names) {
  if (!visited.insert(path).second) return;
  for (const FileDeclarations& file : files) {
    if (file.path != path) continue;
    names.insert(file.declared.names.begin(), file.declared.names.end());
    for (const std::string& included : file.declared.includes) {
      closure(files, included, visited, names);
    }
  }
}

}  // namespace

DeclaredDependencies read_declared_dependencies(std::span<const VersionSource> files) {
  DeclaredDependencies out;
  std::set<std::string> paths;
  for (const VersionSource& file : files) paths.insert(normal_path(file.path));
  std::vector<FileDeclarations> read;
  bool lock = false;
  for (const VersionSource& file : files) {
    const std::string_view name = base_name(file.path);
    FileDeclarations entry{normal_path(file.path), {}, name == "pyproject.toml"};
    DeclaredDependencies& one = entry.declared;
    if (name == "pyproject.toml") {
      scan_pyproject(file.path, file.text, one);
      one.any_file = !one.names.empty() || !one.unknown.empty();
    } else if (name == "poetry.lock") {
      one.any_file = true;
      lock = true;
      scan_poetry_lock(file.path, file.text, one);
    } else if (name == "Pipfile" || name == "Pipfile.lock" || name == "setup.cfg") {
      one.any_file = true;
      one.unknown.push_back(std::string(file.path) + " (not read)");
    } else if (name.ends_with(".txt")) {
      one.any_file = true;
      scan_requirements_txt(file.path, file.text, paths, one);
    }
    out.any_file = out.any_file || one.any_file;
    out.names.insert(one.names.begin(), one.names.end());
    out.unknown.insert(out.unknown.end(), one.unknown.begin(), one.unknown.end());
    read.push_back(std::move(entry));
  }
  // Complete when some declaration installs Django and every one that does (with its includes)
  // lists sqlparse too; pyproject.toml's top-level list does not count beside a poetry.lock.
  bool django = false;
  bool transitive = true;
  for (const FileDeclarations& file : read) {
    if (file.pyproject && lock) continue;
    std::set<std::string> visited;
    std::set<std::string> names;
    closure(read, file.path, visited, names);
    if (!names.contains("django")) continue;
    django = true;
    transitive = transitive && names.contains("sqlparse");
  }
  out.transitive = django && transitive;
  return out;
}

bool add_pip_install_names(std::string_view command, DeclaredDependencies& declared) {
  bool plain = true;
  // Words of the command, shell separators as words of their own.
  std::vector<std::string> words;
  std::string word;
  auto flush = [&]() {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (const char c : command) {
    if (is_space(c)) {
      flush();
    } else if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
      flush();
      words.emplace_back(1, c);
    } else if (c != '"' && c != '\'') {
      word += c;
    }
  }
  flush();
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string_view tool = base_name(words[i]);
    const bool pip = tool == "pip" || tool == "pip3" || tool.starts_with("pip3.");
    const bool adds = (pip && words[i + 1] == "install") ||
                      ((tool == "poetry" || tool == "uv") && words[i + 1] == "add") ||
                      (tool == "pipenv" && words[i + 1] == "install");
    if (!adds) continue;
    for (std::size_t k = i + 2; k < words.size(); ++k) {
      const std::string& argument = words[k];
      if (argument.size() == 1 &&
          std::string_view(";&|()").find(argument[0]) != std::string_view::npos) {
        break;
      }
      if (argument.starts_with('-')) {
        // Options with a separate value: the value is not a package.
        for (const std::string_view with_value : {"-r",
                                                  "--requirement",
                                                  "-c",
                                                  "--constraint",
                                                  "-e",
                                                  "--editable",
                                                  "-i",
                                                  "--index-url",
                                                  "--extra-index-url",
                                                  "-f",
                                                  "--find-links",
                                                  "-t",
                                                  "--target",
                                                  "--prefix",
                                                  "--root",
                                                  "--trusted-host",
                                                  "--platform",
                                                  "--python-version",
                                                  "--only-binary",
                                                  "--no-binary",
                                                  "--group",
                                                  "-G"}) {
          if (argument == with_value) {
            if ((argument == "-e" || argument == "--editable") && k + 1 < words.size()) {
              if (auto egg = egg_name(words[k + 1])) {
                declared.names.insert(std::move(*egg));
              } else {
                plain = false;
              }
            }
            ++k;
            break;
          }
        }
        continue;
      }
      if (auto name = requirement_name(argument); name && argument.find('/') == std::string::npos) {
        declared.names.insert(std::move(*name));
      } else if (auto egg = egg_name(argument)) {
        declared.names.insert(std::move(*egg));
      } else {
        plain = false;  // a path, a URL, a wheel file, a variable
      }
    }
  }
  return plain;
}

bool import_declared(std::string_view module, const std::set<std::string>& names) {
  const std::string top(module.substr(0, module.find('.')));
  const std::string normal = normalize_distribution(top);
  if (names.contains(normal)) return true;
  for (const auto& [import_name, distribution] : kAliases) {
    if (import_name == top && names.contains(std::string(distribution))) return true;
  }
  const std::string short_name = squashed(top);
  for (const std::string& name : names) {
    const std::string other = squashed(name);
    // The import name inside the distribution's (`jwt` in pyjwt, `environ` in django-environ).
    if (short_name.size() >= 3 && other.find(short_name) != std::string::npos) return true;
    // The distribution's inside the import name (`djangofilter` in `django_filters`), unless the
    // distribution is an umbrella every `django_x` or `py_x` name contains.
    if (other.size() >= 4 && !umbrella(other) && short_name.find(other) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool installer_module(std::string_view top_level) {
  return top_level == "pip" || top_level == "setuptools" || top_level == "pkg_resources" ||
         top_level == "wheel" || top_level == "_distutils_hack" || top_level == "distutils";
}

}  // namespace preflight::django
