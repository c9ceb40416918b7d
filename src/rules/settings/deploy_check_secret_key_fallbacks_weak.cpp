// PF332: Django's security.W025 (`manage.py check --deploy`, Django 4.2 and later): a weak entry
// in SECRET_KEY_FALLBACKS, reported at its assignment.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kSecretKeyFallbacksWeak{
    .code = "PF332",
    .name = "secret-key-fallbacks-weak",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "a SECRET_KEY_FALLBACKS entry is weak (Django's security.W025, 4.2 and later)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W025` (in 4.2 from its security releases, at least 4.2.7, and in
5.x; not in 3.2), which `manage.py check --deploy` prints once per entry of
`SECRET_KEY_FALLBACKS` that fails W009's test: fewer than 50 characters, fewer than 5 distinct
characters, or the `django-insecure-` prefix. preflight reports one finding per settings module,
naming the weak entries by index (never the keys). Checked from hand-written expectations of
Django's source: no Django newer than 3.2 runs in preflight's tests.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may". A value that depends on the environment never gives a definite finding.

## What fails in production

Django still accepts signatures made with every fallback key: sessions, password-reset tokens and
signed cookies can be forged with a weak fallback just as with a weak `SECRET_KEY`.

## Example

```python
SECRET_KEY = os.environ["SECRET_KEY"]
SECRET_KEY_FALLBACKS = ["old-key"]
```

## Fix

Drop fallbacks once the sessions and tokens signed with them have expired, and never keep a weak
or committed key among them.
)md"};

// The indexes of the known weak entries; nullopt when there is none and some entry (or the list
// itself) is unknown.
std::optional<std::vector<std::size_t>> weak_entries(const Value& fallbacks) {
  if (!fallbacks.is_sequence()) return std::nullopt;
  std::vector<std::size_t> weak;
  bool unknown = false;
  for (std::size_t i = 0; i < fallbacks.items.size(); ++i) {
    const Value& key = fallbacks.items[i];
    if (key.kind != Value::Kind::Str) {
      unknown = true;
    } else if (!strong_secret_key(key.text)) {
      weak.push_back(i);
    }
  }
  if (weak.empty() && unknown) return std::nullopt;
  return weak;
}

void check(const project::Project& analysed, Findings& out) {
  DeployCheck deploy_check;
  deploy_check.rule = &kSecretKeyFallbacksWeak;
  deploy_check.django_id = "security.W025";
  deploy_check.django_message =
      "Your SECRET_KEY_FALLBACKS[n] has less than 50 characters, less than 5 unique characters, "
      "or it's prefixed with 'django-insecure-' indicating that it was generated automatically "
      "by Django. Please generate a long and random value, otherwise many of Django's "
      "security-critical features will be vulnerable to attack.";
  deploy_check.cause = "SECRET_KEY_FALLBACKS";
  deploy_check.since = django::DjangoVersion{4, 2};
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return test_setting(project, module, "SECRET_KEY_FALLBACKS",
                        [](const Value& fallbacks) -> std::optional<bool> {
                          const auto weak = weak_entries(fallbacks);
                          if (!weak) return std::nullopt;
                          return !weak->empty();
                        });
  };
  deploy_check.detail = [](const project::Project& project, const project::SettingsModule& module) {
    const std::optional<Value> value = effective(project, module, "SECRET_KEY_FALLBACKS");
    std::string indexes;
    if (value) {
      for (const Value& alternative : django::settings::alternatives(*value)) {
        const auto weak = weak_entries(alternative);
        if (!weak || weak->empty()) continue;
        for (const std::size_t i : *weak) {
          indexes += fmt::format("{}`SECRET_KEY_FALLBACKS[{}]`", indexes.empty() ? "" : ", ", i);
        }
        break;
      }
    }
    return fmt::format("{} {} weak", indexes.empty() ? "an entry" : indexes,
                       indexes.find(',') == std::string::npos ? "is" : "are");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSecretKeyFallbacksWeak, check);

}  // namespace preflight::rules
