// PF311: Django's security.W002 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kXframeMiddlewareMissing{
    .code = "PF311",
    .name = "xframe-middleware-missing",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "XFrameOptionsMiddleware is not in MIDDLEWARE (Django's security.W002)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W002`, which `manage.py check --deploy` prints: `MIDDLEWARE` does not contain `"django.middleware.clickjacking.XFrameOptionsMiddleware"` (exact string).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `MIDDLEWARE`, or at the module's first line when
it keeps Django's default.

## What fails in production

Responses carry no `X-Frame-Options` header: any site can frame the pages (clickjacking).

## Example

```python
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
```

## Fix

Add `"django.middleware.clickjacking.XFrameOptionsMiddleware"` to `MIDDLEWARE`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You do not have 'django.middleware.clickjacking.XFrameOptionsMiddleware' in your "
      "MIDDLEWARE, so your pages will not be served with an 'x-frame-options' header. Unless there "
      "is a good reason for your site to be served in a frame, you should consider enabling this "
      "header to help prevent clickjacking attacks.";
  DeployCheck deploy_check;
  deploy_check.rule = &kXframeMiddlewareMissing;
  deploy_check.django_id = "security.W002";
  deploy_check.django_message = message;
  deploy_check.cause = "MIDDLEWARE";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return !contains(project, module, "MIDDLEWARE", kXFrameOptionsMiddleware);
  };
  deploy_check.detail = [](const project::Project&, const project::SettingsModule&) {
    return fmt::format("`MIDDLEWARE` lacks `{}`", kXFrameOptionsMiddleware);
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kXframeMiddlewareMissing, check);

}  // namespace preflight::rules
