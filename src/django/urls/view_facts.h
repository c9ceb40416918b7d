// What a view's definition says about access: decorators, bases, DRF permission classes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "django/symbols.h"
#include "django/urls/urls.h"

namespace preflight::django::urls {

// Facts about the view `view` (dotted; a class when `is_class`), wrapped in `url_wrappers` in the
// URLconf. Only the project's own definitions are read; a library view gives the wrappers alone.
ViewFacts view_facts(const ModuleTable& table, std::string_view view, bool is_class,
                     std::vector<std::string> url_wrappers);

}  // namespace preflight::django::urls
