#include "django/settings/database_urls.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace preflight::django::settings {

namespace {

// The schemes both libraries map the same way (dj-database-url 0.5 SCHEMES, django-environ 0.4
// DB_SCHEMES); Oracle is left out: both rewrite its PORT and NAME.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kEngines = {{
    {"postgres", "django.db.backends.postgresql_psycopg2"},
    {"postgresql", "django.db.backends.postgresql_psycopg2"},
    {"pgsql", "django.db.backends.postgresql_psycopg2"},
    {"postgis", "django.contrib.gis.db.backends.postgis"},
    {"mysql", "django.db.backends.mysql"},
    {"mysql2", "django.db.backends.mysql"},
    {"mysqlgis", "django.contrib.gis.db.backends.mysql"},
    {"spatialite", "django.contrib.gis.db.backends.spatialite"},
    {"sqlite", "django.db.backends.sqlite3"},
    {"redshift", "django_redshift_backend"},
}};

std::optional<std::string_view> engine_for(std::string_view scheme, UrlLibrary library) {
  // Only django-environ knows "psql".
  if (scheme == "psql" && library == UrlLibrary::DjangoEnviron) {
    return "django.db.backends.postgresql_psycopg2";
  }
  for (const auto& [name, engine] : kEngines) {
    if (name == scheme) return engine;
  }
  return std::nullopt;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// urllib.parse.unquote on ASCII escapes; nullopt for what it would decode differently
// (malformed or non-ASCII escapes, and '+', which unquote_plus reads as a space).
std::optional<std::string> unquote(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') return std::nullopt;
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_digit(text[i + 1]), low = hex_digit(text[i + 2]);
    if (high < 0 || low < 0 || high >= 8) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Value parse_one(const std::string& url, UrlLibrary library, const DatabaseUrlOptions& options) {
  auto unknown = [&](const char* why) {
    return Value::unknown(std::string("database URL: ") + why);
  };
  auto entry = [](const char* key, Value value) {
    return Entry(Value::str(key), std::move(value));
  };
  const bool environ = library == UrlLibrary::DjangoEnviron;
  std::string engine_override;
  if (options.engine.kind == Value::Kind::Str) {
    engine_override = options.engine.text;
  } else if (options.engine.kind != Value::Kind::None) {
    return unknown("engine");
  }
  if (url == "sqlite://:memory:") {
    return Value::dict({entry("ENGINE", Value::str("django.db.backends.sqlite3")),
                        entry("NAME", Value::str(":memory:"))});
  }
  const std::size_t colon_slashes = url.find("://");
  if (colon_slashes == std::string::npos || colon_slashes == 0) return unknown("no scheme");
  const std::string scheme = lower(url.substr(0, colon_slashes));
  const std::string rest = url.substr(colon_slashes + 3);
  if (rest.find_first_of("?#[") != std::string::npos) return unknown("query or fragment");
  const std::size_t slash = rest.find('/');
  const std::string netloc = rest.substr(0, slash);
  const std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  std::string userinfo, hostport = netloc;
  if (const std::size_t at = netloc.rfind('@'); at != std::string::npos) {
    userinfo = netloc.substr(0, at);
    hostport = netloc.substr(at + 1);
  }
  std::string host = hostport, port_text;
  if (const std::size_t colon = hostport.find(':'); colon != std::string::npos) {
    host = hostport.substr(0, colon);
    port_text = hostport.substr(colon + 1);
    if (port_text.empty()) return unknown("empty port");  // urllib raises ValueError
  }
  if (lower(host).find("%2f") != std::string::npos) return unknown("percent-encoded host");
  // Python lower-cases the host by Unicode rules; only ASCII is done here.
  if (std::any_of(host.begin(), host.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    return unknown("non-ASCII host");
  }
  host = lower(host);
  Value port = Value::str("");
  if (!port_text.empty()) {
    int number = 0;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), number);
    if (error != std::errc() || end != port_text.data() + port_text.size() || number < 0 ||
        number > 65535) {
      return unknown("port");
    }
    if (number != 0) port = Value::of_int(number);
  }
  std::string user_text = userinfo, password_text;
  if (const std::size_t colon = userinfo.find(':'); colon != std::string::npos) {
    user_text = userinfo.substr(0, colon);
    password_text = userinfo.substr(colon + 1);
  }
  const std::optional<std::string> user = unquote(user_text);
  const std::optional<std::string> password = unquote(password_text);
  std::optional<std::string> name = unquote(path.empty() ? "" : path.substr(1));
  if (!user || !password || !name) return unknown("escapes");
  if (scheme == "sqlite" && name->empty()) name = ":memory:";
  std::optional<std::string_view> engine = engine_for(scheme, library);
  if (!engine_override.empty()) engine = engine_override;
  if (!engine) return unknown("scheme");  // dj-database-url raises KeyError, environ warns
  std::vector<Entry> config = {entry("NAME", Value::str(*name)), entry("USER", Value::str(*user)),
                               entry("PASSWORD", Value::str(*password)),
                               entry("HOST", Value::str(host)), entry("PORT", port)};
  if (!environ) config.push_back(entry("CONN_MAX_AGE", options.conn_max_age));
  config.push_back(entry("ENGINE", Value::str(std::string(*engine))));
  return Value::dict(std::move(config));
}

}  // namespace

Value parse_database_url(const Value& url, UrlLibrary library, const DatabaseUrlOptions& options) {
  if (url.is_candidates()) {
    std::vector<Value> out;
    for (const Value& alternative : url.items) {
      out.push_back(parse_database_url(alternative, library, options));
    }
    return Value::candidates(std::move(out));
  }
  if (url.kind != Value::Kind::Str) {
    return Value::unknown(url.unknown_origin().value_or("database URL of another type"));
  }
  return parse_one(url.text, library, options);
}

}  // namespace preflight::django::settings
