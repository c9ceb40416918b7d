// The environment of `--env` and `--env-file`, for the settings evaluator.
#pragma once

#include <optional>

#include "cli/options.h"
#include "django/settings/environment.h"

namespace preflight::cli {

// Reads the files (an error names the file and line, never a value) and layers `--env` over them.
// nullopt after printing an error.
std::optional<django::settings::Environment> load_environment(const EnvironmentOptions& options);

}  // namespace preflight::cli
