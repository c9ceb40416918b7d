// `preflight settings PATH --module M [--env KEY=VALUE ...] [--format text|json]`: the effective
// settings of a module as the settings evaluator computes them, never importing the project.
// Secret values are masked in every format (django/settings/masking.h).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

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
  SourceMap sources;
  // Every Python file: a settings module may sit anywhere (`config/prod.py`).
  const project::Project project = project::load_project(
      path, config, sources,
      project::LoadOptions{true, std::max(1u, std::thread::hardware_concurrency()), std::nullopt});
  std::vector<django::ModuleSource> modules;
  for (const project::PythonModule& module : project.modules()) {
    const SourceFile& file = sources.file(module.id);
    django::ModuleSource source;
    source.file = module.id;
    source.path = display_path(file.path(), path);
    source.tree = module.parsed && !module.parsed->error ? module.parsed->module : nullptr;
    source.source = &file;
    modules.push_back(std::move(source));
  }

  django::settings::EvaluationOptions evaluation;
  evaluation.file_root = path.string();
  for (const std::string& assignment : options.env) {
    const std::size_t equals = assignment.find('=');
    evaluation.environment.variables[assignment.substr(0, equals)] = assignment.substr(equals + 1);
  }
  evaluation.environment.complete = !options.env.empty();
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
