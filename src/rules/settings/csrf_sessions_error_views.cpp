// PF302: CSRF_USE_SESSIONS with a middleware before SessionMiddleware that can reject a request:
// the error view needs the session, so the 400/403 becomes the WSGI server's 500.
#include <fmt/format.h>

#include "django/middleware.h"
#include "rules/registry.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

namespace mw = django::middleware;

constexpr RuleInfo kCsrfSessionsErrorViews{
    .code = "PF302",
    .name = "csrf-sessions-error-view-without-session",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary =
        "CSRF_USE_SESSIONS with a middleware before SessionMiddleware that can reject a "
        "request: the 400 becomes a 500",
    .explanation = R"md(
## What it finds

A settings module with `CSRF_USE_SESSIONS = True`, `SessionMiddleware` correctly before
`CsrfViewMiddleware` (else PF301), `DEBUG` off, and a middleware **before** `SessionMiddleware`
that can reject a request:

- `SecurityMiddleware` with `SECURE_SSL_REDIRECT` and no `SECURE_SSL_HOST`: to build the
  redirect it calls `request.get_host()`, which raises `DisallowedHost` for a `Host` that
  `ALLOWED_HOSTS` rejects — for every plain-HTTP request to a path `SECURE_REDIRECT_EXEMPT`
  does not match;
- `CommonMiddleware`: it calls `get_host()` on every request, and raises `PermissionDenied` for a
  `User-Agent` matching `DISALLOWED_USER_AGENTS`;
- a project middleware that calls `request.get_host()`/`build_absolute_uri()` or raises
  `PermissionDenied`, `SuspiciousOperation`, `BadRequest` or `Http404` before calling the next
  one.

## What fails in production

Django answers the rejection with its error view (`handler400` for `DisallowedHost`,
`handler403` for `PermissionDenied`). The default error views are decorated with
`@requires_csrf_token`, which runs `CsrfViewMiddleware.process_request`; with
`CSRF_USE_SESSIONS` that reads `request.session`, which does not exist yet because
`SessionMiddleware` never ran: `ImproperlyConfigured: CSRF_USE_SESSIONS is enabled, but
request.session is not set.` Django then calls `handler500`, which has the same decorator and
raises again, so the exception escapes Django and the WSGI server answers with its own 500
page. A health check or a load balancer probe with an unexpected `Host` sees 500 instead of 400,
and the log shows an `ImproperlyConfigured` that names the wrong cause (the order of
`SessionMiddleware` and `CsrfViewMiddleware` is right). With `DEBUG = True` Django renders its
technical page instead of the error view, so this never shows in development. Same behaviour
in Django 3.2 through 5.x.

## Example

```python
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",   # rejects before the session exists
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
SECURE_SSL_REDIRECT = True
CSRF_USE_SESSIONS = True
```

## Fix

Put `SessionMiddleware` first, before every middleware that can reject a request (creating the
session object costs nothing until something reads it), or keep the CSRF token in its cookie
(`CSRF_USE_SESSIONS = False`).
)md"};

struct Rejection {
  std::string what;  // "SecurityMiddleware (position 1): …"
  bool definite = false;
  std::optional<Span> span;  // where the project middleware rejects
};

std::vector<Rejection> rejections_before_session(const project::Project& project,
                                                 const project::SettingsModule& module,
                                                 const std::vector<std::string>& stack,
                                                 std::size_t session,
                                                 const django::ModuleTable& table) {
  std::vector<Rejection> out;
  const std::optional<bool> redirect = settings::truth(project, module, "SECURE_SSL_REDIRECT");
  const std::optional<bool> ssl_host = settings::truth(project, module, "SECURE_SSL_HOST");
  const bool may_redirect = settings::may_be_true(project, module, "SECURE_SSL_REDIRECT");
  for (std::size_t i = 0; i < session; ++i) {
    const std::string& name = stack[i];
    if (name == mw::kSecurity) {
      if (!may_redirect || ssl_host == true) continue;
      out.push_back(Rejection{
          fmt::format("SecurityMiddleware (position {}) redirects plain-HTTP requests "
                      "(SECURE_SSL_REDIRECT{}) and, with no SECURE_SSL_HOST, calls "
                      "request.get_host() to build the redirect: DisallowedHost for every "
                      "plain-HTTP request whose Host ALLOWED_HOSTS rejects, on every path "
                      "SECURE_REDIRECT_EXEMPT does not match",
                      i + 1, redirect == true ? "" : " may be on"),
          redirect == true && ssl_host == false, std::nullopt});
    } else if (name == mw::kCommon) {
      out.push_back(Rejection{
          fmt::format("CommonMiddleware (position {}) calls request.get_host() on every "
                      "request: DisallowedHost for every request whose Host ALLOWED_HOSTS "
                      "rejects{}",
                      i + 1,
                      settings::may_be_true(project, module, "DISALLOWED_USER_AGENTS")
                          ? ", and PermissionDenied for a User-Agent in DISALLOWED_USER_AGENTS"
                          : ""),
          true, std::nullopt});
    } else {
      const mw::ProjectMiddleware facts = mw::analyse_project_middleware(table, name);
      if (!facts.found || !facts.rejects) continue;
      out.push_back(Rejection{
          fmt::format("`{}` (position {}) {} before calling the next middleware", name, i + 1,
                      facts.rejects_how),
          // get_host() always raises for a rejected Host; a `raise` may sit behind a condition.
          facts.rejects_how.starts_with("calls"), facts.rejects});
    }
  }
  return out;
}

void check(const project::Project& project, Findings& out) {
  settings::FindingsByCause causes;
  const django::ModuleTable& table = project.module_table();
  for (const project::SettingsModule& module : project.settings_modules()) {
    if (!settings::may_be_true(project, module, "CSRF_USE_SESSIONS")) continue;
    const std::optional<bool> debug = settings::truth(project, module, "DEBUG");
    if (debug == true) continue;  // the technical 500 page answers instead of the error views
    const auto stack = settings::string_list(project, module, "MIDDLEWARE");
    if (!stack) continue;
    const auto csrf = mw::position(*stack, mw::kCsrf);
    const auto session = mw::position(*stack, mw::kSession);
    if (!csrf || !session || *session > *csrf) continue;  // PF301's case
    const std::vector<Rejection> rejections =
        rejections_before_session(project, module, *stack, *session, table);
    if (rejections.empty()) continue;
    const auto cause = settings::assigned_at(module, "CSRF_USE_SESSIONS");
    if (!cause) continue;
    bool created = false;
    settings::FindingsByCause::Entry& entry = causes.at(*cause, module, created);
    if (!created) continue;

    const bool sessions = settings::truth(project, module, "CSRF_USE_SESSIONS") == true;
    bool definite = sessions && debug == false;
    bool any_definite = false;
    std::string reasons;
    for (const Rejection& rejection : rejections) {
      any_definite = any_definite || rejection.definite;
      reasons += (reasons.empty() ? "" : "; ") + rejection.what;
    }
    definite = definite && any_definite;
    const auto hosts = settings::string_list(project, module, "ALLOWED_HOSTS");
    const bool wildcard = hosts && mw::position(*hosts, "*").has_value();
    entry.severity = definite ? Severity::Error : Severity::Warning;
    entry.message = fmt::format(
        "{}with CSRF_USE_SESSIONS the error views read the CSRF token from request.session, "
        "but in {} a middleware before SessionMiddleware (position {}) can reject a request "
        "before the session exists: {}. The 400/403 error view then raises ImproperlyConfigured, "
        "and so does the 500 view: the WSGI server answers 500{}{}",
        definite ? "" : "may fail: ", settings::describe(module), *session + 1, reasons,
        wildcard ? " (ALLOWED_HOSTS has '*': only a malformed Host is rejected)" : "",
        debug == false ? "" : " (when DEBUG is False)");
    entry.predicted =
        "a request with a Host outside ALLOWED_HOSTS gets HTTP 500 from the WSGI server, not "
        "400: DisallowedHost, then \"ImproperlyConfigured: CSRF_USE_SESSIONS is enabled, but "
        "request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in "
        "MIDDLEWARE.\" from the error view";
    if (const auto middleware = settings::assigned_at(module, "MIDDLEWARE")) {
      entry.related.push_back(
          Related{*middleware, "MIDDLEWARE: move SessionMiddleware to the top of the list"});
    }
    if (const auto redirect = settings::assigned_at(module, "SECURE_SSL_REDIRECT")) {
      entry.related.push_back(Related{*redirect,
                                      "SECURE_SSL_REDIRECT makes SecurityMiddleware "
                                      "call get_host() before the session exists"});
    }
    for (const Rejection& rejection : rejections) {
      if (rejection.span) entry.related.push_back(Related{*rejection.span, "rejects here"});
    }
  }
  causes.emit(kCsrfSessionsErrorViews, project, out);
}

}  // namespace

PREFLIGHT_RULE(kCsrfSessionsErrorViews, check);

}  // namespace preflight::rules
