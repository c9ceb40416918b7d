#include "project/settings_modules.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "deploy/env_file.h"
#include "django/python_values.h"
#include "django/symbols.h"
#include "python/ast.h"

namespace preflight::project {
namespace {

namespace settings = django::settings;

constexpr std::string_view kVariable = "DJANGO_SETTINGS_MODULE";

bool is_dotted_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

// Words of a dotted name that mark a deployed environment (issue 6: production-like).
bool has_production_part(std::string_view name) {
  static constexpr std::string_view kWords[] = {"prod",  "production", "staging",
                                                "stage", "uat",        "live"};
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    std::string_view part = name.substr(start, dot - start);
    // `settings_prod`, `prod_settings`: the words of a part count too.
    std::size_t word_start = 0;
    while (word_start <= part.size()) {
      std::size_t underscore = part.find('_', word_start);
      if (underscore == std::string_view::npos) underscore = part.size();
      const std::string_view word = part.substr(word_start, underscore - word_start);
      for (const std::string_view production : kWords) {
        if (word == production) return true;
      }
      word_start = underscore + 1;
    }
    start = dot + 1;
  }
  return false;
}

// The span of `name` where it is written inside a command that starts at `span`.
Span span_in_file(const SourceFile& source, FileId id, const Span& span, std::string_view name) {
  const std::string& text = source.text();
  const std::size_t at = text.find(name, span.begin);
  if (at == std::string::npos || at > span.begin + 65536) return span;
  return source.span(id, static_cast<std::uint32_t>(at),
                     static_cast<std::uint32_t>(at + name.size()));
}

class Finder {
 public:
  explicit Finder(std::span<const django::ModuleSource> sources) : sources_(sources) {}

  void add(std::string name, SettingsUse use) {
    if (name.empty()) return;
    auto [it, added] = index_.emplace(name, modules_.size());
    if (added) {
      SettingsModule module;
      module.name = std::move(name);
      modules_.push_back(std::move(module));
    }
    modules_[it->second].uses.push_back(std::move(use));
  }

  void add_entry_points() {
    for (const django::ModuleSource& source : sources_) {
      if (!source.tree || !source.source) continue;
      const std::string_view file =
          std::string_view(source.path).substr(source.path.rfind('/') + 1);
      if (file != "manage.py" && file != "wsgi.py" && file != "asgi.py") continue;
      const std::string where = fmt::format("{} default", source.path);
      visit(*source.tree, source, where);
    }
  }

  void add_commands(const std::vector<deploy::Command>& commands, const SourceFile& file, FileId id,
                    const std::string& where) {
    for (const deploy::Command& command : commands) {
      for (const auto& [name, offset] : settings_in_command(command.text)) {
        add(name, SettingsUse{SettingsUse::Kind::Deployment, where,
                              span_in_file(file, id, command.span, name)});
      }
    }
  }

  void add_env(const std::vector<deploy::EnvVar>& env, const std::string& where) {
    for (const deploy::EnvVar& var : env) {
      if (var.name != kVariable || !var.value) continue;
      add(*var.value, SettingsUse{SettingsUse::Kind::Deployment, where, var.span});
    }
  }

  std::vector<SettingsModule> take() { return std::move(modules_); }
  bool empty() const { return modules_.empty(); }

 private:
  // `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "M")` and
  // `os.environ["DJANGO_SETTINGS_MODULE"] = "M"` anywhere in an entry point.
  void visit(const python::Node& node, const django::ModuleSource& source,
             const std::string& where) {
    if (node.kind == python::Kind::Call) {
      const python::Node* function = node.get("func").node;
      const auto arguments = django::positional_arguments(node);
      if (function && function->kind == python::Kind::Attribute &&
          function->get("attr").text == "setdefault" && arguments.size() == 2 &&
          django::string_value(arguments[0]) == kVariable) {
        if (const auto name = django::string_value(arguments[1])) {
          add(std::string(*name),
              SettingsUse{SettingsUse::Kind::EntryPoint, where,
                          django::node_span(*source.source, source.file, *arguments[1])});
        }
      }
    } else if (node.kind == python::Kind::Assign) {
      const python::Node* value = node.get("value").node;
      for (const python::Node* target : django::list_field(node, "targets")) {
        if (target && target->kind == python::Kind::Subscript &&
            django::string_value(target->get("slice").node) == kVariable) {
          if (const auto name = django::string_value(value)) {
            add(std::string(*name),
                SettingsUse{SettingsUse::Kind::EntryPoint, where,
                            django::node_span(*source.source, source.file, *value)});
          }
        }
      }
    }
    python::for_each_child(node, [&](const python::Node& child) { visit(child, source, where); });
  }

  std::span<const django::ModuleSource> sources_;
  std::map<std::string, std::size_t> index_;
  std::vector<SettingsModule> modules_;
};

bool looks_like_settings(const django::ModuleSource& source) {
  const std::string& path = source.path;
  return path == "settings.py" || path.ends_with("/settings.py") || path.starts_with("settings/") ||
         path.find("/settings/") != std::string::npos;
}

// Settings modules of the tree that no other one star-imports: the modules a project runs.
std::vector<std::string> discovered_settings(std::span<const django::ModuleSource> sources,
                                             const django::ModuleTable& table,
                                             const settings::EvaluationOptions& evaluation) {
  std::vector<std::string> candidates;
  std::set<std::string> imported;
  for (const django::ModuleTable::Module& module : table.modules()) {
    if (!module.source || !module.source->tree || !looks_like_settings(*module.source)) continue;
    const settings::SettingsResult result =
        settings::evaluate_settings(sources, module.name, evaluation);
    if (!result.find("INSTALLED_APPS") && !result.find("MIDDLEWARE") &&
        !result.find("ROOT_URLCONF")) {
      continue;
    }
    candidates.push_back(module.name);
    imported.insert(module.star_imports.begin(), module.star_imports.end());
  }
  std::erase_if(candidates, [&](const std::string& name) { return imported.count(name) > 0; });
  return candidates;
}

ProductionLike debug_production(const settings::SettingsResult& result, std::string& reason) {
  const settings::Setting* debug = result.find("DEBUG");
  if (!debug) {
    reason = "DEBUG is not set (False)";
    return ProductionLike::Yes;
  }
  const std::optional<bool> truth = debug->value.truth();
  if (!truth) {
    reason = fmt::format("DEBUG may be False ({})", settings::repr(debug->value));
    return ProductionLike::May;
  }
  if (!*truth) {
    reason = "DEBUG is False";
    return ProductionLike::Yes;
  }
  reason = "DEBUG is True";
  return ProductionLike::No;
}

// The literal variables the containers that run `name` set: a Dockerfile whose ENV names it,
// and compose services that name it (compose overrides the image's ENV). A variable two
// containers set differently is left unknown.
// A compose service's environment: its `env_file`s that are in the repository, in order, then
// `environment`, each later one overriding (as compose does). A file that is not there (kept on
// the server, or ignored by git) adds nothing: its variables stay unknown.
std::vector<deploy::EnvVar> service_environment(const deploy::ComposeService& service,
                                                const std::filesystem::path& compose_dir,
                                                std::vector<std::string>& read_files) {
  std::map<std::string, deploy::EnvVar> by_name;
  std::vector<std::string> order;
  auto set = [&](deploy::EnvVar var) {
    if (by_name.count(var.name) == 0) order.push_back(var.name);
    by_name[var.name] = std::move(var);
  };
  for (const deploy::EnvFileRef& ref : service.env_files) {
    const std::filesystem::path path = compose_dir / ref.path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) ||
        std::filesystem::file_size(path, ec) > std::uintmax_t{1} << 20) {
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const deploy::EnvFileParse parsed = deploy::parse_env_file(text.str());
    if (parsed.error) continue;  // compose refuses it; the variables stay unknown
    read_files.push_back(ref.path);
    for (const deploy::EnvFileEntry& entry : parsed.entries) {
      deploy::EnvVar var;
      var.name = entry.name;
      // Compose interpolates `${X}` in env files too.
      if (entry.value.find('$') == std::string::npos) var.value = entry.value;
      var.span = ref.span;
      set(std::move(var));
    }
  }
  for (const deploy::EnvVar& var : service.environment) set(var);
  std::vector<deploy::EnvVar> out;
  for (const std::string& key : order) out.push_back(std::move(by_name[key]));
  return out;
}

settings::Environment container_environment(const std::string& name,
                                            const DeploymentFiles& deployment,
                                            const SourceMap& files,
                                            std::vector<std::string>& from) {
  std::map<std::string, std::optional<std::string>> image;
  std::map<std::string, std::optional<std::string>> services;
  auto names_module = [&](const std::vector<deploy::EnvVar>& env) {
    const deploy::EnvVar* var = deploy::find_env(env, std::string(kVariable));
    return var && var->value == name;
  };
  auto merge = [](std::map<std::string, std::optional<std::string>>& into,
                  const std::vector<deploy::EnvVar>& env) {
    for (const deploy::EnvVar& var : env) {
      const auto [it, added] = into.emplace(var.name, var.value);
      if (!added && it->second != var.value) it->second = std::nullopt;
    }
  };
  for (const deploy::Dockerfile& dockerfile : deployment.dockerfiles) {
    if (!names_module(dockerfile.env)) continue;
    merge(image, dockerfile.env);
    from.push_back(files.file(dockerfile.file).path().filename().string() + " ENV");
  }
  for (const deploy::ComposeFile& compose : deployment.compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      if (!names_module(service.environment)) continue;
      std::vector<std::string> read_files;
      merge(services, service_environment(service, files.file(compose.file).path().parent_path(),
                                          read_files));
      std::string env_files;
      for (const std::string& file : read_files) env_files += ", env_file " + file;
      from.push_back(fmt::format("{} service `{}`{}",
                                 files.file(compose.file).path().filename().string(), service.name,
                                 env_files));
    }
  }
  for (const deploy::KubernetesManifest& manifest : deployment.kubernetes) {
    for (const deploy::KubernetesContainer& container : manifest.containers) {
      if (!names_module(container.env)) continue;
      merge(services, container.env);
      from.push_back(fmt::format("{} {} container `{}`",
                                 files.file(manifest.file).path().filename().string(),
                                 container.workload, container.name));
    }
  }
  for (auto& [key, value] : services) image[key] = value;
  settings::Environment environment;
  for (const auto& [key, value] : image) {
    if (value) environment.variables[key] = *value;
  }
  return environment;
}

// Which files of the project the deployment ships (issue 6: a decouple settings.ini or .env
// counts only then). A Dockerfile's build context is taken as its folder; a file is shipped when
// a COPY or ADD of the final stage (not `--from` another stage or image) names it, or a folder
// holding it, or a pattern matching either, and the context's .dockerignore does not exclude it
// (Docker's rules: the last matching pattern decides, `!` re-includes, a pattern matching a
// parent folder matches its files, `**` any number of folders).

// A Go filepath.Match pattern (with .dockerignore's `**`) as a regular expression.
std::string glob_regex(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '*' && i + 1 < pattern.size() && pattern[i + 1] == '*') {
      ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == '/') {
        ++i;
        out += "(.*/)?";
      } else {
        out += ".*";
      }
    } else if (c == '*') {
      out += "[^/]*";
    } else if (c == '?') {
      out += "[^/]";
    } else if (c == '[') {
      const std::size_t close = pattern.find(']', i + 1);
      if (close == std::string_view::npos) return "(?!)";  // malformed: matches nothing
      std::string set(pattern.substr(i + 1, close - i - 1));
      if (!set.empty() && (set[0] == '^' || set[0] == '!')) set[0] = '^';
      out += "[" + set + "]";
      i = close;
    } else if (c == '\\' && i + 1 < pattern.size()) {
      out += '\\';
      out += pattern[++i];
    } else {
      if (std::string_view(".+()|{}^$").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

// `path` (relative, '/'-separated) or one of its parent folders matches `pattern`.
bool matches_or_parent(std::string pattern, const std::string& path) {
  while (pattern.starts_with("./")) pattern.erase(0, 2);
  while (pattern.starts_with('/')) pattern.erase(0, 1);
  while (pattern.size() > 1 && pattern.ends_with('/')) pattern.pop_back();
  if (pattern.empty() || pattern == ".") return true;
  std::regex expression;
  try {
    expression = std::regex(glob_regex(pattern));
  } catch (const std::regex_error&) {
    return false;
  }
  for (std::size_t end = path.find('/'); end != std::string::npos; end = path.find('/', end + 1)) {
    if (std::regex_match(path.substr(0, end), expression)) return true;
  }
  return std::regex_match(path, expression);
}

std::string read_small_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) ||
      std::filesystem::file_size(path, ec) > std::uintmax_t{1} << 20) {
    return "";
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The sources of a COPY or ADD (its arguments without flags and destination); empty when it
// copies from another stage or image, or a heredoc.
std::vector<std::string> copy_sources(const deploy::DockerInstruction& instruction) {
  std::vector<std::string> words;
  std::string_view text = instruction.arguments;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) {
    if (words.empty() && word.starts_with("--")) {
      if (word.starts_with("--from")) return {};
      continue;
    }
    words.push_back(word);
  }
  if (!words.empty() && words[0].starts_with('[')) {
    // The JSON form: ["src", ..., "dest"].
    words.clear();
    const std::size_t open = text.find('[');
    for (std::size_t at = text.find('"', open); at != std::string_view::npos;) {
      const std::size_t end = text.find('"', at + 1);
      if (end == std::string_view::npos) break;
      words.emplace_back(text.substr(at + 1, end - at - 1));
      at = text.find('"', end + 1);
    }
  }
  if (words.size() < 2) return {};
  words.pop_back();  // the destination
  std::erase_if(words, [](const std::string& word) {
    return word.starts_with("<<") || word.find("://") != std::string::npos ||
           word.starts_with("git@");
  });
  return words;
}

bool dockerfile_ships(const deploy::Dockerfile& dockerfile, const SourceMap& files,
                      const std::filesystem::path& file) {
  const std::filesystem::path context =
      std::filesystem::absolute(files.file(dockerfile.file).path())
          .lexically_normal()
          .parent_path();
  const std::filesystem::path relative = file.lexically_relative(context);
  if (relative.empty() || *relative.begin() == "..") return false;
  const std::string path = relative.generic_string();
  // The final stage's instructions.
  auto begin = dockerfile.instructions.begin();
  for (auto it = dockerfile.instructions.begin(); it != dockerfile.instructions.end(); ++it) {
    if (it->keyword == "FROM") begin = it;
  }
  bool copied = false;
  for (auto it = begin; it != dockerfile.instructions.end() && !copied; ++it) {
    if (it->keyword != "COPY" && it->keyword != "ADD") continue;
    for (const std::string& source : copy_sources(*it)) {
      if (matches_or_parent(source, path)) copied = true;
    }
  }
  if (!copied) return false;
  bool ignored = false;
  std::istringstream ignore(read_small_file(context / ".dockerignore"));
  for (std::string line; std::getline(ignore, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first, line.find_last_not_of(" \t") - first + 1);
    const bool exception = line.starts_with('!');
    if (exception) line.erase(0, 1);
    if (matches_or_parent(line, path)) ignored = !exception;
  }
  return !ignored;
}

}  // namespace

bool SettingsModule::named_by_deployment() const {
  return std::any_of(uses.begin(), uses.end(), [](const SettingsUse& use) {
    return use.kind == SettingsUse::Kind::Deployment;
  });
}

namespace {

std::vector<std::pair<std::string, std::size_t>> settings_names(std::string_view text,
                                                                bool yaml_forms) {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const std::string_view marker : {std::string_view("--settings"), kVariable}) {
    for (std::size_t at = text.find(marker); at != std::string_view::npos;
         at = text.find(marker, at + 1)) {
      std::size_t i = at + marker.size();
      if (i < text.size() && is_dotted_char(text[i])) continue;  // a longer word
      const bool separator =
          i < text.size() && (text[i] == '=' || (marker == "--settings" && text[i] == ' ') ||
                              (yaml_forms && (text[i] == ':' || text[i] == ' ')));
      if (!separator) continue;
      ++i;
      while (yaml_forms && i < text.size() && text[i] == ' ') ++i;
      if (i < text.size() && (text[i] == '"' || text[i] == '\'')) ++i;
      const std::size_t begin = i;
      while (i < text.size() && is_dotted_char(text[i])) ++i;
      if (i > begin) out.emplace_back(std::string(text.substr(begin, i - begin)), begin);
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::size_t>> settings_in_command(std::string_view text) {
  return settings_names(text, false);
}

std::vector<std::pair<std::string, std::size_t>> settings_named_in_text(std::string_view text) {
  return settings_names(text, true);
}

std::vector<SettingsModule> find_settings_modules(std::span<const django::ModuleSource> sources,
                                                  const django::ModuleTable& table,
                                                  const DeploymentFiles& deployment,
                                                  const SourceMap& files, const Config& config,
                                                  const settings::EvaluationOptions& given) {
  settings::EvaluationOptions evaluation = given;
  if (!evaluation.shipped && !given.file_root.empty()) {
    const std::filesystem::path root =
        std::filesystem::absolute(given.file_root).lexically_normal();
    const std::vector<deploy::Dockerfile>& dockerfiles = deployment.dockerfiles;
    evaluation.shipped = [root, &dockerfiles, &files](const std::string& path) {
      const std::filesystem::path file = (root / path).lexically_normal();
      return std::any_of(dockerfiles.begin(), dockerfiles.end(), [&](const auto& dockerfile) {
        return dockerfile_ships(dockerfile, files, file);
      });
    };
  }
  Finder finder(sources);
  if (config.django.settings) {
    finder.add(*config.django.settings,
               SettingsUse{SettingsUse::Kind::Config, "[tool.preflight.django] settings", {}});
  }
  finder.add_entry_points();
  for (const deploy::Dockerfile& dockerfile : deployment.dockerfiles) {
    const SourceFile& file = files.file(dockerfile.file);
    const std::string path = file.path().filename().string();
    finder.add_env(dockerfile.env, fmt::format("{} ENV", path));
    finder.add_commands(dockerfile.run, file, dockerfile.file, fmt::format("{} RUN", path));
    finder.add_commands(dockerfile.start, file, dockerfile.file, fmt::format("{} CMD", path));
  }
  for (const deploy::ComposeFile& compose : deployment.compose_files) {
    const SourceFile& file = files.file(compose.file);
    for (const deploy::ComposeService& service : compose.services) {
      const std::string where =
          fmt::format("{} service `{}`", file.path().filename().string(), service.name);
      finder.add_env(service.environment, where);
      for (const auto* command : {&service.command, &service.entrypoint}) {
        if (*command) finder.add_commands({**command}, file, compose.file, where);
      }
    }
  }
  for (const deploy::Workflow& workflow : deployment.workflows) {
    const SourceFile& file = files.file(workflow.file);
    const std::string path = file.path().filename().string();
    finder.add_env(workflow.env, fmt::format("workflow {} env", path));
    for (const deploy::WorkflowJob& job : workflow.jobs) {
      const std::string where = fmt::format("workflow {} job `{}`", path, job.id);
      finder.add_env(job.env, where);
      for (const deploy::WorkflowStep& step : job.steps) {
        finder.add_env(step.env, where);
        if (step.run) finder.add_commands({*step.run}, file, workflow.file, where);
        for (const deploy::WorkflowInput& input : step.with) {
          if (input.name == "script") {
            finder.add_commands({input.as_command()}, file, workflow.file, where);
          }
        }
      }
    }
  }
  for (const deploy::KubernetesManifest& manifest : deployment.kubernetes) {
    const SourceFile& file = files.file(manifest.file);
    for (const deploy::KubernetesContainer& container : manifest.containers) {
      const std::string where = fmt::format("{} {} container `{}`", file.path().filename().string(),
                                            container.workload, container.name);
      finder.add_env(container.env, where);
      if (container.command) finder.add_commands({*container.command}, file, manifest.file, where);
    }
  }
  if (finder.empty()) {
    for (std::string& name : discovered_settings(sources, table, evaluation)) {
      finder.add(
          std::move(name),
          SettingsUse{SettingsUse::Kind::Discovered, "a settings module no other one imports", {}});
    }
  }

  std::vector<SettingsModule> modules = finder.take();
  std::sort(modules.begin(), modules.end(),
            [](const SettingsModule& a, const SettingsModule& b) { return a.name < b.name; });
  for (SettingsModule& module : modules) {
    if (evaluation.environment.complete) {
      module.settings = settings::evaluate_settings(sources, module.name, evaluation);
    } else {
      settings::EvaluationOptions in_container = evaluation;
      const settings::Environment container =
          container_environment(module.name, deployment, files, module.environment_from);
      for (const auto& [key, value] : container.variables) {
        in_container.environment.variables.emplace(key, value);  // `--env` wins
      }
      module.settings = settings::evaluate_settings(sources, module.name, in_container);
    }
    for (const django::ModuleSource& source : sources) {
      if (source.module_name == module.name) module.file = source.file;
    }
    if (module.named_by_deployment()) {
      const auto use = std::find_if(module.uses.begin(), module.uses.end(), [](const auto& u) {
        return u.kind == SettingsUse::Kind::Deployment;
      });
      module.production = ProductionLike::Yes;
      module.production_reason = "named by " + use->where;
    } else if (has_production_part(module.name)) {
      module.production = ProductionLike::Yes;
      module.production_reason = "its name says so";
    } else {
      module.production = debug_production(module.settings, module.production_reason);
    }
  }
  return modules;
}

}  // namespace preflight::project
