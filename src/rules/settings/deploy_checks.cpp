#include "rules/settings/deploy_checks.h"

#include <fmt/format.h>

#include <set>

#include "django/settings/masking.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules::settings {

using django::settings::Value;

Outcome Outcome::over(const Value& value,
                      const std::function<std::optional<bool>(const Value&)>& test) {
  std::uint8_t bits = 0;
  for (const Value& alternative : django::settings::alternatives(value)) {
    bits |= Outcome::of(test(alternative)).bits_;
  }
  return Outcome(bits ? bits : kUnknown);
}

Outcome Outcome::operator!() const {
  std::uint8_t bits = bits_ & kUnknown;
  if (bits_ & kTrue) bits |= kFalse;
  if (bits_ & kFalse) bits |= kTrue;
  return Outcome(bits);
}

namespace {

// Python's `and`/`or` on one pair of outcomes, with unknown as a third value.
std::uint8_t combine(std::uint8_t a, std::uint8_t b, bool conjunction) {
  const std::uint8_t absorbing = conjunction ? 2 : 1;  // False for `and`, True for `or`
  if (a == absorbing || b == absorbing) return absorbing;
  if (a == 4 || b == 4) return 4;
  return a;  // both the neutral value
}

std::uint8_t lift(std::uint8_t a, std::uint8_t b, bool conjunction) {
  std::uint8_t out = 0;
  for (std::uint8_t x : {1, 2, 4}) {
    if (!(a & x)) continue;
    for (std::uint8_t y : {1, 2, 4}) {
      if (b & y) out |= combine(x, y, conjunction);
    }
  }
  return out;
}

}  // namespace

Outcome operator&&(Outcome a, Outcome b) {
  return Outcome(lift(a.bits_, b.bits_, true));
}

Outcome operator||(Outcome a, Outcome b) {
  return Outcome(lift(a.bits_, b.bits_, false));
}

Outcome test_setting(const project::Project& project, const project::SettingsModule& module,
                     std::string_view name,
                     const std::function<std::optional<bool>(const Value&)>& test) {
  const std::optional<Value> value = effective(project, module, name);
  if (!value) return Outcome::unknown();
  return Outcome::over(*value, test);
}

Outcome contains(const project::Project& project, const project::SettingsModule& module,
                 std::string_view name, std::string_view item) {
  return test_setting(project, module, name, [&](const Value& list) -> std::optional<bool> {
    if (!list.is_sequence()) return std::nullopt;
    bool unknown_item = false;
    for (const Value& entry : list.items) {
      if (entry.kind == Value::Kind::Str) {
        if (entry.text == item) return true;
      } else if (entry.is_unknown() || entry.is_candidates()) {
        unknown_item = true;
      }
    }
    if (unknown_item) return std::nullopt;
    return false;
  });
}

Outcome is_true(const project::Project& project, const project::SettingsModule& module,
                std::string_view name) {
  return test_setting(project, module, name, [](const Value& value) -> std::optional<bool> {
    if (value.is_unknown()) return std::nullopt;
    return value.kind == Value::Kind::Bool && value.boolean;
  });
}

Outcome truthy(const project::Project& project, const project::SettingsModule& module,
               std::string_view name) {
  return test_setting(project, module, name, [](const Value& value) { return value.truth(); });
}

Outcome equals(const project::Project& project, const project::SettingsModule& module,
               std::string_view name, std::string_view text) {
  return test_setting(project, module, name, [&](const Value& value) -> std::optional<bool> {
    if (value.kind == Value::Kind::Str) return value.text == text;
    if (!value.fully_known()) return std::nullopt;
    return false;
  });
}

Outcome is_none(const project::Project& project, const project::SettingsModule& module,
                std::string_view name) {
  return test_setting(project, module, name, [](const Value& value) -> std::optional<bool> {
    if (value.is_unknown()) return std::nullopt;
    return value.kind == Value::Kind::None;
  });
}

Outcome cookie_flag_off(const project::Project& project, const project::SettingsModule& module,
                        std::string_view name) {
  if (project.model_options().django_version < django::DjangoVersion{4, 0}) {
    return !truthy(project, module, name);
  }
  return !is_true(project, module, name);
}

bool strong_secret_key(std::string_view key) {
  // Django counts code points; a key of ASCII characters is the common case, and counting UTF-8
  // continuation bytes apart keeps the count right for the others.
  std::size_t length = 0;
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < key.size();) {
    std::size_t next = i + 1;
    while (next < key.size() && (static_cast<unsigned char>(key[next]) & 0xC0) == 0x80) ++next;
    distinct.emplace(key.substr(i, next - i));
    ++length;
    i = next;
  }
  return distinct.size() >= 5 && length >= 50 && !key.starts_with("django-insecure-");
}

std::string value_phrase(const project::Project& project, const project::SettingsModule& module,
                         std::string_view name) {
  const bool secret = django::settings::is_secret_name(name);
  if (const auto* setting = module.settings.find(name)) {
    return fmt::format("`{} = {}`", name,
                       django::settings::repr(django::settings::mask(setting->value, secret)));
  }
  const std::optional<Value> fallback = effective(project, module, name);
  if (!fallback) return fmt::format("`{}` is not set", name);
  return fmt::format("`{}` keeps Django's default `{}`", name,
                     django::settings::repr(django::settings::mask(*fallback, secret)));
}

void run_setting_check(const SettingCheck& check, const project::Project& project, Findings& out) {
  FindingsByCause causes;
  for (const project::SettingsModule& module : project.settings_modules()) {
    if (!module.settings.found) continue;
    if (check.production_only && module.production == project::ProductionLike::No) continue;
    const Outcome outcome = check.fires(project, module);
    if (!outcome.possible()) continue;
    const bool certain = outcome.certain() && (!check.production_only ||
                                               module.production == project::ProductionLike::Yes);
    const std::optional<Span> assigned = assigned_at(module, check.cause);
    const std::optional<Span> span = assigned ? assigned : module_span(project, module);
    if (!span) continue;
    bool created = false;
    FindingsByCause::Entry& entry = causes.at(*span, module, created);
    if (!created) continue;
    entry.message = check.message(project, module, certain);
    if (check.predicted) entry.predicted = check.predicted(project, module);
    entry.severity = check.rule->severity;
  }
  causes.emit(*check.rule, project, out);
}

void run_deploy_check(const DeployCheck& check, const project::Project& project, Findings& out) {
  const django::DjangoVersion version = project.model_options().django_version;
  if (version < check.since || (check.until && !(version < *check.until))) return;
  SettingCheck setting_check;
  setting_check.rule = check.rule;
  setting_check.cause = check.cause;
  setting_check.production_only = check.production_only;
  setting_check.fires = check.fires;
  setting_check.message = [&](const project::Project& analysed,
                              const project::SettingsModule& module, bool certain) {
    const std::string detail =
        check.detail ? check.detail(analysed, module) : value_phrase(analysed, module, check.cause);
    std::string condition;
    if (!check.fires(analysed, module).certain()) {
      condition = " (it depends on values known only at run time)";
    } else if (!certain) {
      condition = " if the module runs in production";
    }
    return fmt::format("{} in {}: `manage.py check --deploy` {} {}{}: {}", detail, describe(module),
                       certain ? "reports" : "may report", check.django_id, condition,
                       check.django_message);
  };
  setting_check.predicted = [&](const project::Project&, const project::SettingsModule&) {
    return fmt::format("`manage.py check --deploy` prints \"?: ({}) {}\"", check.django_id,
                       check.django_message);
  };
  run_setting_check(setting_check, project, out);
}

}  // namespace preflight::rules::settings
