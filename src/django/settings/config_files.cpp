// The files of variables the environment libraries read besides os.environ. python-decouple's
// `config` takes a variable missing from os.environ from the first settings.ini or .env found
// from the calling module's folder up to the root; django-environ's read_env loads a .env file
// (by default next to the calling module) into os.environ without overriding what is set. Their
// contents are not read: a variable the given environment lacks becomes unknown when such a file
// exists. Without `file_root` (no files to look at) they are taken as absent.
#include <filesystem>

#include "django/settings/interpreter.h"

namespace preflight::django::settings {

namespace {

namespace fs = std::filesystem;

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

}  // namespace

std::optional<std::string> Interpreter::decouple_repository(const Value& config,
                                                            const Frame& frame) {
  if (options_.file_root.empty()) return std::nullopt;
  // Config(RepositoryEnv(...)) and AutoConfig(search_path=...) read files not followed here.
  if (config.kind == Value::Kind::Object && !config.entries.empty()) {
    return std::string("the configured repository");
  }
  const ModuleSource* source = frame.module->module->source;
  if (!source) return std::nullopt;
  std::error_code error;
  fs::path folder = fs::path(options_.file_root) / folder_of(source->path);
  while (true) {
    for (const char* name : {"settings.ini", ".env"}) {
      if (fs::exists(folder / name, error)) return (folder / name).string();
    }
    if (!folder.has_parent_path() || folder.parent_path() == folder) return std::nullopt;
    folder = folder.parent_path();
  }
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
