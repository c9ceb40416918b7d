#include "rules/registry.h"

#include <algorithm>
#include <stdexcept>

namespace preflight::rules {
namespace {

std::vector<Rule>& registry() {
  static std::vector<Rule> rules;
  return rules;
}

}  // namespace

bool register_rule(const RuleInfo& info, CheckFunction check) {
  std::vector<Rule>& rules = registry();
  for (const Rule& rule : rules) {
    if (rule.info->code == info.code || rule.info->name == info.name) {
      throw std::logic_error("rule registered twice: " + std::string(info.code));
    }
  }
  const auto at =
      std::lower_bound(rules.begin(), rules.end(), info.code,
                       [](const Rule& r, std::string_view c) { return r.info->code < c; });
  rules.insert(at, Rule{&info, check});
  return true;
}

const std::vector<Rule>& all_rules() {
  return registry();
}

RuleCatalog catalog() {
  std::vector<const RuleInfo*> infos;
  for (const Rule& rule : all_rules()) infos.push_back(rule.info);
  return RuleCatalog(std::move(infos));
}

}  // namespace preflight::rules
