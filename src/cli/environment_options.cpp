#include "cli/environment_options.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "deploy/env_file.h"

namespace preflight::cli {

std::optional<django::settings::Environment> load_environment(const EnvironmentOptions& options) {
  django::settings::Environment environment;
  environment.complete = options.given();
  for (const std::string& path : options.env_files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "preflight: error: cannot read --env-file '" << path << "'\n";
      return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const deploy::EnvFileParse parsed = deploy::parse_env_file(text.str());
    if (parsed.error) {
      std::cerr << "preflight: error: " << path << ":" << parsed.error_line << ": " << *parsed.error
                << "\n";
      return std::nullopt;
    }
    for (const deploy::EnvFileEntry& entry : parsed.entries) {
      environment.variables[entry.name] = entry.value;
    }
  }
  for (const std::string& assignment : options.env) {
    const std::size_t equal = assignment.find('=');
    environment.variables[assignment.substr(0, equal)] = assignment.substr(equal + 1);
  }
  return environment;
}

}  // namespace preflight::cli
