#include "project/project.h"

#include "project/effective_settings.h"

#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/parallel.h"
#include "django/symbols.h"
#include "django/target_version.h"

namespace preflight::project {

int python_minor_version(const Config& config) {
  constexpr int kDefaultMinor = 11;
  if (!config.target_version) return kDefaultMinor;
  // Validated by the configuration loader as "py3" followed by the minor version.
  const std::string& version = *config.target_version;
  return version.size() > 3 ? std::stoi(version.substr(3)) : kDefaultMinor;
}

namespace {

namespace fs = std::filesystem;

// Folders whose Python files Django itself loads, or that name what it loads (DESIGN.md "Files
// that matter"): app packages' models, migrations, urls, views and middleware, settings, and the
// entry points that pick the settings.
// Django also imports admin.py (admin.autodiscover), management commands, template tag
// libraries, and by convention signals and Celery tasks at start-up.
bool is_seed_component(std::string_view name) {
  for (const std::string_view prefix : {"models", "urls", "views", "middleware", "settings"}) {
    if (name.starts_with(prefix)) return true;
  }
  return name == "migrations" || name == "management" || name == "templatetags" ||
         name == "admin" || name == "signals" || name == "tasks" || name == "receivers" ||
         name == "checks";
}

bool is_seed(std::string_view path) {
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    std::string_view component = path.substr(start, slash - start);
    if (slash == std::string_view::npos) {
      if (component.ends_with(".py")) component.remove_suffix(3);
      return component == "__init__" || component == "manage" || component == "wsgi" ||
             component == "asgi" || component == "apps" || is_seed_component(component);
    }
    if (is_seed_component(component)) return true;
    start = slash + 1;
  }
}

// When the checked folder is itself inside packages (`preflight check backend/apps/billing`), its
// modules are named from the first ancestor that is not a package, as Python would name them:
// "apps/billing/" is prepended to paths used for module names.
std::string package_prefix(const fs::path& base) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::path dir = base; dir.has_relative_path() && fs::exists(dir / "__init__.py", ec);
       dir = dir.parent_path()) {
    names.insert(names.begin(), dir.filename().string());
    if (names.size() > 32) break;  // a loop of symbolic links cannot go on forever
  }
  std::string prefix;
  for (const std::string& name : names) prefix += name + "/";
  return prefix;
}

struct PythonCandidate {
  std::size_t found_index = 0;
  std::string path;  // relative to the checked folder
  std::string module_name;
  bool is_package = false;
};

// settings.AUTH_USER_MODEL for swappable dependencies: the value the settings modules that run
// agree on, Django's default when none sets it, unknown when they differ or compute it.
// The string value of a setting that the settings modules that set it agree on; nullopt when
// none sets it, they differ, or it is computed.
std::optional<std::string> agreed_setting(const std::vector<SettingsModule>& settings_modules,
                                          std::string_view name) {
  std::optional<std::string> agreed;
  for (const SettingsModule& module : settings_modules) {
    const auto* setting = module.settings.find(name);
    if (!setting) continue;
    if (setting->value.kind != django::settings::Value::Kind::Str ||
        (agreed && *agreed != setting->value.text)) {
      return std::nullopt;
    }
    agreed = setting->value.text;
  }
  return agreed;
}

django::migrations::GraphOptions migration_graph_options(
    const std::vector<SettingsModule>& settings_modules) {
  django::migrations::GraphOptions options;
  std::optional<std::string> agreed;
  for (const SettingsModule& module : settings_modules) {
    const auto* setting = module.settings.find("AUTH_USER_MODEL");
    if (!setting) continue;
    if (setting->value.kind != django::settings::Value::Kind::Str ||
        (agreed && *agreed != setting->value.text)) {
      options.auth_user_model = std::nullopt;
      return options;
    }
    agreed = setting->value.text;
  }
  if (agreed) options.auth_user_model = agreed;
  // MIGRATION_MODULES when every settings module that sets it sets the same literal dict.
  const django::settings::Value* modules = nullptr;
  for (const SettingsModule& module : settings_modules) {
    const auto* setting = module.settings.find("MIGRATION_MODULES");
    if (!setting) continue;
    if (modules && !(*modules == setting->value)) return options;
    modules = &setting->value;
  }
  if (modules && modules->kind == django::settings::Value::Kind::Dict) {
    for (const django::settings::Entry& entry : modules->entries) {
      if (entry.first.kind != django::settings::Value::Kind::Str) continue;
      if (entry.second.kind == django::settings::Value::Kind::Str) {
        options.migration_modules[entry.first.text] = entry.second.text;
      } else if (entry.second.kind == django::settings::Value::Kind::None) {
        options.migration_modules[entry.first.text] = std::nullopt;
      }
    }
  }
  return options;
}

}  // namespace

const django::urls::UrlConf* Project::url_conf(const SettingsModule& module) const {
  const auto* root_urlconf = module.settings.find("ROOT_URLCONF");
  if (!root_urlconf || root_urlconf->value.kind != django::settings::Value::Kind::Str) {
    return nullptr;
  }
  const auto it = url_confs_.find(root_urlconf->value.text);
  return it == url_confs_.end() ? nullptr : &it->second;
}

django::ModelOptions model_options_for(const Config& config) {
  django::ModelOptions options;
  if (config.django.version) {
    // Validated by the configuration loader as "MAJOR.MINOR".
    const std::string& version = *config.django.version;
    const std::size_t dot = version.find('.');
    options.django_version = django::DjangoVersion{std::stoi(version.substr(0, dot)),
                                                   std::stoi(version.substr(dot + 1))};
    options.django_version_source = "[tool.preflight.django] version";
  }
  if (config.django.engine) {
    if (const auto engine = django::engine_from_name(*config.django.engine)) {
      options.max_name_length = django::max_name_length(*engine);
    }
  }
  return options;
}

Project load_project(const std::filesystem::path& root, const Config& config, SourceMap& sources,
                     const LoadOptions& options) {
  DiscoveryOptions discovery;
  discovery.exclude = config.exclude.empty() ? default_excludes() : config.exclude;
  discovery.exclude.insert(discovery.exclude.end(), config.extend_exclude.begin(),
                           config.extend_exclude.end());
  discovery.pattern_base = config.root;
  discovery.max_file_size = config.max_file_size;
  discovery.all_files = options.all_files;

  const std::vector<DiscoveredFile> found = discover(root, discovery);
  const fs::path base = fs::is_directory(root) ? root : root.parent_path();
  const std::string prefix = package_prefix(base);

  // Python files by module name, from paths alone (packages are folders with __init__.py).
  std::vector<PythonCandidate> candidates;
  std::set<std::string> package_dirs;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].kind != FileKind::Python) continue;
    PythonCandidate candidate{i, prefix + display_path(found[i].path, base), "", false};
    candidate.is_package =
        candidate.path == "__init__.py" || candidate.path.ends_with("/__init__.py");
    if (candidate.is_package) package_dirs.insert(std::string(django::parent_dir(candidate.path)));
    candidates.push_back(std::move(candidate));
  }
  // The packages above the checked folder.
  for (std::size_t slash = prefix.find('/'); slash != std::string::npos;
       slash = prefix.find('/', slash + 1)) {
    package_dirs.insert(prefix.substr(0, slash));
  }
  std::map<std::string, std::size_t> candidate_by_module;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    candidates[c].module_name = django::dotted_module_name(candidates[c].path, package_dirs);
    candidate_by_module.emplace(candidates[c].module_name, c);
  }

  // Everything but Python is read; Python files are read and parsed in waves: the files that
  // matter, then the project modules they reference, until nothing new is referenced.
  std::vector<ReadResult> read(found.size());
  std::vector<bool> wanted(found.size(), false);
  for (std::size_t i = 0; i < found.size(); ++i) wanted[i] = found[i].kind != FileKind::Python;
  std::vector<std::size_t> wave;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    if (options.all_files || is_seed(candidates[c].path)) {
      wanted[candidates[c].found_index] = true;
      wave.push_back(c);
    }
  }
  std::vector<std::size_t> others;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].kind != FileKind::Python) others.push_back(i);
  }
  parallel_for(others.size(), options.jobs, [&](std::size_t k) {
    read[others[k]] = read_source(found[others[k]], config.max_file_size);
  });

  // Settings modules named by the configuration or by deployment files are parsed too, whatever
  // their names (`ops/container.py`).
  std::vector<std::string> named_settings;
  if (config.django.settings) named_settings.push_back(*config.django.settings);
  for (const std::size_t i : others) {
    if (!read[i].text) continue;
    const FileKind kind = found[i].kind;
    if (kind != FileKind::Dockerfile && kind != FileKind::Compose && kind != FileKind::Workflow &&
        kind != FileKind::Yaml) {
      continue;
    }
    for (auto& [name, offset] : settings_named_in_text(*read[i].text)) {
      named_settings.push_back(std::move(name));
    }
    // Kubernetes writes `{name: DJANGO_SETTINGS_MODULE, value: M}`: read the manifest.
    if (kind == FileKind::Yaml) {
      const SourceFile manifest_text(found[i].path, kind, *read[i].text);
      for (const deploy::KubernetesContainer& container :
           deploy::read_kubernetes(manifest_text, 0).containers) {
        const deploy::EnvVar* var = deploy::find_env(container.env, "DJANGO_SETTINGS_MODULE");
        if (var && var->value) named_settings.push_back(*var->value);
      }
    }
  }
  for (const std::string& name : named_settings) {
    const auto it = candidate_by_module.find(name);
    if (it == candidate_by_module.end()) continue;
    const std::size_t i = candidates[it->second].found_index;
    if (wanted[i]) continue;
    wanted[i] = true;
    wave.push_back(it->second);
  }

  const python::ParseOptions parse_options{python_minor_version(config)};
  std::vector<std::unique_ptr<python::ParsedModule>> parsed(found.size());
  while (!wave.empty()) {
    std::vector<std::vector<std::string>> references(wave.size());
    parallel_for(wave.size(), options.jobs, [&](std::size_t k) {
      const PythonCandidate& candidate = candidates[wave[k]];
      const std::size_t i = candidate.found_index;
      read[i] = read_source(found[i], config.max_file_size);
      if (!read[i].text) return;
      parsed[i] = python::parse_module(*read[i].text, parse_options);
      if (parsed[i]->module) {
        references[k] = django::referenced_module_names(*parsed[i]->module, candidate.module_name,
                                                        candidate.is_package);
      }
    });
    std::vector<std::size_t> next;
    for (const std::vector<std::string>& names : references) {
      for (const std::string& name : names) {
        const auto it = candidate_by_module.find(name);
        if (it == candidate_by_module.end()) continue;
        const std::size_t i = candidates[it->second].found_index;
        if (wanted[i]) continue;
        wanted[i] = true;
        next.push_back(it->second);
      }
    }
    wave = std::move(next);
  }

  Project project(root, config, sources);
  project.set_python_minor(parse_options.minor_version);
  std::vector<django::VersionSource> version_sources;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (!wanted[i]) continue;
    if (read[i].text) {
      const FileId id = sources.add(found[i].path, found[i].kind, std::move(*read[i].text));
      project.add_file(ProjectFile{id, found[i].kind});
      if (found[i].kind == FileKind::Python) {
        project.add_module(PythonModule{id, std::move(parsed[i])});
      }
    } else if (read[i].skipped) {
      const FileId id = sources.add(found[i].path, found[i].kind, std::string());
      project.add_skipped(SkippedProjectFile{id, std::move(*read[i].skipped)});
    }
  }
  for (const ProjectFile& file : project.files()) {
    const SourceFile& source = sources.file(file.id);
    const std::string name = source.path().filename().string();
    if (file.kind == FileKind::Requirements || name == "pyproject.toml") {
      version_sources.push_back(
          django::VersionSource{display_path(source.path(), base), source.text()});
    }
  }

  std::map<std::string, std::string> module_name_of_path;
  for (const PythonCandidate& candidate : candidates) {
    module_name_of_path.emplace(candidate.path, candidate.module_name);
  }
  std::vector<django::ModuleSource> module_sources;
  module_sources.reserve(project.modules().size());
  for (const PythonModule& module : project.modules()) {
    const SourceFile& file = sources.file(module.id);
    std::string path = prefix + display_path(file.path(), base);
    std::string module_name = module_name_of_path[path];
    module_sources.push_back(django::ModuleSource{
        module.id, std::move(path),
        module.parsed && !module.parsed->error ? module.parsed->module : nullptr, &file,
        std::move(module_name)});
  }
  auto table = std::make_unique<django::ModuleTable>(module_sources);
  django::ModelOptions model_options = model_options_for(config);
  const django::TargetVersion version =
      django::target_django_version(config.django.version, version_sources);
  model_options.django_version = version.version;
  model_options.django_version_source = version.source;
  if (options.django_version) {
    // Validated by the command line parser as "MAJOR.MINOR".
    const std::string& text = *options.django_version;
    const std::size_t dot = text.find('.');
    model_options.django_version =
        django::DjangoVersion{std::stoi(text.substr(0, dot)), std::stoi(text.substr(dot + 1))};
    model_options.django_version_source = "--django-version";
  }
  DeploymentFiles deployment;
  for (const ProjectFile& file : project.files()) {
    const SourceFile& source = sources.file(file.id);
    if (file.kind == FileKind::Dockerfile) {
      deployment.dockerfiles.push_back(deploy::read_dockerfile(source, file.id));
    } else if (file.kind == FileKind::Compose) {
      deployment.compose_files.push_back(deploy::read_compose(source, file.id));
    } else if (file.kind == FileKind::Workflow) {
      deployment.workflows.push_back(deploy::read_workflow(source, file.id));
    } else if (file.kind == FileKind::Yaml) {
      deploy::KubernetesManifest manifest = deploy::read_kubernetes(source, file.id);
      if (!manifest.containers.empty()) deployment.kubernetes.push_back(std::move(manifest));
    }
  }
  django::settings::EvaluationOptions evaluation;
  evaluation.environment = options.environment;
  std::error_code ec;
  evaluation.file_root = fs::absolute(base, ec).lexically_normal().string();
  std::vector<SettingsModule> settings_modules =
      find_settings_modules(module_sources, *table, deployment, sources, config, evaluation);

  // The database engine decides identifier limits: configuration first, then DATABASES.
  if (!config.django.engine) {
    if (const auto engine = default_database_engine(settings_modules)) {
      if (const auto known = django::engine_from_name(*engine)) {
        model_options.max_name_length = django::max_name_length(*known);
      }
    }
  }
  model_options.default_auto_field = agreed_setting(settings_modules, "DEFAULT_AUTO_FIELD");
  django::ProjectModels models = django::build_models(module_sources, model_options);
  mark_installed_apps(models, settings_modules);
  mark_tenant_schemas(models, settings_modules);
  project.set_migrations(django::migrations::load_migrations(
      module_sources, *table, models, migration_graph_options(settings_modules)));
  project.set_django(std::move(models), model_options);
  project.set_migration_states(django::migrations::replay_all(
      project.migrations(), project.django(), project.model_options()));
  std::map<std::string, django::urls::UrlConf> url_confs;
  for (const SettingsModule& module : settings_modules) {
    const auto* root_urlconf = module.settings.find("ROOT_URLCONF");
    if (!root_urlconf || root_urlconf->value.kind != django::settings::Value::Kind::Str) continue;
    const std::string& name = root_urlconf->value.text;
    if (url_confs.count(name)) continue;
    django::urls::UrlConf conf =
        django::urls::resolve_urls(*table, name, model_options.django_version);
    django::urls::mark_health_endpoints(conf, config.django.health_paths);
    url_confs.emplace(name, std::move(conf));
  }
  project.set_url_confs(std::move(url_confs));
  project.set_settings_modules(std::move(settings_modules));
  project.set_evaluation_options(std::move(evaluation));
  project.set_deployment(std::move(deployment));
  // After the move: the commands point at the project's own workflow jobs and steps.
  project.set_deployment_commands(find_deployment_commands(project.deployment(), sources));
  // The table points into the module sources: moving the vector keeps its elements in place.
  project.set_module_sources(std::move(module_sources), std::move(table));
  return project;
}

}  // namespace preflight::project
