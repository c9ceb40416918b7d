// `preflight settings PATH --module M [--env KEY=VALUE ...] [--format text|json]`: the effective
// settings of a module as the settings evaluator computes them, never importing the project.
// Secret values are masked in every format (django/settings/masking.h).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/environment_options.h"
#include "cli/options.h"
#include "cli/project_config.h"
#include "core/config.h"
#include "core/rule_catalog.h"
#include "django/settings/evaluator.h"
#include "django/settings/masking.h"
#include "project/project.h"
#include "rules/registry.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;
using django::settings::Value;
using nlohmann::json;

// Known values as JSON; what is not known as {"unknown": origin} or {"candidates": [...]}.
json value_json(const Value& value) {
  switch (value.kind) {
    case Value::Kind::None:
      return nullptr;
    case Value::Kind::Bool:
      return value.boolean;
    case Value::Kind::Int:
      return value.integer;
    case Value::Kind::Float:
      return value.number;
    case Value::Kind::Str:
    case Value::Kind::Path:
      return value.text;
    case Value::Kind::List:
    case Value::Kind::Tuple:
    case Value::Kind::Set: {
      json items = json::array();
      for (const Value& item : value.items) items.push_back(value_json(item));
      return items;
    }
    case Value::Kind::Dict: {
      json object = json::object();
      for (const auto& [key, item] : value.entries) {
        object[key.kind == Value::Kind::Str ? key.text : repr(key)] = value_json(item);
      }
      return object;
    }
    case Value::Kind::Candidates: {
      json items = json::array();
      for (const Value& item : value.items) items.push_back(value_json(item));
      return json{{"candidates", items}};
    }
    case Value::Kind::Unknown:
      return json{{"unknown", value.text}};
    default:
      return json{{"unknown", repr(value)}};
  }
}

std::string origin_text(const django::settings::Origin& origin) {
  return origin.path + ":" + std::to_string(origin.line);
}

std::string_view production_text(project::ProductionLike production) {
  switch (production) {
    case project::ProductionLike::Yes:
      return "yes";
    case project::ProductionLike::May:
      return "may";
    case project::ProductionLike::No:
      break;
  }
  return "no";
}

// Without --module: the settings modules that run, where, and whether each is production-like.
int print_settings_modules(const project::Project& project, const SourceMap& sources,
                           const fs::path& root, bool as_json) {
  auto place = [&](const project::SettingsUse& use) {
    if (!use.span) return use.where;
    return fmt::format("{} ({}:{})", use.where,
                       display_path(sources.file(use.span->file).path(), root),
                       use.span->start.line);
  };
  if (as_json) {
    json modules = json::array();
    for (const project::SettingsModule& module : project.settings_modules()) {
      json uses = json::array();
      for (const project::SettingsUse& use : module.uses) uses.push_back(place(use));
      modules.push_back({{"module", module.name},
                         {"found", module.settings.found},
                         {"production_like", production_text(module.production)},
                         {"production_reason", module.production_reason},
                         {"used_by", uses},
                         {"environment_from", module.environment_from}});
    }
    std::cout << json{{"settings_modules", modules}}.dump(2) << "\n";
    return kExitClean;
  }
  for (const project::SettingsModule& module : project.settings_modules()) {
    std::cout << module.name << (module.settings.found ? "" : " (not in the project)")
              << "\n    production-like: " << production_text(module.production) << " ("
              << module.production_reason << ")\n";
    for (const project::SettingsUse& use : module.uses) {
      std::cout << "    used by " << place(use) << "\n";
    }
    for (const std::string& from : module.environment_from) {
      std::cout << "    environment from " << from << "\n";
    }
  }
  return kExitClean;
}

}  // namespace

int run_settings(const SettingsOptions& options) {
  std::error_code ec;
  const fs::path path = fs::absolute(options.path, ec).lexically_normal();
  if (ec || !fs::is_directory(path, ec)) {
    std::cerr << "preflight: error: path '" << options.path << "' is not a directory\n";
    return kExitError;
  }
  const std::optional<Config> loaded = config_for(path);
  if (!loaded) return kExitError;
  const Config& config = *loaded;
  const std::optional<django::settings::Environment> environment =
      load_environment(options.environment);
  if (!environment) return kExitError;
  SourceMap sources;
  // Every Python file: a settings module may sit anywhere (`config/prod.py`).
  project::LoadOptions load;
  load.all_files = true;
  load.jobs = std::max(1u, std::thread::hardware_concurrency());
  load.environment = *environment;
  const project::Project project = project::load_project(path, config, sources, load);
  const std::span<const django::ModuleSource> modules = project.module_sources();

  if (options.module.empty()) return print_settings_modules(project, sources, path, options.json);

  django::settings::EvaluationOptions evaluation;
  evaluation.file_root = path.string();
  evaluation.environment = *environment;
  const django::settings::SettingsResult result =
      django::settings::evaluate_settings(modules, options.module, evaluation);
  if (!result.found) {
    std::cerr << "preflight: error: module '" << options.module << "' is not in " << options.path
              << "\n";
    return kExitError;
  }

  if (options.json) {
    json settings = json::array();
    for (const django::settings::Setting& setting : result.settings) {
      const Value shown = mask(setting.value, django::settings::is_secret_name(setting.name));
      json provenance = json::array();
      for (const auto& origin : setting.provenance) provenance.push_back(origin_text(origin));
      settings.push_back({{"name", setting.name},
                          {"value", value_json(shown)},
                          {"known", setting.value.fully_known()},
                          {"provenance", provenance}});
    }
    std::cout << json{{"module", result.module},
                      {"environment_given", evaluation.environment.complete},
                      {"settings", settings},
                      {"notes", result.notes}}
                     .dump(2)
              << "\n";
    return kExitClean;
  }
  std::cout << "# " << result.module
            << (evaluation.environment.complete ? " (environment given)" : " (environment unknown)")
            << "\n";
  for (const django::settings::Setting& setting : result.settings) {
    const Value shown = mask(setting.value, django::settings::is_secret_name(setting.name));
    std::cout << setting.name << " = " << repr(shown) << "\n";
    std::string from;
    for (const auto& origin : setting.provenance) {
      from += (from.empty() ? "" : ", ") + origin_text(origin);
    }
    if (!from.empty()) std::cout << "    from " << from << "\n";
  }
  for (const std::string& note : result.notes) std::cout << "note: " << note << "\n";
  return kExitClean;
}

}  // namespace preflight::cli
