// The files of variables the environment libraries read besides os.environ. python-decouple's
// `config` takes a variable missing from os.environ from the first settings.ini or .env found
// from the calling module's folder up to (not including) the root, parsed as decouple does
// (RepositoryEnv: `KEY=VALUE` lines, surrounding quotes stripped, `#` comments; RepositoryIni:
// configparser's section [settings], keys case-insensitive); whether that file counts is the
// deployment's answer (EvaluationOptions::shipped). django-environ's read_env loads a .env file
// (by default next to the calling module) into os.environ without overriding what is set; its
// contents are not read: a variable the given environment lacks becomes unknown when such a
// file exists. Without `file_root` (no files to look at) they are taken as absent.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/ascii.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

namespace {

namespace fs = std::filesystem;

using Variables = std::map<std::string, std::optional<std::string>>;

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string strip(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\n\r\f\v");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\n\r\f\v");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// decouple's RepositoryEnv: each stripped line that is not empty, not a `#` comment and holds
// `=` is KEY=VALUE, both stripped, one pair of matching quotes around the value removed.
Variables parse_env(const std::string& text) {
  Variables out;
  for (const std::string& raw : lines_of(text)) {
    const std::string line = strip(raw);
    if (line.empty() || line.starts_with('#') || line.find('=') == std::string::npos) continue;
    const std::size_t equals = line.find('=');
    std::string value = strip(std::string_view(line).substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out[strip(std::string_view(line).substr(0, equals))] = value;
  }
  return out;
}

// decouple's RepositoryIni: configparser's reading of section [settings] (and [DEFAULT]), keys
// lower-cased. A value with `%` (interpolated on reading) or continued on indented lines is not
// known; what configparser refuses (an option before any section, a line without a delimiter,
// a duplicate) makes the whole file nullopt.
std::optional<Variables> parse_ini(const std::string& text) {
  std::map<std::string, Variables> sections;
  std::string section;
  bool in_section = false;
  std::string last_key;
  for (const std::string& raw : lines_of(text)) {
    const std::string line = strip(raw);
    if (line.empty() || line.starts_with('#') || line.starts_with(';')) continue;
    if (!raw.empty() && std::isspace(static_cast<unsigned char>(raw[0])) && !last_key.empty()) {
      sections[section][last_key] = std::nullopt;  // a continuation line
      continue;
    }
    if (line.starts_with('[') && line.ends_with(']') && line.size() > 2) {
      section = line.substr(1, line.size() - 2);
      if (sections.count(section) && section != "DEFAULT") return std::nullopt;
      sections[section];
      in_section = true;
      last_key.clear();
      continue;
    }
    if (!in_section) return std::nullopt;
    const std::size_t delimiter = line.find_first_of("=:");
    if (delimiter == std::string::npos) return std::nullopt;
    const std::string key = ascii_lower(strip(std::string_view(line).substr(0, delimiter)));
    if (key.empty()) return std::nullopt;
    Variables& values = sections[section];
    if (values.count(key)) return std::nullopt;
    const std::string value = strip(std::string_view(line).substr(delimiter + 1));
    values[key] = value.find('%') == std::string::npos ? std::optional(value) : std::nullopt;
    last_key = key;
  }
  const auto settings = sections.find("settings");
  if (settings == sections.end()) return Variables{};
  Variables out = sections["DEFAULT"];
  for (const auto& [key, value] : settings->second) out[key] = value;
  return out;
}

}  // namespace

std::optional<Interpreter::RepositoryRead> Interpreter::decouple_read(const Value& config,
                                                                      const Frame& frame,
                                                                      const std::string& key) {
  if (options_.file_root.empty()) return std::nullopt;
  // Config(RepositoryEnv(...)) and AutoConfig(search_path=...) read files not followed here.
  if (config.kind == Value::Kind::Object && !config.entries.empty()) {
    return RepositoryRead{"the configured repository", false, true, std::nullopt};
  }
  const ModuleSource* source = frame.module->module->source;
  if (!source) return std::nullopt;
  std::error_code error;
  const fs::path root = fs::path(options_.file_root).lexically_normal();
  fs::path folder = (root / folder_of(source->path)).lexically_normal();
  fs::path found;
  while (found.empty()) {
    for (const char* name : {"settings.ini", ".env"}) {
      if (fs::is_regular_file(folder / name, error)) {
        found = folder / name;
        break;
      }
    }
    if (!found.empty()) break;
    // decouple stops below the root folder.
    const fs::path parent = folder.parent_path();
    if (parent.empty() || parent == folder || parent == parent.root_path()) return std::nullopt;
    folder = parent;
  }
  const std::string path = found.string();
  auto cached = repositories_.find(path);
  if (cached == repositories_.end()) {
    std::optional<Variables> parsed;
    if (fs::file_size(found, error) <= (std::uintmax_t{1} << 20) && !error) {
      std::ifstream in(found, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      parsed =
          found.filename() == ".env" ? std::optional(parse_env(text.str())) : parse_ini(text.str());
    }
    cached = repositories_.emplace(path, std::move(parsed)).first;
  }
  RepositoryRead read;
  const fs::path relative = found.lexically_relative(root);
  const bool inside = !relative.empty() && *relative.begin() != "..";
  read.file = inside ? relative.generic_string() : path;
  read.shipped = inside && options_.shipped && options_.shipped(read.file);
  if (!cached->second) {
    read.defines = true;  // not read: it may define anything
    return read;
  }
  const std::string lookup = found.filename() == ".env" ? key : ascii_lower(key);
  if (const auto it = cached->second->find(lookup); it != cached->second->end()) {
    read.defines = true;
    read.value = it->second;
  }
  return read;
}

void Interpreter::read_dotenv(const Arguments& args, const Frame& frame) {
  const Value* file = args.get(0, "env_file");
  std::string path;
  if (file && file->kind == Value::Kind::Str && file->text.starts_with("/")) {
    path = file->text;
  } else if (!file || file->kind == Value::Kind::None) {
    if (options_.file_root.empty()) return;
    const ModuleSource* source = frame.module->module->source;
    if (!source) return;
    path = options_.file_root + "/" + folder_of(source->path);
    path += path.ends_with("/") ? ".env" : "/.env";
  } else {
    env_.open_absent("a file of variables read_env may have loaded");
    return;
  }
  std::error_code error;
  if (fs::exists(path, error) || error) env_.open_absent("may be set in " + path);
}

}  // namespace preflight::django::settings
