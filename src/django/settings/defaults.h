// Django's global defaults (django/conf/global_settings.py) for the settings preflight's rules
// read, per target version: a setting a module never assigns has this value at run time.
#pragma once

#include <optional>
#include <string_view>

#include "django/settings/value.h"
#include "django/target_version.h"

namespace preflight::django::settings {

// nullopt: not a setting this table knows (or one the version does not have).
std::optional<Value> default_setting(std::string_view name, DjangoVersion version);

}  // namespace preflight::django::settings
