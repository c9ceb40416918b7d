// PF330: Django's security.E023 (`manage.py check --deploy`): SECURE_REFERRER_POLICY holds a value
// browsers do not know, reported at its assignment.
#include <fmt/format.h>

#include <set>
#include <string>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kReferrerPolicyInvalid{
    .code = "PF330",
    .name = "referrer-policy-invalid",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary = "SECURE_REFERRER_POLICY holds an invalid value (Django's security.E023)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.E023`, which `manage.py check --deploy` prints: `SecurityMiddleware`
is in `MIDDLEWARE` and `SECURE_REFERRER_POLICY` (a comma-separated string, each part stripped, or a
list/tuple of strings) holds a value outside `no-referrer`, `no-referrer-when-downgrade`,
`origin`, `origin-when-cross-origin`, `same-origin`, `strict-origin`,
`strict-origin-when-cross-origin`, `unsafe-url` (case-sensitive). `None` is W022 (PF329).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may". A value that depends on the environment never gives a definite finding.

## What fails in production

The header is sent as written, and browsers ignore a policy they do not know (falling back to
their default, `strict-origin-when-cross-origin`), so the intended policy is silently not applied.
It is an Error: `check --deploy --fail-level ERROR` (the default) exits 1.

## Example

```python
SECURE_REFERRER_POLICY = "same_origin"
```

## Fix

Use one of the valid values, e.g. `SECURE_REFERRER_POLICY = "same-origin"`.
)md"};

const std::set<std::string, std::less<>>& valid_policies() {
  static const std::set<std::string, std::less<>> values = {
      "no-referrer", "no-referrer-when-downgrade",      "origin",     "origin-when-cross-origin",
      "same-origin", "strict-origin-when-cross-origin", "unsafe-url", "strict-origin"};
  return values;
}

// Django splits a string on commas and strips each part; other iterables are taken as they are.
std::optional<bool> invalid_policy(const Value& policy) {
  if (policy.kind == Value::Kind::None) return false;  // W022's case
  if (policy.kind == Value::Kind::Str) {
    std::size_t begin = 0;
    while (true) {
      const std::size_t comma = policy.text.find(',', begin);
      std::string part = policy.text.substr(begin, comma - begin);
      const auto first = part.find_first_not_of(" \t\n\r\f\v");
      part = first == std::string::npos
                 ? ""
                 : part.substr(first, part.find_last_not_of(" \t\n\r\f\v") - first + 1);
      if (!valid_policies().count(part)) return true;
      if (comma == std::string::npos) return false;
      begin = comma + 1;
    }
  }
  if (policy.is_sequence()) {
    bool unknown = false;
    for (const Value& item : policy.items) {
      if (item.kind == Value::Kind::Str) {
        if (!valid_policies().count(item.text)) return true;
      } else if (item.is_unknown() || item.is_candidates()) {
        unknown = true;
      } else {
        return true;  // not a string: never among the valid values
      }
    }
    if (unknown) return std::nullopt;
    return false;
  }
  return std::nullopt;
}

void check(const project::Project& analysed, Findings& out) {
  DeployCheck deploy_check;
  deploy_check.rule = &kReferrerPolicyInvalid;
  deploy_check.django_id = "security.E023";
  deploy_check.django_message =
      "You have set the SECURE_REFERRER_POLICY setting to an invalid value. HINT: Valid values "
      "are: no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, "
      "same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url.";
  deploy_check.cause = "SECURE_REFERRER_POLICY";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           test_setting(project, module, "SECURE_REFERRER_POLICY", invalid_policy);
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kReferrerPolicyInvalid, check);

}  // namespace preflight::rules
