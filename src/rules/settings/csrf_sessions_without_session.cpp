// PF301: CSRF_USE_SESSIONS with SessionMiddleware missing or after CsrfViewMiddleware.
#include <fmt/format.h>

#include "django/middleware.h"
#include "rules/registry.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

namespace mw = django::middleware;

constexpr RuleInfo kCsrfSessionsWithoutSession{
    .code = "PF301",
    .name = "csrf-sessions-without-session-middleware",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary =
        "CSRF_USE_SESSIONS without SessionMiddleware before CsrfViewMiddleware: every "
        "request fails",
    .explanation = R"md(
## What it finds

A settings module with `CSRF_USE_SESSIONS = True` whose `MIDDLEWARE` has
`CsrfViewMiddleware` but no `SessionMiddleware` before it (missing, or listed after it).

## What fails in production

With `CSRF_USE_SESSIONS`, `CsrfViewMiddleware.process_request` reads the token from
`request.session` on every request, GET included. Without the session it raises
`ImproperlyConfigured("CSRF_USE_SESSIONS is enabled, but request.session is not set.
SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.")`. Django turns the
exception into a 500 by calling `handler500`, whose default view is decorated with
`@requires_csrf_token`: it runs the same code and raises again, so the exception escapes Django
and the WSGI server answers with its own 500 page (gunicorn: "Internal Server Error"), without
Django's logging of the request. No system check sees it; `manage.py check --deploy` passes.

## Example

```python
CSRF_USE_SESSIONS = True
MIDDLEWARE = [
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",  # too late
]
```

## Fix

Put `django.contrib.sessions.middleware.SessionMiddleware` before `CsrfViewMiddleware` — in
fact first, or right after `SecurityMiddleware` only when nothing before it can reject a request
(see PF302) — or keep the CSRF token in its cookie (`CSRF_USE_SESSIONS = False`).
)md"};

void check(const project::Project& project, Findings& out) {
  settings::FindingsByCause causes;
  for (const project::SettingsModule& module : project.settings_modules()) {
    if (!settings::may_be_true(project, module, "CSRF_USE_SESSIONS")) continue;
    const auto stack = settings::string_list(project, module, "MIDDLEWARE");
    if (!stack) continue;
    const auto csrf = mw::position(*stack, mw::kCsrf);
    const auto session = mw::position(*stack, mw::kSession);
    if (!csrf || (session && *session < *csrf)) continue;
    const auto cause = settings::assigned_at(module, "CSRF_USE_SESSIONS");
    if (!cause) continue;
    bool created = false;
    settings::FindingsByCause::Entry& entry = causes.at(*cause, module, created);
    if (!created) continue;
    const bool definite = settings::truth(project, module, "CSRF_USE_SESSIONS").value_or(false);
    const std::string where =
        session ? fmt::format("SessionMiddleware is listed after it (position {} of {})",
                              *session + 1, stack->size())
                : std::string("SessionMiddleware is not in MIDDLEWARE");
    entry.severity = definite ? Severity::Error : Severity::Warning;
    entry.message = fmt::format(
        "{}CSRF_USE_SESSIONS keeps the CSRF token in the session, but in {} CsrfViewMiddleware "
        "(position {}) runs without a session: {}; every request {} fail, GET included",
        definite ? "" : "CSRF_USE_SESSIONS may be True here: ", settings::describe(module),
        *csrf + 1, where, definite ? "will" : "would");
    entry.predicted =
        "HTTP 500 on every request: ImproperlyConfigured \"CSRF_USE_SESSIONS is enabled, but "
        "request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in "
        "MIDDLEWARE.\"; with DEBUG off the 500 view raises it again, so the WSGI server answers "
        "with its own error page";
    if (const auto middleware = settings::assigned_at(module, "MIDDLEWARE")) {
      entry.related.push_back(Related{*middleware, "MIDDLEWARE is set here"});
    }
  }
  causes.emit(kCsrfSessionsWithoutSession, project, out);
}

}  // namespace

PREFLIGHT_RULE(kCsrfSessionsWithoutSession, check);

}  // namespace preflight::rules
