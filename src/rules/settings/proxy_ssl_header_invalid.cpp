// PF309: SECURE_PROXY_SSL_HEADER that Django cannot use: not a pair (ImproperlyConfigured on every
// request that asks for the scheme) or a header name that is never a key of request.META.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kProxySslHeaderInvalid{
    .code = "PF309",
    .name = "proxy-ssl-header-invalid",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary =
        "SECURE_PROXY_SSL_HEADER is not a pair, or names a header as request.META never does",
    .explanation = R"md(
## What it finds

In a production settings module (one a deployment file names, one whose name says production,
or one with `DEBUG` False), a truthy `SECURE_PROXY_SSL_HEADER` that is

- not a pair: Django unpacks it as `header, secure_value = settings.SECURE_PROXY_SSL_HEADER`;
- or a pair whose first item can never be a key of `request.META`: WSGI servers store a request
  header as `HTTP_` plus its name upper-cased with `-` turned into `_`, so a name with `-`
  (`"X-Forwarded-Proto"`), a header name without the `HTTP_` prefix (`"X_FORWARDED_PROTO"`), or an
  `HTTP_` name with lower-case letters never matches.

Django's checks do not look at this setting.

## What fails in production

Not a pair: every request whose scheme is read (SecurityMiddleware when `SECURE_SSL_REDIRECT` or
HSTS is on, CSRF checks of every POST, `build_absolute_uri`) raises `ImproperlyConfigured: The
SECURE_PROXY_SSL_HEADER setting must be a tuple containing two values.`: 500.

A name that never matches: Django ignores the proxy's header, so behind a TLS-terminating proxy
`request.is_secure()` is always False: with `SECURE_SSL_REDIRECT` every request is redirected to
itself (an endless 301 loop), HSTS is never sent, and the HTTPS Referer check of CSRF is skipped.

## Example

```python
SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")
```

## Fix

`SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")`, with a proxy that overwrites the
header on every request.
)md"};

// Why the header name never matches a request.META key, or empty when it may.
std::string unmatchable(const std::string& header) {
  if (header.find('-') != std::string::npos) {
    return "contains '-' (request.META keys use '_')";
  }
  if (header.starts_with("HTTP_")) {
    if (std::any_of(header.begin(), header.end(),
                    [](unsigned char c) { return std::islower(c); })) {
      return "has lower-case letters (request.META upper-cases header names)";
    }
    return "";
  }
  if (header.starts_with("X_") || header.starts_with("x_")) {
    return "lacks the HTTP_ prefix request.META gives header names";
  }
  return "";
}

// The problem with one value of the setting: empty when there is none.
std::optional<std::string> problem(const Value& setting) {
  const std::optional<bool> set = setting.truth();
  if (!set) return std::nullopt;
  if (!*set) return std::string();
  const bool pair_like = setting.kind == Value::Kind::Tuple || setting.kind == Value::Kind::List;
  if (!pair_like && setting.kind != Value::Kind::Str) {
    if (!setting.fully_known()) return std::nullopt;
    return std::string(
        "it is not a pair: ImproperlyConfigured on every request that reads the "
        "scheme");
  }
  const std::size_t size = pair_like ? setting.items.size() : setting.text.size();
  if (size != 2) {
    // Django unpacks it into two names: a string unpacks into its characters.
    return fmt::format(
        "{}, not a pair: every request that reads the scheme raises "
        "ImproperlyConfigured (\"The SECURE_PROXY_SSL_HEADER setting must be a tuple containing "
        "two values.\"), a 500",
        pair_like ? fmt::format("it has {} item(s)", size) : std::string("it is a string"));
  }
  if (!pair_like) return std::string("it is a 2-character string, not a pair");
  const Value& header = setting.items[0];
  if (header.kind != Value::Kind::Str) return std::nullopt;
  const std::string why = unmatchable(header.text);
  if (why.empty()) return std::string();
  return fmt::format(
      "the header name '{}' {}: it never matches, so request.is_secure() is False for every "
      "proxied request (with SECURE_SSL_REDIRECT, an endless redirect loop)",
      header.text, why);
}

void check(const project::Project& analysed, Findings& out) {
  SettingCheck setting_check;
  setting_check.rule = &kProxySslHeaderInvalid;
  setting_check.cause = "SECURE_PROXY_SSL_HEADER";
  setting_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return test_setting(project, module, "SECURE_PROXY_SSL_HEADER",
                        [](const Value& setting) -> std::optional<bool> {
                          const std::optional<std::string> why = problem(setting);
                          if (!why) return std::nullopt;
                          return !why->empty();
                        });
  };
  setting_check.message = [](const project::Project& project, const project::SettingsModule& module,
                             bool certain) {
    std::string why;
    for (const Value& alternative :
         django::settings::alternatives(*effective(project, module, "SECURE_PROXY_SSL_HEADER"))) {
      const std::optional<std::string> found = problem(alternative);
      if (found && !found->empty()) {
        why = *found;
        break;
      }
    }
    return fmt::format("`SECURE_PROXY_SSL_HEADER` in {} {} unusable: {}", describe(module),
                       certain ? "is" : "may be", why);
  };
  run_setting_check(setting_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kProxySslHeaderInvalid, check);

}  // namespace preflight::rules
