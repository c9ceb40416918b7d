#include "deploy/facts.h"

namespace preflight::deploy {

const EnvVar* find_env(const std::vector<EnvVar>& vars, const std::string& name) {
  const EnvVar* found = nullptr;
  for (const EnvVar& var : vars) {
    if (var.name == name) found = &var;
  }
  return found;
}

}  // namespace preflight::deploy
