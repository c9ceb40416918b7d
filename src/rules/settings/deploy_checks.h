// What the rules reproducing Django's `manage.py check --deploy` (PF310 onwards) share: a
// three-valued reading of Django's conditions over the alternatives a settings module leaves,
// and one runner that reports each check at its cause in the production-like modules.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "django/settings/value.h"
#include "django/target_version.h"
#include "project/project.h"

namespace preflight::rules::settings {

// The outcomes a condition can have over the alternatives of the values it reads: a set of
// {true, false, unknown}. A finding is definite only when the set is {true}; it is a "may" when
// true is among several; an unknown alone never gives a finding.
class Outcome {
 public:
  static Outcome yes() { return Outcome(kTrue); }
  static Outcome no() { return Outcome(kFalse); }
  static Outcome unknown() { return Outcome(kUnknown); }
  static Outcome of(std::optional<bool> value) {
    return value ? (*value ? yes() : no()) : unknown();
  }
  // The outcome over the alternatives of `value`, `test` deciding each (nullopt: unknown).
  static Outcome over(
      const django::settings::Value& value,
      const std::function<std::optional<bool>(const django::settings::Value&)>& test);

  bool certain() const { return bits_ == kTrue; }
  bool possible() const { return (bits_ & kTrue) != 0; }

  Outcome operator!() const;
  // Lifted over every pair of outcomes (the settings read are taken as independent).
  friend Outcome operator&&(Outcome a, Outcome b);
  friend Outcome operator||(Outcome a, Outcome b);
  // Either set: the outcomes of alternatives.
  Outcome merged(Outcome other) const { return Outcome(bits_ | other.bits_); }

 private:
  static constexpr std::uint8_t kTrue = 1;
  static constexpr std::uint8_t kFalse = 2;
  static constexpr std::uint8_t kUnknown = 4;
  explicit Outcome(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_;
};

inline constexpr std::string_view kSecurityMiddleware =
    "django.middleware.security.SecurityMiddleware";
inline constexpr std::string_view kXFrameOptionsMiddleware =
    "django.middleware.clickjacking.XFrameOptionsMiddleware";
inline constexpr std::string_view kCsrfMiddleware = "django.middleware.csrf.CsrfViewMiddleware";
inline constexpr std::string_view kSessionMiddleware =
    "django.contrib.sessions.middleware.SessionMiddleware";
inline constexpr std::string_view kSessionsApp = "django.contrib.sessions";

// `item in settings.NAME` (exact string membership, as the deploy checks test MIDDLEWARE).
Outcome contains(const project::Project& project, const project::SettingsModule& module,
                 std::string_view name, std::string_view item);
// `settings.NAME is True`.
Outcome is_true(const project::Project& project, const project::SettingsModule& module,
                std::string_view name);
// `bool(settings.NAME)`.
Outcome truthy(const project::Project& project, const project::SettingsModule& module,
               std::string_view name);
// `settings.NAME == text`.
Outcome equals(const project::Project& project, const project::SettingsModule& module,
               std::string_view name, std::string_view text);
// `settings.NAME is None`.
Outcome is_none(const project::Project& project, const project::SettingsModule& module,
                std::string_view name);
// `test` over the alternatives of the setting's effective value (unknown when there is none).
Outcome test_setting(
    const project::Project& project, const project::SettingsModule& module, std::string_view name,
    const std::function<std::optional<bool>(const django::settings::Value&)>& test);

// The cookie flag tests of W010-W016: `not settings.NAME` in Django 3.2, `settings.NAME is not
// True` from 4.0 on (a truthy string read from the environment without a cast passes only on 3.2).
Outcome cookie_flag_off(const project::Project& project, const project::SettingsModule& module,
                        std::string_view name);

// Django's test of a secret key (W009, W025): at least 50 characters, 5 distinct ones, and not
// the "django-insecure-" prefix of startproject's keys.
bool strong_secret_key(std::string_view key);

// One of Django's deploy checks, reported where `cause` was last assigned (or at the module's
// first line when it keeps Django's default).
struct DeployCheck {
  const RuleInfo* rule = nullptr;
  std::string_view django_id;       // "security.W004"
  std::string_view django_message;  // the message `check --deploy` prints
  std::string_view cause;           // the setting the finding points at
  // Versions the check exists in: [since, until).
  django::DjangoVersion since{3, 2};
  std::optional<django::DjangoVersion> until;
  // Django's condition for reporting the check, over the module's settings.
  std::function<Outcome(const project::Project&, const project::SettingsModule&)> fires;
  // Optional: what makes it fire in this module, for the message (default: the cause's value).
  std::function<std::string(const project::Project&, const project::SettingsModule&)> detail;
  // False for checks that are not deploy-only (E100): every module that runs is concerned.
  bool production_only = true;
};

void run_deploy_check(const DeployCheck& check, const project::Project& project, Findings& out);

// A settings check of preflight's own (PF305-PF309), run like the deploy checks: `fires` over
// each module concerned, one finding per cause with `message`.
struct SettingCheck {
  const RuleInfo* rule = nullptr;
  std::string_view cause;
  bool production_only = true;
  std::function<Outcome(const project::Project&, const project::SettingsModule&)> fires;
  // `certain`: the outcome is certain and the module certainly runs in production.
  std::function<std::string(const project::Project&, const project::SettingsModule&, bool certain)>
      message;
  std::function<std::string(const project::Project&, const project::SettingsModule&)> predicted;
};

void run_setting_check(const SettingCheck& check, const project::Project& project, Findings& out);

// "`SECURE_HSTS_SECONDS = 0`" or "`SECURE_HSTS_SECONDS` keeps Django's default `0`", for messages.
std::string value_phrase(const project::Project& project, const project::SettingsModule& module,
                         std::string_view name);

}  // namespace preflight::rules::settings
