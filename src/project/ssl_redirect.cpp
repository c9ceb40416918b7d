#include "project/ssl_redirect.h"

#include <algorithm>
#include <cctype>

#include "django/middleware.h"
#include "project/setting_values.h"

namespace preflight::project {
namespace {

using django::settings::Value;

// The META key a request header becomes: `X-Forwarded-Proto` → `HTTP_X_FORWARDED_PROTO`.
std::string meta_key(std::string_view header) {
  std::string out = "HTTP_";
  for (const char c : header) {
    out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// `request.is_secure()` through SECURE_PROXY_SSL_HEADER: the named header has the named value.
std::optional<bool> secure_by_proxy_header(const Project& project, const SettingsModule& module,
                                           const HttpRequestFacts& request) {
  const std::optional<Value> pair = effective(project, module, "SECURE_PROXY_SSL_HEADER");
  if (!pair) return std::nullopt;
  if (pair->kind == Value::Kind::None) return false;
  if (!pair->is_sequence() || pair->items.size() != 2 || pair->items[0].kind != Value::Kind::Str ||
      pair->items[1].kind != Value::Kind::Str) {
    return std::nullopt;
  }
  for (const auto& [name, value] : request.headers) {
    if (meta_key(name) == pair->items[0].text) return value == pair->items[1].text;
  }
  return false;
}

}  // namespace

std::optional<bool> redirects_to_https(const Project& project, const SettingsModule& module,
                                       const HttpRequestFacts& request) {
  const auto stack = string_list(project, module, "MIDDLEWARE");
  if (!stack) return std::nullopt;
  if (!django::middleware::position(*stack, django::middleware::kSecurity)) return false;
  const std::optional<bool> redirect = truth(project, module, "SECURE_SSL_REDIRECT");
  if (redirect != true) return redirect;
  if (request.scheme == "https") return false;
  const std::optional<bool> secure = secure_by_proxy_header(project, module, request);
  if (secure != false) return secure == true ? std::optional<bool>(false) : std::nullopt;

  const std::optional<bool> exempt = redirect_exemptions(project, module).exempts(request.path);
  if (!exempt) return std::nullopt;
  return !*exempt;
}

RedirectExemptions redirect_exemptions(const Project& project, const SettingsModule& module) {
  RedirectExemptions out;
  const std::optional<Value> patterns = effective(project, module, "SECURE_REDIRECT_EXEMPT");
  if (!patterns || !patterns->is_sequence()) {
    out.known = false;
    return out;
  }
  for (const Value& pattern : patterns->items) {
    if (pattern.kind != Value::Kind::Str) {
      out.known = false;
      continue;
    }
    std::string why;
    if (auto regex = django::PythonRegex::compile(pattern.text, &why)) {
      out.patterns.push_back(std::move(*regex));
    } else {
      out.untranslatable.push_back("`" + pattern.text + "` (" + why + ")");
    }
  }
  return out;
}

std::optional<bool> RedirectExemptions::exempts(std::string_view path) const {
  while (path.starts_with('/')) path.remove_prefix(1);
  for (const django::PythonRegex& regex : patterns) {
    if (regex.search(path)) return true;
  }
  if (!known || !untranslatable.empty()) return std::nullopt;
  return false;
}

}  // namespace preflight::project
