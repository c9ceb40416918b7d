// Django's global defaults (django/conf/global_settings.py) of the settings preflight's rules
// read: what a project gets for a name its settings module never assigns.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "django/names.h"
#include "django/settings/value.h"

namespace preflight::django::settings {

// The names this table covers, in no particular order.
std::span<const std::string_view> defaulted_setting_names();

// True when `version` has the setting at all (SECURE_CROSS_ORIGIN_OPENER_POLICY arrived in 4.0,
// SECRET_KEY_FALLBACKS in 4.1, DEFAULT_HASHING_ALGORITHM left in 4.0); false for names outside
// the table.
bool has_setting(std::string_view name, DjangoVersion version);

// The value Django gives `name` when the settings module does not assign it. nullopt when there is
// no global default (ROOT_URLCONF: reading it raises AttributeError), when `version` lacks the
// setting, or when the name is outside the table.
std::optional<Value> global_default(std::string_view name, DjangoVersion version);

}  // namespace preflight::django::settings
