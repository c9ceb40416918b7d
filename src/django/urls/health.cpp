// Health / readiness / liveness endpoints, decided on words: a path segment, the URL's own name
// or the view's name is split into words at every character that is not a letter or digit, names
// also at camelCase humps ("HealthCheckView": health, check, view).
//
// A strong word (health, healthz, healthcheck, heartbeat, readiness, readyz, liveness, livez)
// anywhere makes it a health endpoint: "api/health-check/", "HealthProbe". A weak word (ready,
// live, alive, ping, status) does only when every other word of the segment or name is neutral
// (view, check, api, server, json, a version, a number...): "status/", "server-status",
// "status.json", "StatusView" and "ping" match; "statusboard", "live-events", "order-status" and
// "OrderStatusView" do not, as they name something else; nor does a weak word in a route with
// parameters ("orders/status/<int:code>/": one order's status). Route parameters (`<str:status>`,
// `(?P<status>...)`) and regex syntax are not words of the path.
#include <algorithm>
#include <array>
#include <cctype>

#include "django/symbols.h"
#include "django/urls/urls.h"

namespace preflight::django::urls {

namespace {

constexpr std::array<std::string_view, 8> kStrongWords = {
    "health", "healthz", "healthcheck", "heartbeat", "readiness", "readyz", "liveness", "livez"};
constexpr std::array<std::string_view, 5> kWeakWords = {"ready", "live", "alive", "ping", "status"};
constexpr std::array<std::string_view, 20> kNeutralWords = {
    "view", "views", "api",    "check", "checks", "probe", "endpoint", "handler", "json",    "txt",
    "html", "page",  "simple", "k8s",   "kube",   "app",   "server",   "system",  "service", "ah"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// "v1", "2", "200": versions and numbers say nothing about the endpoint.
bool is_version_or_number(std::string_view word) {
  if (word.starts_with('v')) word.remove_prefix(1);
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// Words of `text`, lower-cased; with `camel`, a capital after a lower-case letter starts a word.
std::vector<std::string> words(std::string_view text, bool camel) {
  std::vector<std::string> out;
  std::string current;
  char previous = 0;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      if (camel && std::isupper(u) && previous &&
          std::islower(static_cast<unsigned char>(previous)) && !current.empty()) {
        out.push_back(std::move(current));
        current.clear();
      }
      current += static_cast<char>(std::tolower(u));
    }
    previous = c;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// The health word that makes `text` (one path segment or one name) a health endpoint; weak words
// count only when `weak_allowed`.
std::optional<std::string> health_word(std::string_view text, bool camel,
                                       bool weak_allowed = true) {
  const std::vector<std::string> all = words(text, camel);
  std::optional<std::string> weak;
  bool only_neutral_besides = true;
  for (const std::string& word : all) {
    if (contains(kStrongWords, word)) return word;
    if (contains(kWeakWords, word)) {
      if (!weak) weak = word;
    } else if (!contains(kNeutralWords, word) && !is_version_or_number(word)) {
      only_neutral_besides = false;
    }
  }
  if (weak && only_neutral_besides && weak_allowed) return weak;
  return std::nullopt;
}

// The route text without what is not literal path: `<int:pk>`, `(?P`, `[...]` classes, escapes
// (`\\d`) and quantifiers' counts become separators. `has_parameters`: the route captures
// something other than DRF's `format` suffix.
std::string literal_path(std::string_view route, bool& has_parameters) {
  std::string out;
  for (std::size_t i = 0; i < route.size(); ++i) {
    const char c = route[i];
    if (c == '<' || c == '[' || c == '{') {
      const char close = c == '<' ? '>' : c == '[' ? ']' : '}';
      const std::size_t end = route.find(close, i + 1);
      if (end == std::string_view::npos) break;
      if (c == '<') {
        const std::string_view inside = route.substr(i + 1, end - i - 1);
        const std::size_t colon = inside.find(':');
        const std::string_view name =
            colon == std::string_view::npos ? inside : inside.substr(colon + 1);
        if (name != "format") has_parameters = true;
      }
      out += ' ';
      i = end;
    } else if (c == '\\' || (c == '?' && i + 1 < route.size() && route[i + 1] == 'P')) {
      out += ' ';
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

// A health word of a path segment. A weak word counts only in a route without parameters:
// "orders/status/<int:code>/" is the status of one order, not of the service.
std::optional<std::string> path_health_word(std::string_view route) {
  bool has_parameters = false;
  const std::string path = literal_path(route, has_parameters);
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    if (auto word = health_word(std::string_view(path).substr(start, slash - start), false,
                                !has_parameters)) {
      return word;
    }
    start = slash + 1;
  }
  return std::nullopt;
}

std::string with_slash(std::string_view path) {
  if (path.starts_with('/')) return std::string(path);
  return "/" + std::string(path);
}

}  // namespace

std::optional<std::string> health_reason(const Route& route,
                                         std::span<const std::string> extra_paths) {
  if (route.opaque) return std::nullopt;
  if (route.view.starts_with("health_check.")) return "django-health-check view " + route.view;
  for (const std::string& path : extra_paths) {
    const std::string wanted = with_slash(path);
    if ((!route.example_path.empty() && route.example_path == wanted) ||
        with_slash(route.route) == wanted) {
      return "configured health path '" + wanted + "'";
    }
  }
  if (const auto word = path_health_word(route.route)) {
    return "path '" + route.route + "' has the word '" + *word + "'";
  }
  if (!route.name.empty()) {
    // Only the URL's own name, not the namespace of an app called "status".
    const std::string_view own = last_component(
        std::string_view(route.name)
            .substr(route.name.rfind(':') == std::string::npos ? 0 : route.name.rfind(':') + 1));
    if (const auto word = health_word(own, true)) {
      return "URL name '" + route.name + "' has the word '" + *word + "'";
    }
  }
  if (!route.view.empty()) {
    const std::string_view callable = last_component(route.view);
    if (const auto word = health_word(callable, true)) {
      return "view " + route.view + " has the word '" + *word + "'";
    }
  }
  return std::nullopt;
}

void mark_health_endpoints(UrlConf& conf, std::span<const std::string> extra_paths) {
  for (Route& route : conf.routes) {
    if (std::optional<std::string> reason = health_reason(route, extra_paths)) {
      route.is_health = true;
      route.health_reason = std::move(*reason);
    } else {
      route.is_health = false;
      route.health_reason.clear();
    }
  }
}

}  // namespace preflight::django::urls
