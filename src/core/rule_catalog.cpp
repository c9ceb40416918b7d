#include "core/rule_catalog.h"

#include <algorithm>

namespace preflight {

RuleCatalog::RuleCatalog(std::vector<const RuleInfo*> rules) : rules_(std::move(rules)) {
  std::sort(rules_.begin(), rules_.end(),
            [](const RuleInfo* a, const RuleInfo* b) { return a->code < b->code; });
}

const RuleInfo* RuleCatalog::find(std::string_view code) const {
  const auto it =
      std::lower_bound(rules_.begin(), rules_.end(), code,
                       [](const RuleInfo* r, std::string_view c) { return r->code < c; });
  return it != rules_.end() && (*it)->code == code ? *it : nullptr;
}

bool RuleCatalog::is_selector(std::string_view selector) const {
  if (selector == "ALL") return true;
  if (selector.empty()) return false;
  return std::any_of(rules_.begin(), rules_.end(), [&](const RuleInfo* r) {
    return r->code.substr(0, selector.size()) == selector;
  });
}

}  // namespace preflight
