// PF303: a middleware listed before the middleware that sets what it uses (request.session,
// request.user): every request fails; and, as information, the cache middleware below
// SessionMiddleware: pages built from one session are served to others.
#include <fmt/format.h>

#include "django/middleware.h"
#include "rules/registry.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

namespace mw = django::middleware;

constexpr RuleInfo kMiddlewareOrder{
    .code = "PF303",
    .name = "middleware-before-its-dependency",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary =
        "a middleware runs before the middleware that sets request.session or "
        "request.user: every request fails",
    .explanation = R"md(
## What it finds

Django's documented middleware ordering constraints whose violation fails at run time, one
message each:

- `AuthenticationMiddleware` without `SessionMiddleware` before it;
- `MessageMiddleware` without `SessionMiddleware` before it, while `MESSAGE_STORAGE` uses the
  session (the default `FallbackStorage` does);
- `LoginRequiredMiddleware` (Django 5.1+) before `AuthenticationMiddleware`;
- a project middleware that reads `request.session` or `request.user` (in `process_request`,
  `process_view`, or `__call__` before it calls `self.get_response`) listed before the
  middleware that sets it.

One documented hint has an effect that can be shown, and is reported as information:

- the cache middleware (`UpdateCacheMiddleware` with `FetchFromCacheMiddleware`, or
  `CacheMiddleware`) listed after `SessionMiddleware`: on the way out the cache stores the
  response before `SessionMiddleware` adds `Vary: Cookie`, so the cache key ignores the cookie
  and a page built from one visitor's session is served from the cache to everyone who asks for
  that URL afterwards, for `CACHE_MIDDLEWARE_SECONDS`.

The other hints (`GZipMiddleware`, `ConditionalGetMiddleware`, `LocaleMiddleware` relative to the
cache, flatpage and redirect fallbacks last) are not reported: no failure shown with real
Django yet.

## What fails in production

Every request that reaches the misplaced middleware fails with HTTP 500:
`AuthenticationMiddleware` raises "The Django authentication middleware requires session
middleware to be installed. Edit your MIDDLEWARE setting to insert
'django.contrib.sessions.middleware.SessionMiddleware' before
'django.contrib.auth.middleware.AuthenticationMiddleware'." (an `AssertionError` on Django 3.2,
`ImproperlyConfigured` from 4.0); the session message storage raises "The session-based
temporary message storage requires session middleware to be installed, and come before the
message middleware in the MIDDLEWARE list."; a project middleware gets `AttributeError:
'WSGIRequest' object has no attribute 'session'` (or `'user'`). Only `django.contrib.admin`'s
system checks notice a missing middleware, and none notices the order.

## Example

```python
MIDDLEWARE = [
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
```

## Fix

Order `MIDDLEWARE` as Django's documentation lists it: `SecurityMiddleware`,
`SessionMiddleware`, `CommonMiddleware`, `CsrfViewMiddleware`, `AuthenticationMiddleware`,
`MessageMiddleware`, then project middleware that uses the session or the user.
)md"};

struct Violation {
  std::string message;
  std::string predicted;
  std::optional<Span> related;
  std::string related_note;
  Severity severity = Severity::Error;
};

constexpr std::string_view kUpdateCache = "django.middleware.cache.UpdateCacheMiddleware";
constexpr std::string_view kFetchFromCache = "django.middleware.cache.FetchFromCacheMiddleware";
constexpr std::string_view kCache = "django.middleware.cache.CacheMiddleware";

std::string position_text(const std::optional<std::size_t>& at) {
  return at ? fmt::format("at position {}", *at + 1) : std::string("absent");
}

std::vector<Violation> violations(const project::Project& project,
                                  const project::SettingsModule& module,
                                  const std::vector<std::string>& stack,
                                  const django::ModuleTable& table) {
  std::vector<Violation> out;
  const auto session = mw::position(stack, mw::kSession);
  const auto authentication = mw::position(stack, mw::kAuthentication);
  const auto messages = mw::position(stack, mw::kMessages);
  const django::DjangoVersion version = project.model_options().django_version;
  const bool asserts = version < django::DjangoVersion{4, 0};
  auto before_session = [&](std::size_t at) { return !session || *session > at; };

  if (authentication && before_session(*authentication)) {
    out.push_back(Violation{
        fmt::format("AuthenticationMiddleware (position {}) needs request.session, but "
                    "SessionMiddleware is {}",
                    *authentication + 1, position_text(session)),
        fmt::format("every request: {} \"The Django authentication middleware requires session "
                    "middleware to be installed. Edit your MIDDLEWARE setting to insert "
                    "'django.contrib.sessions.middleware.SessionMiddleware' before "
                    "'django.contrib.auth.middleware.AuthenticationMiddleware'.\" (HTTP 500)",
                    asserts ? "AssertionError" : "ImproperlyConfigured"),
        std::nullopt, ""});
  }
  if (messages && before_session(*messages)) {
    const std::optional<settings::Value> storage =
        settings::effective(project, module, "MESSAGE_STORAGE");
    const bool uses_session =
        storage && storage->kind == settings::Value::Kind::Str &&
        (storage->text.ends_with(".FallbackStorage") || storage->text.ends_with(".SessionStorage"));
    if (uses_session) {
      out.push_back(Violation{
          fmt::format("MessageMiddleware (position {}) stores messages in the session "
                      "(MESSAGE_STORAGE `{}`), but SessionMiddleware is {}",
                      *messages + 1, storage->text, position_text(session)),
          fmt::format("every request: {} \"The session-based temporary message storage requires "
                      "session middleware to be installed, and come before the message "
                      "middleware in the MIDDLEWARE list.\" (HTTP 500)",
                      asserts ? "AssertionError" : "ImproperlyConfigured"),
          std::nullopt, ""});
    }
  }
  // The cache stores the response (its Vary decides the key) before the middleware listed
  // above it add their Vary headers on the way out.
  const auto update_cache = mw::position(stack, kUpdateCache);
  const auto whole_cache = mw::position(stack, kCache);
  const auto storing =
      update_cache && mw::position(stack, kFetchFromCache) ? update_cache : whole_cache;
  if (storing && session && *session < *storing) {
    out.push_back(Violation{
        fmt::format("the cache middleware ({}, position {}) comes after SessionMiddleware "
                    "(position {}): it stores responses before SessionMiddleware adds "
                    "`Vary: Cookie`",
                    *storing == update_cache ? "UpdateCacheMiddleware" : "CacheMiddleware",
                    *storing + 1, *session + 1),
        "a cached page that read the session (a name, a cart) is served to every visitor who "
        "requests that URL until it expires: the cache key ignores the session cookie",
        std::nullopt, "", Severity::Info});
  }
  if (version >= django::DjangoVersion{5, 1}) {
    const auto login_required = mw::position(stack, mw::kLoginRequired);
    if (login_required && (!authentication || *authentication > *login_required)) {
      out.push_back(Violation{
          fmt::format("LoginRequiredMiddleware (position {}) reads request.user, but "
                      "AuthenticationMiddleware is {}",
                      *login_required + 1, position_text(authentication)),
          "every request: AttributeError \"'WSGIRequest' object has no attribute 'user'\" "
          "(HTTP 500)",
          std::nullopt, ""});
    }
  }
  for (std::size_t i = 0; i < stack.size(); ++i) {
    if (stack[i].starts_with("django.")) continue;
    const mw::ProjectMiddleware facts = mw::analyse_project_middleware(table, stack[i]);
    if (!facts.found) continue;
    if (facts.reads_session && before_session(i)) {
      out.push_back(Violation{
          fmt::format("`{}` (position {}) reads request.session before the next middleware "
                      "runs, but SessionMiddleware is {}",
                      stack[i], i + 1, position_text(session)),
          "every request: AttributeError \"'WSGIRequest' object has no attribute 'session'\" "
          "(HTTP 500)",
          facts.reads_session, "reads request.session here"});
    }
    if (facts.reads_user && (!authentication || *authentication > i)) {
      out.push_back(Violation{
          fmt::format("`{}` (position {}) reads request.user before the next middleware runs, "
                      "but AuthenticationMiddleware is {}",
                      stack[i], i + 1, position_text(authentication)),
          "every request: AttributeError \"'WSGIRequest' object has no attribute 'user'\" "
          "(HTTP 500)",
          facts.reads_user, "reads request.user here"});
    }
  }
  return out;
}

void check(const project::Project& project, Findings& out) {
  // One group per violation text: distinct conditions on one MIDDLEWARE are distinct findings.
  std::map<std::string, settings::FindingsByCause> causes;
  std::vector<std::string> order;
  const django::ModuleTable& table = project.module_table();
  for (const project::SettingsModule& module : project.settings_modules()) {
    const auto stack = settings::string_list(project, module, "MIDDLEWARE");
    if (!stack) continue;
    const auto cause = settings::assigned_at(module, "MIDDLEWARE");
    if (!cause) continue;
    for (Violation& violation : violations(project, module, *stack, table)) {
      auto [it, added] = causes.try_emplace(violation.message);
      if (added) order.push_back(violation.message);
      bool created = false;
      settings::FindingsByCause::Entry& entry = it->second.at(*cause, module, created);
      if (!created) continue;
      entry.message = fmt::format("in {}: {}", settings::describe(module), violation.message);
      entry.predicted = std::move(violation.predicted);
      entry.severity = violation.severity;
      if (violation.related) {
        entry.related.push_back(Related{*violation.related, std::move(violation.related_note)});
      }
    }
  }
  for (const std::string& key : order) causes[key].emit(kMiddlewareOrder, project, out);
}

}  // namespace

PREFLIGHT_RULE(kMiddlewareOrder, check);

}  // namespace preflight::rules
