#include "django/settings/defaults.h"

namespace preflight::django::settings {

std::optional<Value> default_setting(std::string_view name, DjangoVersion version) {
  auto list = [] { return Value::sequence(Value::Kind::List, {}); };
  // Settings whose default does not depend on the version (3.2 through 5.x).
  if (name == "DEBUG" || name == "APPEND_SLASH" || name == "SESSION_COOKIE_HTTPONLY" ||
      name == "SECURE_CONTENT_TYPE_NOSNIFF") {
    return Value::of_bool(name != "DEBUG");
  }
  if (name == "PREPEND_WWW" || name == "USE_X_FORWARDED_HOST" || name == "USE_X_FORWARDED_PORT" ||
      name == "SESSION_COOKIE_SECURE" || name == "CSRF_COOKIE_SECURE" ||
      name == "CSRF_COOKIE_HTTPONLY" || name == "CSRF_USE_SESSIONS" ||
      name == "SECURE_HSTS_INCLUDE_SUBDOMAINS" || name == "SECURE_HSTS_PRELOAD" ||
      name == "SECURE_SSL_REDIRECT") {
    return Value::of_bool(false);
  }
  if (name == "ALLOWED_HOSTS" || name == "INSTALLED_APPS" || name == "MIDDLEWARE" ||
      name == "DISALLOWED_USER_AGENTS" || name == "CSRF_TRUSTED_ORIGINS" ||
      name == "SECURE_REDIRECT_EXEMPT") {
    return list();
  }
  if (name == "SECURE_PROXY_SSL_HEADER" || name == "SECURE_SSL_HOST" ||
      name == "SESSION_COOKIE_DOMAIN" || name == "CSRF_COOKIE_DOMAIN") {
    return Value::none();
  }
  if (name == "SECURE_HSTS_SECONDS") return Value::of_int(0);
  if (name == "SECRET_KEY") return Value::str("");
  if (name == "X_FRAME_OPTIONS") return Value::str("DENY");
  if (name == "SECURE_REFERRER_POLICY") return Value::str("same-origin");
  if (name == "SESSION_COOKIE_SAMESITE" || name == "CSRF_COOKIE_SAMESITE") {
    return Value::str("Lax");
  }
  if (name == "SESSION_ENGINE") return Value::str("django.contrib.sessions.backends.db");
  if (name == "CSRF_FAILURE_VIEW") return Value::str("django.views.csrf.csrf_failure");
  if (name == "MESSAGE_STORAGE") {
    return Value::str("django.contrib.messages.storage.fallback.FallbackStorage");
  }
  if (name == "SECURE_BROWSER_XSS_FILTER") {  // removed in 4.0
    if (version < DjangoVersion{4, 0}) return Value::of_bool(false);
    return std::nullopt;
  }
  if (name == "SECURE_CROSS_ORIGIN_OPENER_POLICY") {  // new in 4.0
    if (version >= DjangoVersion{4, 0}) return Value::str("same-origin");
    return std::nullopt;
  }
  if (name == "DEFAULT_HASHING_ALGORITHM") {  // 3.1 and 3.2 only
    if (version < DjangoVersion{4, 0}) return Value::str("sha256");
    return std::nullopt;
  }
  if (name == "SECRET_KEY_FALLBACKS") {  // new in 4.1
    if (version >= DjangoVersion{4, 1}) return list();
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace preflight::django::settings
