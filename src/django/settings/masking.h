// Secrets never leave preflight: every output of settings values goes through mask().
#pragma once

#include <string>
#include <string_view>

#include "django/settings/value.h"

namespace preflight::django::settings {

inline constexpr std::string_view kMask = "****";

// SECRET_KEY and any name containing PASSWORD, TOKEN, SECRET or KEY (case-insensitive).
bool is_secret_name(std::string_view name);
// "postgres://user:pw@host/db" -> "postgres://user:****@host/db"; other text unchanged.
std::string mask_url_password(const std::string& text);
// The value with every secret replaced by kMask: all strings when `secret` (the setting's name
// is secret), values under secret dict keys, and passwords inside URLs everywhere.
Value mask(const Value& value, bool secret);

}  // namespace preflight::django::settings
