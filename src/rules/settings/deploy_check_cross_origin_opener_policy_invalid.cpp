// PF331: Django's security.E024 (`manage.py check --deploy`, Django 4.0 and later):
// SECURE_CROSS_ORIGIN_OPENER_POLICY holds an invalid value, reported at its assignment.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kCrossOriginOpenerPolicyInvalid{
    .code = "PF331",
    .name = "cross-origin-opener-policy-invalid",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary = "SECURE_CROSS_ORIGIN_OPENER_POLICY holds an invalid value (Django's security.E024)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.E024` (Django 4.0 and later; the setting does not exist in 3.2),
which `manage.py check --deploy` prints: `SecurityMiddleware` is in `MIDDLEWARE` and
`SECURE_CROSS_ORIGIN_OPENER_POLICY` is neither `None` nor one of `same-origin`,
`same-origin-allow-popups`, `unsafe-none` (case-sensitive). Checked from hand-written
expectations of Django 4.2's source: no Django newer than 3.2 runs in preflight's tests.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may". A value that depends on the environment never gives a definite finding.

## What fails in production

Browsers ignore an unknown `Cross-Origin-Opener-Policy` value, so pages opened by other sites
keep a handle on the window (`window.opener`), which the policy was meant to cut. It is an Error:
`check --deploy` exits 1.

## Example

```python
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same_origin"
```

## Fix

Use `"same-origin"` (the default), `"same-origin-allow-popups"`, `"unsafe-none"`, or `None` to send
no header.
)md"};

void check(const project::Project& analysed, Findings& out) {
  DeployCheck deploy_check;
  deploy_check.rule = &kCrossOriginOpenerPolicyInvalid;
  deploy_check.django_id = "security.E024";
  deploy_check.django_message =
      "You have set the SECURE_CROSS_ORIGIN_OPENER_POLICY setting to an invalid value. HINT: "
      "Valid values are: same-origin, same-origin-allow-popups, unsafe-none.";
  deploy_check.cause = "SECURE_CROSS_ORIGIN_OPENER_POLICY";
  deploy_check.since = django::DjangoVersion{4, 0};
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           test_setting(project, module, "SECURE_CROSS_ORIGIN_OPENER_POLICY",
                        [](const Value& policy) -> std::optional<bool> {
                          if (policy.kind == Value::Kind::None) return false;
                          if (policy.kind == Value::Kind::Str) {
                            return policy.text != "same-origin" &&
                                   policy.text != "same-origin-allow-popups" &&
                                   policy.text != "unsafe-none";
                          }
                          if (!policy.fully_known()) return std::nullopt;
                          return true;  // `in` a set of strings: any other value is not
                        });
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kCrossOriginOpenerPolicyInvalid, check);

}  // namespace preflight::rules
