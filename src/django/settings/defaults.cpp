#include "django/settings/defaults.h"

#include <algorithm>
#include <array>

namespace preflight::django::settings {

namespace {

// How a default is built: Value is not a literal type, so the table holds its shape.
enum class Shape { None, Bool, Int, Str, EmptyList, EmptyDict, Absent };

struct DefaultRow {
  std::string_view name;
  Shape shape;
  std::string_view text;       // Str
  std::int64_t number;         // Bool (0/1), Int
  DjangoVersion since;         // the first version with the setting
  DjangoVersion until{99, 0};  // the first version without it
};

constexpr DjangoVersion kAlways{1, 0};

// Unchanged from 3.2 to 5.x except where `since` says otherwise.
constexpr std::array kDefaults = {
    DefaultRow{"DEBUG", Shape::Bool, "", 0, kAlways},
    DefaultRow{"ALLOWED_HOSTS", Shape::EmptyList, "", 0, kAlways},
    DefaultRow{"INSTALLED_APPS", Shape::EmptyList, "", 0, kAlways},
    DefaultRow{"MIDDLEWARE", Shape::EmptyList, "", 0, kAlways},
    DefaultRow{"DATABASES", Shape::EmptyDict, "", 0, kAlways},
    DefaultRow{"SECRET_KEY", Shape::Str, "", 0, kAlways},
    DefaultRow{"SECRET_KEY_FALLBACKS", Shape::EmptyList, "", 0, DjangoVersion{4, 1}},
    DefaultRow{"ROOT_URLCONF", Shape::Absent, "", 0, kAlways},
    DefaultRow{"APPEND_SLASH", Shape::Bool, "", 1, kAlways},
    DefaultRow{"USE_X_FORWARDED_HOST", Shape::Bool, "", 0, kAlways},
    DefaultRow{"X_FRAME_OPTIONS", Shape::Str, "DENY", 0, kAlways},
    DefaultRow{"SECURE_SSL_REDIRECT", Shape::Bool, "", 0, kAlways},
    DefaultRow{"SECURE_SSL_HOST", Shape::None, "", 0, kAlways},
    DefaultRow{"SECURE_REDIRECT_EXEMPT", Shape::EmptyList, "", 0, kAlways},
    DefaultRow{"SECURE_PROXY_SSL_HEADER", Shape::None, "", 0, kAlways},
    DefaultRow{"SECURE_HSTS_SECONDS", Shape::Int, "", 0, kAlways},
    DefaultRow{"SECURE_HSTS_INCLUDE_SUBDOMAINS", Shape::Bool, "", 0, kAlways},
    DefaultRow{"SECURE_HSTS_PRELOAD", Shape::Bool, "", 0, kAlways},
    DefaultRow{"SECURE_CONTENT_TYPE_NOSNIFF", Shape::Bool, "", 1, kAlways},
    DefaultRow{"SECURE_REFERRER_POLICY", Shape::Str, "same-origin", 0, kAlways},
    DefaultRow{"SECURE_CROSS_ORIGIN_OPENER_POLICY", Shape::Str, "same-origin", 0,
               DjangoVersion{4, 0}},
    DefaultRow{"SESSION_ENGINE", Shape::Str, "django.contrib.sessions.backends.db", 0, kAlways},
    DefaultRow{"SESSION_COOKIE_SECURE", Shape::Bool, "", 0, kAlways},
    DefaultRow{"SESSION_COOKIE_HTTPONLY", Shape::Bool, "", 1, kAlways},
    DefaultRow{"SESSION_COOKIE_SAMESITE", Shape::Str, "Lax", 0, kAlways},
    DefaultRow{"CSRF_COOKIE_SECURE", Shape::Bool, "", 0, kAlways},
    DefaultRow{"CSRF_COOKIE_HTTPONLY", Shape::Bool, "", 0, kAlways},
    DefaultRow{"CSRF_USE_SESSIONS", Shape::Bool, "", 0, kAlways},
    DefaultRow{"CSRF_TRUSTED_ORIGINS", Shape::EmptyList, "", 0, kAlways},
    DefaultRow{"CSRF_FAILURE_VIEW", Shape::Str, "django.views.csrf.csrf_failure", 0, kAlways},
    DefaultRow{"USE_X_FORWARDED_PORT", Shape::Bool, "", 0, kAlways},
    DefaultRow{"DISALLOWED_USER_AGENTS", Shape::EmptyList, "", 0, kAlways},
    DefaultRow{"MESSAGE_STORAGE", Shape::Str,
               "django.contrib.messages.storage.fallback.FallbackStorage", 0, kAlways},
    DefaultRow{"DEFAULT_HASHING_ALGORITHM", Shape::Str, "sha256", 0, DjangoVersion{3, 1},
               DjangoVersion{4, 0}},
    DefaultRow{"AUTH_USER_MODEL", Shape::Str, "auth.User", 0, kAlways},
    DefaultRow{"MIGRATION_MODULES", Shape::EmptyDict, "", 0, kAlways},
    DefaultRow{"DEFAULT_AUTO_FIELD", Shape::Str, "django.db.models.AutoField", 0,
               DjangoVersion{3, 2}},
    DefaultRow{"LOGIN_URL", Shape::Str, "/accounts/login/", 0, kAlways},
};

constexpr std::array kNames = [] {
  std::array<std::string_view, kDefaults.size()> names{};
  for (std::size_t i = 0; i < kDefaults.size(); ++i) names[i] = kDefaults[i].name;
  return names;
}();

const DefaultRow* row_for(std::string_view name) {
  const auto it = std::find_if(kDefaults.begin(), kDefaults.end(),
                               [name](const DefaultRow& row) { return row.name == name; });
  return it == kDefaults.end() ? nullptr : &*it;
}

}  // namespace

std::span<const std::string_view> defaulted_setting_names() {
  return kNames;
}

bool has_setting(std::string_view name, DjangoVersion version) {
  const DefaultRow* row = row_for(name);
  return row && version >= row->since && version < row->until;
}

std::optional<Value> global_default(std::string_view name, DjangoVersion version) {
  if (!has_setting(name, version)) return std::nullopt;
  const DefaultRow& row = *row_for(name);
  switch (row.shape) {
    case Shape::None:
      return Value::none();
    case Shape::Bool:
      return Value::of_bool(row.number != 0);
    case Shape::Int:
      return Value::of_int(row.number);
    case Shape::Str:
      return Value::str(std::string(row.text));
    case Shape::EmptyList:
      return Value::sequence(Value::Kind::List, {});
    case Shape::EmptyDict:
      return Value::dict({});
    case Shape::Absent:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace preflight::django::settings
