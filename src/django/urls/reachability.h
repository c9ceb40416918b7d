// Which sample path reaches a route: Django tries the routes in order, so a sample an earlier
// route matches resolves there instead. Python regexes are matched here with std::regex after
// translation to ECMAScript, for the subset both share.
#pragma once

#include <array>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "django/urls/route_regex.h"
#include "django/urls/urls.h"

namespace preflight::django::urls {

// A Python regex as std::regex (ECMAScript): named groups unnamed, \Z and \A as $ and ^, a leading
// (?i) as icase. nullopt for what ECMAScript lacks or reads differently (lookbehind,
// backreferences by name, scoped or verbose flags, a class opening with ']').
std::optional<std::regex> compile_python_regex(std::string_view python_regex);

// Samples of each route, by variant ("" when not built).
using RouteSamples = std::array<std::string, kSampleVariants>;

// Sets each route's example_path to the first of its samples that its own regex matches and no
// earlier route's does. When an earlier route matches every sample, example_path is empty and
// shadowed_by names that route. Routes whose regex cannot be compiled are not judged.
void choose_examples(std::vector<Route>& routes, const std::vector<RouteSamples>& samples);

}  // namespace preflight::django::urls
