// PF306: CSRF_TRUSTED_ORIGINS written for the wrong Django version: entries without a scheme from
// 4.0 on (compatibility check 4_0.E001), entries with one on 3.2 (never match).
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kCsrfTrustedOriginsScheme{
    .code = "PF306",
    .name = "csrf-trusted-origins-scheme",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary = "CSRF_TRUSTED_ORIGINS entries in the wrong form for the target Django version",
    .explanation = R"md(
## What it finds

Entries of `CSRF_TRUSTED_ORIGINS` in the form the target Django version does not accept:

- **Django 4.0 and later**: an entry without `://` (`"example.com"`, `".example.com"`). Every
  settings module is checked, since the check runs with every command.
- **Django 3.2**: an entry with `://` (`"https://example.com"`). 3.2 compares the entries with the
  host of the HTTPS `Referer` (`is_same_domain(referer.netloc, entry)`), so an entry with a scheme
  never matches. Production settings modules are checked (the comparison happens on HTTPS
  requests).

A list that depends on the environment is reported ("may") only when one of the values it can take
has such an entry. This is not one of `check --deploy`'s security checks.

## What fails in production

From 4.0, Django's compatibility check `4_0.E001` ("As of Django 4.0, the values in the
CSRF_TRUSTED_ORIGINS setting must start with a scheme (usually http:// or https://) but found
example.com. See the release notes for details.") is an Error of the default checks: `migrate`,
`runserver`, `check` and every other command that runs the system checks exit 1. The servers
themselves (gunicorn) start, but the entry never equals an `Origin` header, so cross-origin form
posts from that host get 403 "Origin checking failed".

On 3.2, a POST over HTTPS from the trusted host is rejected with 403 "Referer checking failed -
https://app.example.com/ does not match any trusted origins."

## Example

```python
CSRF_TRUSTED_ORIGINS = ["app.example.com"]  # Django 4.2
```

## Fix

From 4.0: `CSRF_TRUSTED_ORIGINS = ["https://app.example.com"]` (scheme included; `https://*.example.com`
for subdomains). On 3.2: `["app.example.com"]` or `[".example.com"]` (no scheme); when upgrading,
rewrite the list with the version bump.
)md"};

bool wrong_form(const std::string& origin, bool needs_scheme) {
  const bool has_scheme = origin.find("://") != std::string::npos;
  return needs_scheme ? !has_scheme : has_scheme;
}

std::optional<bool> has_wrong_entry(const Value& origins, bool needs_scheme) {
  if (!origins.is_sequence()) return std::nullopt;
  bool unknown = false;
  for (const Value& origin : origins.items) {
    if (origin.kind == Value::Kind::Str) {
      if (wrong_form(origin.text, needs_scheme)) return true;
    } else {
      unknown = true;
    }
  }
  if (unknown) return std::nullopt;
  return false;
}

std::string wrong_entries(const project::Project& project, const project::SettingsModule& module,
                          bool needs_scheme) {
  std::string out;
  const std::optional<Value> value = effective(project, module, "CSRF_TRUSTED_ORIGINS");
  if (!value) return out;
  for (const Value& alternative : django::settings::alternatives(*value)) {
    if (!alternative.is_sequence()) continue;
    for (const Value& origin : alternative.items) {
      if (origin.kind == Value::Kind::Str && wrong_form(origin.text, needs_scheme)) {
        out += fmt::format("{}'{}'", out.empty() ? "" : ", ", origin.text);
      }
    }
    if (!out.empty()) break;
  }
  return out;
}

void check(const project::Project& analysed, Findings& out) {
  const bool needs_scheme =
      !(analysed.model_options().django_version < django::DjangoVersion{4, 0});
  SettingCheck setting_check;
  setting_check.rule = &kCsrfTrustedOriginsScheme;
  setting_check.cause = "CSRF_TRUSTED_ORIGINS";
  setting_check.production_only = !needs_scheme;
  setting_check.fires = [needs_scheme](const project::Project& project,
                                       const project::SettingsModule& module) {
    return test_setting(project, module, "CSRF_TRUSTED_ORIGINS", [&](const Value& origins) {
      return has_wrong_entry(origins, needs_scheme);
    });
  };
  setting_check.message = [needs_scheme](const project::Project& project,
                                         const project::SettingsModule& module, bool certain) {
    const std::string entries = wrong_entries(project, module, needs_scheme);
    if (needs_scheme) {
      return fmt::format(
          "`CSRF_TRUSTED_ORIGINS` in {} {} {} without a scheme: from Django 4.0 the compatibility "
          "check 4_0.E001 makes `migrate` and every command that runs the system checks exit 1, "
          "and such an entry never matches an Origin header",
          describe(module), certain ? "has" : "may have", entries);
    }
    return fmt::format(
        "`CSRF_TRUSTED_ORIGINS` in {} {} {} with a scheme: Django 3.2 compares the entries with "
        "the Referer's host, so these never match and HTTPS POSTs from them get 403 \"Referer "
        "checking failed\"",
        describe(module), certain ? "has" : "may have", entries);
  };
  setting_check.predicted = [needs_scheme](const project::Project& project,
                                           const project::SettingsModule& module) {
    const std::string entries = wrong_entries(project, module, needs_scheme);
    if (needs_scheme) {
      return fmt::format(
          "?: (4_0.E001) As of Django 4.0, the values in the CSRF_TRUSTED_ORIGINS setting must "
          "start with a scheme (usually http:// or https://) but found {}. See the release notes "
          "for details.",
          entries);
    }
    return std::string(
        "403 Forbidden: CSRF verification failed. Request aborted. (Referer checking failed - "
        "... does not match any trusted origins.)");
  };
  run_setting_check(setting_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kCsrfTrustedOriginsScheme, check);

}  // namespace preflight::rules
