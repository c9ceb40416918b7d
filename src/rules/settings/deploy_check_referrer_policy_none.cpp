// PF329: Django's security.W022 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kReferrerPolicyNone{
    .code = "PF329",
    .name = "referrer-policy-none",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SECURE_REFERRER_POLICY is None (Django's security.W022)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W022`, which `manage.py check --deploy` prints: `SecurityMiddleware` is in `MIDDLEWARE` and `SECURE_REFERRER_POLICY is None` (the default is `"same-origin"`, so this fires only when the project sets `None`).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SECURE_REFERRER_POLICY`, or at the module's first line when
it keeps Django's default.

## What fails in production

No `Referrer-Policy` header: full URLs, with any tokens in their query strings, leak to other sites in the `Referer` header.

## Example

```python
SECURE_REFERRER_POLICY = None
```

## Fix

Remove the assignment (default `"same-origin"`) or set a policy such as `"strict-origin-when-cross-origin"`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You have not set the SECURE_REFERRER_POLICY setting. Without this, your site will not send "
      "a Referrer-Policy header. You should consider enabling this header to protect user privacy.";
  DeployCheck deploy_check;
  deploy_check.rule = &kReferrerPolicyNone;
  deploy_check.django_id = "security.W022";
  deploy_check.django_message = message;
  deploy_check.cause = "SECURE_REFERRER_POLICY";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           is_none(project, module, "SECURE_REFERRER_POLICY");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kReferrerPolicyNone, check);

}  // namespace preflight::rules
