// PF317: Django's security.W009 (`manage.py check --deploy`): a short, repetitive or
// startproject-generated SECRET_KEY, reported at its assignment.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kSecretKeyWeak{
    .code = "PF317",
    .name = "secret-key-weak",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SECRET_KEY is short, repetitive or startproject's (Django's security.W009)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W009`, which `manage.py check --deploy` prints: the `SECRET_KEY` of
a production settings module has fewer than 50 characters, fewer than 5 distinct characters, or
starts with `django-insecure-` (the prefix `startproject` gives the key it writes into
`settings.py`). The key itself never appears in the message.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may". A key read from the environment is not known: preflight says "may" only
when one of the values the module can take is weak, e.g. the literal default of
`os.environ.get("SECRET_KEY", "dev")`. An empty default (`os.environ.get("SECRET_KEY", "")`) is the
idiom that makes a missing variable fail loudly (Django refuses an empty key), so it is not
reported; a strong-looking literal default is PF308's finding.

## What fails in production

Sessions, password-reset tokens, signed cookies and `signing.dumps` payloads are only as strong as
the key: a short key can be brute-forced, and a `django-insecure-` key is usually the one committed
with the project. An empty key stops Django outright ("The SECRET_KEY setting must not be empty.").

## Example

```python
SECRET_KEY = "django-insecure-3x%k!m0v..."
```

## Fix

Generate a key (`python -c "from django.core.management.utils import get_random_secret_key;
print(get_random_secret_key())"`), keep it out of the repository, and read it from the environment:
`SECRET_KEY = os.environ["SECRET_KEY"]`.
)md"};

// W009's verdict on one value of SECRET_KEY; an empty default of an environment read is the
// fail-loud idiom, not a weak key.
std::optional<bool> weak(const Value& key, bool one_of_several) {
  if (key.kind != Value::Kind::Str) return std::nullopt;
  if (key.text.empty() && one_of_several) return false;
  return !strong_secret_key(key.text);
}

std::string key_detail(const project::Project& project, const project::SettingsModule& module) {
  const std::optional<Value> value = effective(project, module, "SECRET_KEY");
  if (!value) return "`SECRET_KEY` is not set";
  const bool several = value->is_candidates();
  for (const Value& key : django::settings::alternatives(*value)) {
    const std::optional<bool> is_weak = weak(key, several);
    if (!is_weak || !*is_weak) continue;
    std::string why;
    if (key.text.empty()) {
      why = "is empty";
    } else if (key.text.starts_with("django-insecure-")) {
      why = "starts with `django-insecure-` (a key startproject generated)";
    } else if (key.text.size() < 50) {
      why = fmt::format("is {} characters long", key.text.size());
    } else {
      why = "has fewer than 5 distinct characters";
    }
    return fmt::format("{}`SECRET_KEY` {}", several ? "one of the values of " : "", why);
  }
  return "`SECRET_KEY` is weak";
}

void check(const project::Project& analysed, Findings& out) {
  const bool from_4_2 = !(analysed.model_options().django_version < django::DjangoVersion{4, 2});
  // 4.2 words it like W025, with "a long and random value".
  const std::string message = fmt::format(
      "Your SECRET_KEY has less than 50 characters, less than 5 unique characters, or it's "
      "prefixed with 'django-insecure-' indicating that it was generated automatically by "
      "Django. Please generate a long and random {}, otherwise many of Django's "
      "security-critical features will be vulnerable to attack.",
      from_4_2 ? "value" : "SECRET_KEY");
  DeployCheck deploy_check;
  deploy_check.rule = &kSecretKeyWeak;
  deploy_check.django_id = "security.W009";
  deploy_check.django_message = message;
  deploy_check.cause = "SECRET_KEY";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    const std::optional<Value> value = effective(project, module, "SECRET_KEY");
    if (!value) return Outcome::unknown();
    const bool several = value->is_candidates();
    return Outcome::over(*value, [&](const Value& key) { return weak(key, several); });
  };
  deploy_check.detail = key_detail;
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSecretKeyWeak, check);

}  // namespace preflight::rules
