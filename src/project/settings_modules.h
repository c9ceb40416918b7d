// Which settings modules run, where, and how production-like each is (issue 6, DESIGN.md "Data
// flow" step 2): the defaults of manage.py, wsgi.py and asgi.py, DJANGO_SETTINGS_MODULE in
// Dockerfile ENV, compose `environment`, workflow `env` and Kubernetes container `env`,
// `--settings` in the commands those
// files run, and `[tool.preflight.django] settings`. When nothing names a module, the settings
// modules of the tree that no other settings module star-imports are taken.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/source.h"
#include "deploy/compose.h"
#include "deploy/dockerfile.h"
#include "deploy/kubernetes.h"
#include "deploy/workflow.h"
#include "django/models.h"
#include "django/settings/evaluator.h"
#include "django/symbols.h"

namespace preflight::project {

struct SettingsUse {
  enum class Kind { EntryPoint, Deployment, Config, Discovered };
  Kind kind = Kind::Discovered;
  std::string where;  // "manage.py default", "Dockerfile ENV", "compose service `web`", …
  std::optional<Span> span;
};

enum class ProductionLike { No, May, Yes };

struct SettingsModule {
  std::string name;  // dotted
  std::optional<FileId> file;
  std::vector<SettingsUse> uses;
  ProductionLike production = ProductionLike::No;
  std::string production_reason;  // "named by Dockerfile ENV", "DEBUG is False", "…"
  django::settings::SettingsResult settings;
  // Where the environment it was evaluated under came from, besides `--env`: the containers
  // that run it ("Dockerfile ENV", "docker-compose.yml service `web`"); literal values there are
  // known, the rest of the environment is not.
  std::vector<std::string> environment_from;

  bool named_by_deployment() const;
};

struct DeploymentFiles {
  std::vector<deploy::Dockerfile> dockerfiles;
  std::vector<deploy::ComposeFile> compose_files;
  std::vector<deploy::Workflow> workflows;
  std::vector<deploy::KubernetesManifest> kubernetes;  // YAML files with workloads
};

// The settings modules named in `--settings=M` or `DJANGO_SETTINGS_MODULE=M` inside a command,
// with their byte offsets in `text`.
std::vector<std::pair<std::string, std::size_t>> settings_in_command(std::string_view text);

// Also `DJANGO_SETTINGS_MODULE: M` (YAML) and `DJANGO_SETTINGS_MODULE M` (Dockerfile's legacy
// ENV): every way a deployment file's text names a settings module.
std::vector<std::pair<std::string, std::size_t>> settings_named_in_text(std::string_view text);

std::vector<SettingsModule> find_settings_modules(
    std::span<const django::ModuleSource> sources, const django::ModuleTable& table,
    const DeploymentFiles& deployment, const SourceMap& files, const Config& config,
    const django::settings::EvaluationOptions& evaluation);

}  // namespace preflight::project
