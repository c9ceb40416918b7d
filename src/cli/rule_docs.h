#pragma once

#include <string>

#include "core/rule_info.h"

namespace preflight::cli {

// The Markdown page of one rule: what `explain` prints and what docs/rules/CODE.md holds.
std::string rule_page(const RuleInfo& rule);

}  // namespace preflight::cli
