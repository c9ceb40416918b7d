#include "cli/project_config.h"

#include <iostream>

#include "core/rule_catalog.h"
#include "rules/registry.h"

namespace preflight::cli {

std::optional<Config> config_for(const std::filesystem::path& path) {
  const RuleCatalog catalog = rules::catalog();
  try {
    if (auto file = find_config(path)) return load_config(*file, catalog);
    Config config;
    config.root = std::filesystem::is_directory(path) ? path : path.parent_path();
    return config;
  } catch (const ConfigError& error) {
    std::cerr << "preflight: error: " << error.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace preflight::cli
