// PF326: Django's security.W019 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kXFrameOptionsNotDeny{
    .code = "PF326",
    .name = "x-frame-options-not-deny",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "X_FRAME_OPTIONS is not 'DENY' (Django's security.W019)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W019`, which `manage.py check --deploy` prints: `XFrameOptionsMiddleware` is in `MIDDLEWARE` and `X_FRAME_OPTIONS != "DENY"` (the default is `"DENY"`; the comparison is case-sensitive, so `"deny"` fires too).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `X_FRAME_OPTIONS`, or at the module's first line when
it keeps Django's default.

## What fails in production

Pages may be framed by the site itself (`SAMEORIGIN`): a page that renders user content can frame a sensitive page of the same origin.

## Example

```python
X_FRAME_OPTIONS = "SAMEORIGIN"
```

## Fix

Set `X_FRAME_OPTIONS = "DENY"` (or remove the assignment) and mark the few views meant to be framed with `@xframe_options_sameorigin`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You have 'django.middleware.clickjacking.XFrameOptionsMiddleware' in your MIDDLEWARE, but "
      "X_FRAME_OPTIONS is not set to 'DENY'. Unless there is a good reason for your site to serve "
      "other parts of itself in a frame, you should change it to 'DENY'.";
  DeployCheck deploy_check;
  deploy_check.rule = &kXFrameOptionsNotDeny;
  deploy_check.django_id = "security.W019";
  deploy_check.django_message = message;
  deploy_check.cause = "X_FRAME_OPTIONS";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kXFrameOptionsMiddleware) &&
           !equals(project, module, "X_FRAME_OPTIONS", "DENY");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kXFrameOptionsNotDeny, check);

}  // namespace preflight::rules
