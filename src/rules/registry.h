// Rules register themselves here; one file per rule under src/rules/<family>/.
#pragma once

#include <vector>

#include "core/diagnostic.h"
#include "core/rule_catalog.h"
#include "core/rule_info.h"
#include "project/project.h"

namespace preflight::rules {

using CheckFunction = void (*)(const project::Project& project, Findings& out);

struct Rule {
  const RuleInfo* info;
  CheckFunction check;
};

// Every registered rule, sorted by code.
const std::vector<Rule>& all_rules();
RuleCatalog catalog();

bool register_rule(const RuleInfo& info, CheckFunction check);

// Runs every rule that `enabled` accepts over the project.
template <typename Enabled>
std::vector<Diagnostic> run_rules(const project::Project& project, Enabled enabled) {
  Findings findings;
  for (const Rule& rule : all_rules()) {
    if (enabled(rule.info->code)) rule.check(project, findings);
  }
  return findings.take();
}

}  // namespace preflight::rules

#define PREFLIGHT_CONCAT_INNER(a, b) a##b
#define PREFLIGHT_CONCAT(a, b) PREFLIGHT_CONCAT_INNER(a, b)
// Registers a rule at static initialisation. The rules are linked as an object library, so no
// registration is dropped by the linker.
#define PREFLIGHT_RULE(info, check)                                            \
  [[maybe_unused]] static const bool PREFLIGHT_CONCAT(kRegistered, __LINE__) = \
      ::preflight::rules::register_rule(info, check)
