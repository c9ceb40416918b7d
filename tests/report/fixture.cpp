#include "report/fixture.h"

#include <sstream>
#include <stdexcept>

namespace preflight::report::testing {
namespace {

constexpr RuleInfo kDjangoVersionUnknown{
    .code = "PF010",
    .name = "django-version-unknown",
    .family = Family::Core,
    .severity = Severity::Info,
    .summary = "the target Django version could not be read from the requirements",
    .explanation = R"md(
## What it finds

Requirement files that pin no Django version.

## What fails in production

Nothing directly; version-dependent rules assume Django 4.2.

## Example

An empty `requirements.txt`.

## Fix

Pin Django, e.g. `Django>=4.2,<5.0`.
)md"};

// The long "What it finds" section checks that SARIF's fullDescription is cut to 1000 characters.
constexpr RuleInfo kCsrfSessions{
    .code = "PF301",
    .name = "csrf-sessions-middleware-order",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary = "CSRF_USE_SESSIONS needs SessionMiddleware before CsrfViewMiddleware",
    .explanation = R"md(
## What it finds

`CSRF_USE_SESSIONS = True` in a settings module whose effective `MIDDLEWARE` lists
`django.middleware.csrf.CsrfViewMiddleware` before
`django.contrib.sessions.middleware.SessionMiddleware`, or does not list the session middleware at
all. With `CSRF_USE_SESSIONS`, Django stores the CSRF token in the session instead of a cookie, and
the CSRF middleware reads `request.session` when it processes the request and when it processes the
response. The session middleware is what puts `request.session` there, so it must come first. The
check follows the settings through star imports, `+=` and list concatenations, and through the
`if not DEBUG:` branches that production settings modules use, so the order it reports is the order
Django will see in the process that serves requests. It reports the setting, and lists every
middleware entry involved as related locations, so that the evidence for the finding is visible
in one place. This paragraph is deliberately long: it is longer than one thousand characters,
which is the limit GitHub code scanning applies to a rule's full description, so the SARIF writer
must cut it at a word boundary and end it with an ellipsis. More words follow to pass the limit
comfortably: alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi.

## What fails in production

Every POST is rejected with `Forbidden (403): CSRF verification failed. Request aborted.`

## Example

```python
CSRF_USE_SESSIONS = True
MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]
```

## Fix

Move `SessionMiddleware` above `CsrfViewMiddleware`.
)md"};

constexpr RuleInfo kSslRedirectHealth{
    .code = "PF303",
    .name = "ssl-redirect-health-check",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SECURE_SSL_REDIRECT redirects plain-HTTP health checks",
    .explanation = R"md(
## What it finds

`SECURE_SSL_REDIRECT = True` while a health check requests a path over plain HTTP that
`SECURE_REDIRECT_EXEMPT` does not exempt.

## What fails in production

The health check gets `301 Moved Permanently` instead of `200 OK`.

## Example

`curl http://localhost:8000/api/v1/health/` behind `SECURE_SSL_REDIRECT = True`.

## Fix

Add the health paths to `SECURE_REDIRECT_EXEMPT`, or check over HTTPS.
)md"};

constexpr RuleInfo kHardcodedSecretKey{
    .code = "PF305",
    .name = "hardcoded-secret-key",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary = "SECRET_KEY is a literal in a production settings module",
    .explanation = R"md(
## What it finds

A string literal assigned to `SECRET_KEY` in a production settings module.

## What fails in production

Anyone with the repository can forge sessions and password-reset tokens.

## Example

`SECRET_KEY = "dev-key"`

## Fix

Read it from the environment.
)md"};

constexpr RuleInfo kNonAsciiHost{.code = "PF306",
                                 .name = "non-ascii-allowed-host",
                                 .family = Family::Settings,
                                 .severity = Severity::Info,
                                 .summary = "an ALLOWED_HOSTS entry is not in IDNA form",
                                 .explanation = R"md(
## What it finds

An `ALLOWED_HOSTS` entry with non-ASCII characters.

## What fails in production

Browsers send the punycode form; Django answers 400.

## Example

`ALLOWED_HOSTS = ["café.example.com"]`

## Fix

Write the IDNA form.
)md"};

constexpr RuleInfo kMissingClickjacking{.code = "PF310",
                                        .name = "missing-clickjacking-middleware",
                                        .family = Family::Settings,
                                        .severity = Severity::Warning,
                                        .summary = "MIDDLEWARE lacks XFrameOptionsMiddleware",
                                        .explanation = R"md(
## What it finds

A production `MIDDLEWARE` without `XFrameOptionsMiddleware` (Django's security.W002).

## What fails in production

Pages can be framed by other sites.

## Example

`MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]`

## Fix

Add `django.middleware.clickjacking.XFrameOptionsMiddleware`.
)md"};

constexpr RuleInfo kCurlStatusFallback{
    .code = "PF501",
    .name = "curl-status-fallback",
    .family = Family::Deploy,
    .severity = Severity::Error,
    .summary = "`curl -w '%{http_code}' ... || echo 000` prints two status codes",
    .explanation = R"md(
## What it finds

A status check that appends a fallback status to curl's own output.

## What fails in production

A 301 prints `301000`; the comparison with `200` fails with a status that hides the real one.

## Example

`status=$(curl -s -o /dev/null -w '%{http_code}' URL || echo 000)`

## Fix

Drop the fallback, or use `curl --fail`.
)md"};

constexpr RuleInfo kHostRejected{
    .code = "PF502",
    .name = "health-check-host-rejected",
    .family = Family::Deploy,
    .severity = Severity::Warning,
    .summary = "a health check sends a Host that ALLOWED_HOSTS rejects",
    .explanation = R"md(
## What it finds

A health check whose `Host` header no entry of `ALLOWED_HOSTS` matches.

## What fails in production

Django answers `400 Bad Request` (`DisallowedHost`).

## Example

`curl -H "Host: localhost" ...` with `ALLOWED_HOSTS = ["shop.example.com"]`.

## Fix

Send an allowed Host, or allow the health check's.
)md"};

// In the catalogue without a finding: SARIF lists every rule.
constexpr RuleInfo kUnownedIndex{
    .code = "PF601",
    .name = "unowned-index",
    .family = Family::Db,
    .severity = Severity::Error,
    .summary = "a migration alters an index the deploy role does not own",
    .explanation = ""};

constexpr std::string_view kCompose =
    "services:\n"
    "  web:\n"
    "    image: shop:latest\n"
    "    healthcheck:\n"
    "      test: [\"CMD\", \"curl\", \"-f\", \"-H\", \"Host: localhost\", "
    "\"http://localhost:8000/api/v1/health/\"]\n"
    "      interval: 30s\n";

constexpr std::string_view kWorkflow =
    "name: deploy\n"
    "on:\n"
    "  push:\n"
    "    branches: [main]\n"
    "jobs:\n"
    "  deploy:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: actions/checkout@v4\n"
    "      - name: Sant\u00e9 \u2014 health check \u2705\n"
    "        run: |\n"
    "          status=$(curl -s -o /dev/null -w '%{http_code}' "
    "http://shop.example.com/api/v1/health/ || echo 000)\n"
    "          test \"$status\" = 200\n";

// Line 6 holds Cyrillic and a wide emoji inside the span; line 7 a multi-byte character inside
// the span; line 15 is indented with a tab.
constexpr std::string_view kSettings =
    "# Param\u00e8tres de production \u2014 boutique\n"                                    // 1
    "import os\n"                                                                          // 2
    "from .base import *  # noqa: F403\n"                                                  // 3
    "\n"                                                                                   // 4
    "DEBUG = False\n"                                                                      // 5
    "SECRET_KEY = \"d\u00e9v-\u043a\u043b\u044e\u0447-\U0001F511\"  # \u00e0 remplacer\n"  // 6
    "ALLOWED_HOSTS = [\"caf\u00e9.example.com\", \"shop.example.com\"]\n"                  // 7
    "\n"                                                                                   // 8
    "SECURE_SSL_REDIRECT = True\n"                                                         // 9
    "CSRF_USE_SESSIONS = True\n"                                                           // 10
    "\n"                                                                                   // 11
    "MIDDLEWARE = [\n"                                                                     // 12
    "    \"django.middleware.security.SecurityMiddleware\",\n"                             // 13
    "    \"django.middleware.csrf.CsrfViewMiddleware\",\n"                                 // 14
    "\t\"django.contrib.sessions.middleware.SessionMiddleware\",\n"                        // 15
    "    \"django.contrib.auth.middleware.AuthenticationMiddleware\",\n"                   // 16
    "]\n"                                                                                  // 17
    "\n"                                                                                   // 18
    "DATABASES = {\n"                                                                      // 19
    "    \"default\": {\n"                                                                 // 20
    "        \"ENGINE\": \"django.db.backends.postgresql\",\n"                             // 21
    "        \"NAME\": os.environ[\"DB_NAME\"],\n"                                         // 22
    "    }\n"                                                                              // 23
    "}\n";                                                                                 // 24

// A span from the start of `first` to the start of the line after `last` (whole lines).
Span lines_span(const SourceMap& sources, FileId file, std::uint32_t first, std::uint32_t last) {
  const SourceFile& source = sources.file(file);
  return source.span(file, source.offset_at(Position{first, 1}),
                     source.offset_at(Position{last + 1, 1}));
}

// The start of a line, as a zero-length span (an insertion point).
Span line_start(const SourceMap& sources, FileId file, std::uint32_t line) {
  const std::uint32_t offset = sources.file(file).offset_at(Position{line, 1});
  return sources.file(file).span(file, offset, offset);
}

// Position of `needle` in a file, as a zero-length span (an insertion point).
Span at(const SourceMap& sources, FileId file, std::string_view needle) {
  Span span = find_span(sources, file, needle);
  return sources.file(file).span(file, span.begin, span.begin);
}

}  // namespace

Span find_span(const SourceMap& sources, FileId file, std::string_view needle, int occurrence) {
  const std::string& text = sources.file(file).text();
  std::size_t at = text.find(needle);
  for (int k = 0; k < occurrence && at != std::string::npos; ++k) at = text.find(needle, at + 1);
  if (at == std::string::npos) throw std::logic_error("fixture: text not found");
  return sources.file(file).span(file, static_cast<std::uint32_t>(at),
                                 static_cast<std::uint32_t>(at + needle.size()));
}

RuleCatalog fixture_catalog() {
  return RuleCatalog({&kUnownedIndex, &kHostRejected, &kCurlStatusFallback, &kMissingClickjacking,
                      &kNonAsciiHost, &kHardcodedSecretKey, &kSslRedirectHealth, &kCsrfSessions,
                      &kDjangoVersionUnknown});
}

Fixture::Fixture() {
  catalog = fixture_catalog();
  const FileId settings = sources.add("/srv/shop/config/settings/production.py", FileKind::Python,
                                      std::string(kSettings));
  const FileId workflow = sources.add("/srv/shop/.github/workflows/deploy.yml", FileKind::Workflow,
                                      std::string(kWorkflow));
  const FileId requirements = sources.add("/srv/shop/requirements.txt", FileKind::Other, "");
  // Outside the base (so shown absolute), with a ',' in its name that GitHub properties escape.
  const FileId compose =
      sources.add("/opt/shared/compose.prod,eu.yaml", FileKind::Compose, std::string(kCompose));

  Findings findings;

  findings
      .add(kHardcodedSecretKey,
           find_span(sources, settings, "\"d\u00e9v-\u043a\u043b\u044e\u0447-\U0001F511\""))
      .message("SECRET_KEY is a literal in the production settings");

  findings.add(kNonAsciiHost, find_span(sources, settings, "\"caf\u00e9.example.com\""))
      .message("ALLOWED_HOSTS entry \"caf\u00e9.example.com\" is not in IDNA form")
      .fix(Fix{.message = "Use the IDNA (punycode) form",
               .edits = {{find_span(sources, settings, "\"caf\u00e9.example.com\""),
                          "\"xn--caf-dma.example.com\""}},
               .new_files = {}});

  findings.add(kSslRedirectHealth, find_span(sources, settings, "SECURE_SSL_REDIRECT = True"))
      .message(
          "SECURE_SSL_REDIRECT = True redirects the plain-HTTP health checks; "
          "SECURE_REDIRECT_EXEMPT does not match \"api/v1/health/\"")
      .related(find_span(sources, workflow, "http://shop.example.com/api/v1/health/"),
               "the deploy job's health check requests plain HTTP")
      .related(find_span(sources, compose, "http://localhost:8000/api/v1/health/"),
               "the container healthcheck requests plain HTTP")
      .predicts("HTTP 301 Moved Permanently to https://shop.example.com/api/v1/health/")
      .fix(Fix{
          .message = "Exempt the health endpoints from the HTTPS redirect",
          .edits = {{at(sources, settings, "CSRF_USE_SESSIONS"),
                     "SECURE_REDIRECT_EXEMPT = [r\"^api/v1/health/$\", r\"^api/v1/ready/$\"]\n"}},
          .new_files = {{"deploy/healthcheck.sh",
                         "#!/bin/sh\nset -eu\n"
                         "curl -fsS -H 'X-Forwarded-Proto: https' "
                         "http://localhost:8000/api/v1/health/\n"}}});

  findings.add(kCsrfSessions, find_span(sources, settings, "CSRF_USE_SESSIONS = True"))
      .message("CSRF_USE_SESSIONS = True, but SessionMiddleware comes after CsrfViewMiddleware")
      .related(find_span(sources, settings, "\"django.middleware.csrf.CsrfViewMiddleware\""),
               "CsrfViewMiddleware is listed here")
      .related(
          find_span(sources, settings, "\"django.contrib.sessions.middleware.SessionMiddleware\""),
          "SessionMiddleware comes only here")
      .predicts("Forbidden (403): CSRF verification failed. Request aborted.")
      .fix(Fix{.message = "Move SessionMiddleware above CsrfViewMiddleware",
               .edits = {{line_start(sources, settings, 14),
                          "    \"django.contrib.sessions.middleware.SessionMiddleware\",\n"},
                         {lines_span(sources, settings, 15, 15), ""}},
               .new_files = {}});

  // A multi-line span: the whole MIDDLEWARE list, from '[' to ']'.
  {
    const Span open = find_span(sources, settings, "[\n    \"django.middleware.security");
    const Span close = find_span(sources, settings, "]\n\nDATABASES");
    findings
        .add(kMissingClickjacking,
             sources.file(settings).span(settings, open.begin, close.begin + 1))
        .message("MIDDLEWARE lacks django.middleware.clickjacking.XFrameOptionsMiddleware");
  }

  findings
      .add(kCurlStatusFallback, find_span(sources, workflow,
                                          "curl -s -o /dev/null -w '%{http_code}' "
                                          "http://shop.example.com/api/v1/health/ || echo 000"))
      .message(
          "curl -w '%{http_code}' ... || echo 000 prints \"301000\" on a redirect: the <status> "
          "test fails & hides the real code")
      .related(find_span(sources, workflow, "health check \u2705"), "in this step")
      .predicts("Error: Process completed with exit code 1.")
      .fix(Fix{.message = "Drop the \"|| echo 000\" fallback",
               .edits = {{find_span(sources, workflow, " || echo 000"), ""}},
               .new_files = {}});

  findings.add(kHostRejected, find_span(sources, compose, "\"Host: localhost\""))
      .message("healthcheck sends Host: localhost, which ALLOWED_HOSTS does not list")
      .related(find_span(sources, settings, "ALLOWED_HOSTS"), "ALLOWED_HOSTS is set here")
      .predicts("HTTP 400 Bad Request (DisallowedHost: Invalid HTTP_HOST header: 'localhost:8000')")
      .fix(Fix{.message = "Send an allowed Host",
               .edits = {{find_span(sources, compose, "\"Host: localhost\""),
                          "\"Host: shop.example.com\""}},
               .new_files = {}});

  findings.add(kDjangoVersionUnknown, sources.file_span(requirements))
      .message("requirements.txt pins no Django version; assuming Django 4.2");

  diagnostics = findings.take();
  sort_diagnostics(diagnostics, sources);
}

std::string render(Format format, const ReportInput& input, const TextOptions& options) {
  std::ostringstream out;
  switch (format) {
    case Format::Text:
      write_text(input, options, out);
      break;
    case Format::Json:
      write_json(input, out);
      break;
    case Format::Sarif:
      write_sarif(input, out);
      break;
    case Format::Github:
      write_github(input, out);
      break;
    case Format::Markdown:
      write_markdown(input, out);
      break;
    case Format::Junit:
      write_junit(input, out);
      break;
  }
  return out.str();
}

}  // namespace preflight::report::testing
