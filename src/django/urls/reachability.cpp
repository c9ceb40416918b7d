#include "django/urls/reachability.h"

#include <cctype>

namespace preflight::django::urls {

namespace {

// Python's leading global flags `(?aiLmsux)`: only i (and the no-op a, u, L) translate.
bool leading_flags(std::string_view& regex, bool& icase) {
  if (!regex.starts_with("(?")) return true;
  std::size_t index = 2;
  while (index < regex.size() && std::isalpha(static_cast<unsigned char>(regex[index]))) {
    ++index;
  }
  if (index == 2 || index >= regex.size() || regex[index] != ')') return true;  // not flags
  for (const char flag : regex.substr(2, index - 2)) {
    if (flag == 'i') {
      icase = true;
    } else if (flag != 'a' && flag != 'u' && flag != 'L') {
      return false;
    }
  }
  regex.remove_prefix(index + 1);
  return true;
}

std::optional<std::string> to_ecmascript(std::string_view regex, bool& icase) {
  if (!leading_flags(regex, icase)) return std::nullopt;
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    const std::string_view rest = regex.substr(i);
    if (c == '\\') {
      if (i + 1 >= regex.size()) return std::nullopt;
      const char escaped = regex[i + 1];
      if (!in_class && escaped == 'Z') {
        out += '$';
      } else if (!in_class && escaped == 'A') {
        out += '^';
      } else if (std::isdigit(static_cast<unsigned char>(escaped))) {
        return std::nullopt;  // backreference or octal escape
      } else {
        out += c;
        out += escaped;
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (rest.starts_with("[^")) {
        out += '^';
        ++i;
      }
      if (i + 1 < regex.size() && regex[i + 1] == ']') return std::nullopt;
      continue;
    }
    if (rest.starts_with("(?P<")) {
      const std::size_t close = rest.find('>');
      if (close == std::string_view::npos) return std::nullopt;
      out += '(';
      i += close;
      continue;
    }
    if (rest.starts_with("(?") && !rest.starts_with("(?:") && !rest.starts_with("(?=") &&
        !rest.starts_with("(?!")) {
      return std::nullopt;
    }
    if (rest.starts_with("{,")) {
      out += "{0,";
      ++i;
      continue;
    }
    out += c;
  }
  return out;
}

bool matches(const std::optional<std::regex>& regex, const std::string& path) {
  // Django's root resolver consumes the leading "/" (RegexPattern r'^/').
  return regex && std::regex_search(path.begin() + (path.empty() ? 0 : 1), path.end(), *regex);
}

}  // namespace

std::optional<std::regex> compile_python_regex(std::string_view python_regex) {
  bool icase = false;
  const std::optional<std::string> translated = to_ecmascript(python_regex, icase);
  if (!translated) return std::nullopt;
  try {
    auto flags = std::regex::ECMAScript;
    if (icase) flags |= std::regex::icase;
    return std::regex(*translated, flags);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

void choose_examples(std::vector<Route>& routes, const std::vector<RouteSamples>& samples) {
  std::vector<std::optional<std::regex>> compiled;
  compiled.reserve(routes.size());
  for (const Route& route : routes) {
    compiled.push_back(route.regex.empty() || route.opaque ? std::nullopt
                                                           : compile_python_regex(route.regex));
  }
  for (std::size_t i = 0; i < routes.size(); ++i) {
    Route& route = routes[i];
    route.example_path.clear();
    if (route.opaque) continue;
    const std::string* first_shadowed = nullptr;
    std::size_t first_capturer = 0;
    for (const std::string& sample : samples[i]) {
      if (sample.empty()) continue;
      // A sample its own regex does not match was built wrong; an uncompiled regex is trusted.
      if (compiled[i] && !matches(compiled[i], sample)) continue;
      std::size_t capturer = i;
      for (std::size_t j = 0; j < i; ++j) {
        if (matches(compiled[j], sample)) {
          capturer = j;
          break;
        }
      }
      if (capturer == i) {
        route.example_path = sample;
        break;
      }
      if (!first_shadowed) {
        first_shadowed = &sample;
        first_capturer = capturer;
      }
    }
    route.shadowed_by.clear();
    if (route.example_path.empty() && first_shadowed) {
      route.shadowed_by = routes[first_capturer].route;
    }
  }
}

}  // namespace preflight::django::urls
