// The set of known rules' metadata, sorted by code. Built by the rules layer from its registry and
// handed down to configuration (to validate codes) and reporters (to describe rules).
#pragma once

#include <string_view>
#include <vector>

#include "core/rule_info.h"

namespace preflight {

class RuleCatalog {
 public:
  explicit RuleCatalog(std::vector<const RuleInfo*> rules);

  const std::vector<const RuleInfo*>& rules() const { return rules_; }
  const RuleInfo* find(std::string_view code) const;
  // True for "ALL" and for any prefix of a known code ("PF", "PF1", "PF101").
  bool is_selector(std::string_view selector) const;

 private:
  std::vector<const RuleInfo*> rules_;
};

}  // namespace preflight
