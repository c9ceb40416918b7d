// The project model every rule reads. For now: the files of one checked tree, those skipped, and
// every Python module parsed; the Django and deployment models join here as their layers arrive.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/discovery.h"
#include "core/source.h"
#include "django/migrations/migrations.h"
#include "django/migrations/state.h"
#include "django/models.h"
#include "django/settings/environment.h"
#include "django/symbols.h"
#include "django/urls/urls.h"
#include "project/deployment_commands.h"
#include "project/settings_modules.h"
#include "python/parser.h"

namespace preflight::project {

struct ProjectFile {
  FileId id;
  FileKind kind;
};

struct SkippedProjectFile {
  FileId id;  // an empty SourceFile, so that findings can point at the path
  SkippedFile skipped;
};

// A Python file and its syntax tree (or its syntax error).
struct PythonModule {
  FileId id;
  std::unique_ptr<python::ParsedModule> parsed;
};

class Project {
 public:
  Project(std::filesystem::path root, const Config& config, SourceMap& sources)
      : root_(std::move(root)), config_(config), sources_(sources) {}

  const std::filesystem::path& root() const { return root_; }
  const Config& config() const { return config_; }
  const SourceMap& sources() const { return sources_; }
  const std::vector<ProjectFile>& files() const { return files_; }
  const std::vector<SkippedProjectFile>& skipped() const { return skipped_; }
  const std::vector<PythonModule>& modules() const { return modules_; }
  // The Python minor version syntax is checked against (target-version, default 3.11).
  int python_minor() const { return python_minor_; }
  // The Django projects, apps and models of the parsed files.
  const django::ProjectModels& django() const { return django_; }
  // The Django version and database limits the model's names are computed for.
  const django::ModelOptions& model_options() const { return model_options_; }
  // The parsed Python modules with their dotted names, as the django layer reads them.
  std::span<const django::ModuleSource> module_sources() const { return module_sources_; }
  // Their names, bindings and classes (symbols.h), built once per run.
  const django::ModuleTable& module_table() const { return *module_table_; }
  const DeploymentFiles& deployment() const { return deployment_; }
  // The management commands and HTTP requests the deployment files run (deployment_commands.h).
  const DeploymentCommands& deployment_commands() const { return deployment_commands_; }
  // The migrations of the project's apps and each Django project's migration graph.
  const django::migrations::MigrationSet& migrations() const { return migrations_; }
  // Each graph's migrations replayed into the state and the database (state.h), in the order of
  // migrations().graphs.
  const std::vector<django::migrations::ProjectState>& migration_states() const {
    return migration_states_;
  }
  // How the settings modules were evaluated (the `--env` environment, the project's folder), for
  // evaluating one again in another environment (a CI job's).
  const django::settings::EvaluationOptions& evaluation_options() const { return evaluation_; }
  // The settings modules that run somewhere, each evaluated (settings_modules.h).
  const std::vector<SettingsModule>& settings_modules() const { return settings_modules_; }
  // The URL configuration a settings module's ROOT_URLCONF names, resolved, with health endpoints
  // marked (config `health-paths` included); null when ROOT_URLCONF is not a known string.
  const django::urls::UrlConf* url_conf(const SettingsModule& module) const;

  void add_file(ProjectFile file) { files_.push_back(file); }
  void add_skipped(SkippedProjectFile file) { skipped_.push_back(std::move(file)); }
  void add_module(PythonModule module) { modules_.push_back(std::move(module)); }
  void set_python_minor(int minor) { python_minor_ = minor; }
  // `table` must be built over `sources`.
  void set_module_sources(std::vector<django::ModuleSource> sources,
                          std::unique_ptr<django::ModuleTable> table) {
    module_sources_ = std::move(sources);
    module_table_ = std::move(table);
  }
  void set_migrations(django::migrations::MigrationSet migrations) {
    migrations_ = std::move(migrations);
  }
  void set_migration_states(std::vector<django::migrations::ProjectState> states) {
    migration_states_ = std::move(states);
  }
  void set_deployment(DeploymentFiles deployment) { deployment_ = std::move(deployment); }
  void set_deployment_commands(DeploymentCommands commands) {
    deployment_commands_ = std::move(commands);
  }
  void set_evaluation_options(django::settings::EvaluationOptions options) {
    evaluation_ = std::move(options);
  }
  void set_settings_modules(std::vector<SettingsModule> modules) {
    settings_modules_ = std::move(modules);
  }
  void set_url_confs(std::map<std::string, django::urls::UrlConf> confs) {
    url_confs_ = std::move(confs);
  }
  void set_django(django::ProjectModels models, django::ModelOptions options) {
    django_ = std::move(models);
    model_options_ = std::move(options);
  }

 private:
  std::filesystem::path root_;
  const Config& config_;
  SourceMap& sources_;
  std::vector<ProjectFile> files_;
  std::vector<SkippedProjectFile> skipped_;
  std::vector<PythonModule> modules_;
  int python_minor_ = 11;
  django::ProjectModels django_;
  django::ModelOptions model_options_;
  std::vector<django::ModuleSource> module_sources_;
  std::unique_ptr<django::ModuleTable> module_table_ =
      std::make_unique<django::ModuleTable>(std::span<const django::ModuleSource>{});
  django::migrations::MigrationSet migrations_;
  std::vector<django::migrations::ProjectState> migration_states_;
  DeploymentFiles deployment_;
  DeploymentCommands deployment_commands_;
  django::settings::EvaluationOptions evaluation_;
  std::vector<SettingsModule> settings_modules_;
  std::map<std::string, django::urls::UrlConf> url_confs_;  // by ROOT_URLCONF
};

// "py311" -> 11; the default 3.11 when unset (DESIGN.md "Versions").
int python_minor_version(const Config& config);

// The Django version and database limits from the configuration (DESIGN.md "Versions").
django::ModelOptions model_options_for(const Config& config);

struct LoadOptions {
  bool all_files = false;
  unsigned jobs = 1;
  std::optional<std::string> django_version;  // --django-version: over config and requirements
  // The environment settings modules are evaluated under (`--env`, `--env-file`).
  django::settings::Environment environment;
};

// Discovers and reads the files under `root` (a directory or one file), then parses every Python
// file, in parallel; files keep the walk's sorted order whatever the thread count.
Project load_project(const std::filesystem::path& root, const Config& config, SourceMap& sources,
                     const LoadOptions& options);

}  // namespace preflight::project
