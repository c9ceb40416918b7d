// PF305: ALLOWED_HOSTS accepts any Host ('*') in a production settings module; Django's deploy
// checks only ask that it be non-empty.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kAllowedHostsWildcard{
    .code = "PF305",
    .name = "allowed-hosts-wildcard",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "ALLOWED_HOSTS contains '*' in production: any Host header is accepted",
    .explanation = R"md(
## What it finds

`ALLOWED_HOSTS` contains `"*"` in a settings module that runs in production (one a deployment
file names, one whose name says production, or one with `DEBUG` False; a module whose `DEBUG`
depends on the environment gets the finding with "may"). Django's `check --deploy` does not
report it: W020 only asks for a non-empty list. A list that depends on the environment is
reported ("may") only when one of the values it can take contains `"*"`.

## What fails in production

Host validation is off: `request.get_host()` returns whatever `Host` (or, with
`USE_X_FORWARDED_HOST`, `X-Forwarded-Host`) the client sent. Everything that builds absolute URLs
from it trusts the attacker: the password-reset e-mail of `PasswordResetView` links to
`https://evil.example/reset/<uid>/<token>/` (host-header poisoning: the victim's click hands over
the token), `build_absolute_uri()` in e-mails and API responses, and caches keyed on the host.

## Example

```python
# mysite/settings/production.py
ALLOWED_HOSTS = ["*"]
```

## Fix

List the names the site is served under (`ALLOWED_HOSTS = ["api.example.com"]`, or
`".example.com"` for a domain and its subdomains), read from the environment if they vary per
deployment. Health checks that reach the container by IP need that IP or `localhost` listed too.
)md"};

void check(const project::Project& analysed, Findings& out) {
  SettingCheck setting_check;
  setting_check.rule = &kAllowedHostsWildcard;
  setting_check.cause = "ALLOWED_HOSTS";
  setting_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "ALLOWED_HOSTS", "*");
  };
  setting_check.message = [](const project::Project&, const project::SettingsModule& module,
                             bool certain) {
    return fmt::format(
        "`ALLOWED_HOSTS` {} `'*'` in {}: Django accepts any Host header, so password-reset links "
        "and every absolute URL built from the request can point at an attacker's host "
        "(host-header poisoning); `check --deploy` does not report it",
        certain ? "contains" : "may contain", describe(module));
  };
  setting_check.predicted = [](const project::Project&, const project::SettingsModule&) {
    return std::string(
        "a request with `Host: evil.example` is served, and the password-reset e-mail it "
        "triggers links to https://evil.example/reset/...");
  };
  run_setting_check(setting_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kAllowedHostsWildcard, check);

}  // namespace preflight::rules
