// Database URLs as dj-database-url and django-environ turn them into a DATABASES entry
// ("postgres://user:pw@host:5432/name" -> {"ENGINE": ..., "NAME": "name", ...}), for the
// versions Debian ships (dj-database-url 0.5, django-environ 0.4). What either library would do
// differently from the other, or what needs a corner of urllib (queries, percent-encoded hosts,
// IPv6 literals, Oracle), is an Unknown rather than a guess.
#pragma once

#include "django/settings/value.h"

namespace preflight::django::settings {

enum class UrlLibrary { DjDatabaseUrl, DjangoEnviron };

struct DatabaseUrlOptions {
  Value engine;                           // None: from the scheme
  Value conn_max_age = Value::of_int(0);  // dj-database-url only
};

// One known URL string to a dict; lifted over Candidates; an Unknown passes through.
Value parse_database_url(const Value& url, UrlLibrary library, const DatabaseUrlOptions& options);

}  // namespace preflight::django::settings
