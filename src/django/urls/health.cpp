// Health / readiness / liveness endpoints. Words are compared whole: the route is split into
// words at every character that is not a letter or digit ("api/health-check/" gives api, health,
// check), and names also at camelCase humps and underscores ("HealthCheckView" gives health,
// check, view). So "status" and "server-status" match, "statusboard" and "pingdom" do not: a word
// that merely starts with one of ours names something else. Route parameters (`<str:status>`,
// `(?P<status>...)`) are not words of the path.
#include <algorithm>
#include <array>
#include <cctype>

#include "django/symbols.h"
#include "django/urls/urls.h"

namespace preflight::django::urls {

namespace {

constexpr std::array<std::string_view, 13> kHealthWords = {
    "health",   "healthz", "healthcheck", "ready",  "readiness", "readyz", "live",
    "liveness", "livez",   "ping",        "status", "heartbeat", "alive"};

bool is_health_word(std::string_view word) {
  return std::find(kHealthWords.begin(), kHealthWords.end(), word) != kHealthWords.end();
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

// The route text without parameters: `<int:pk>` and the name of `(?P<name>`.
std::string without_parameters(std::string_view route) {
  std::string out;
  for (std::size_t i = 0; i < route.size(); ++i) {
    if (route[i] == '<') {
      const std::size_t close = route.find('>', i);
      if (close == std::string_view::npos) break;
      out += ' ';
      i = close;
      continue;
    }
    out += route[i];
  }
  return out;
}

std::optional<std::string> first_health_word(std::string_view text, bool camel) {
  for (const std::string& word : words(text, camel)) {
    if (is_health_word(word)) return word;
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
  if (const auto word = first_health_word(without_parameters(route.route), false)) {
    return "path '" + route.route + "' has the word '" + *word + "'";
  }
  if (!route.name.empty()) {
    // Only the URL's own name, not the namespace of an app called "status".
    const std::string_view own = last_component(
        std::string_view(route.name)
            .substr(route.name.rfind(':') == std::string::npos ? 0 : route.name.rfind(':') + 1));
    if (const auto word = first_health_word(own, true)) {
      return "URL name '" + route.name + "' has the word '" + *word + "'";
    }
  }
  if (!route.view.empty()) {
    const std::string_view callable = last_component(route.view);
    if (const auto word = first_health_word(callable, true)) {
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
