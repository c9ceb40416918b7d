// Configuration for commands that read one project (debug models, settings): the nearest
// preflight.toml / [tool.preflight] at or above PATH, else the defaults rooted at PATH.
#pragma once

#include <filesystem>
#include <optional>

#include "core/config.h"

namespace preflight::cli {

// nullopt after printing "preflight: error: ..." for a configuration that does not load.
std::optional<Config> config_for(const std::filesystem::path& path);

}  // namespace preflight::cli
