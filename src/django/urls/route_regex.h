// Pattern text to regex and to a sample request path: path() routes converted as Django's
// `_route_to_regex` does, and a string built to match a Python regex (re_path, DRF routers).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "django/names.h"

namespace preflight::django::urls {

// Converters registered with `register_converter(SomeConverter, "name")` in the project: name ->
// the class's literal `regex`. Django's own (int, str, slug, uuid, path) are built in.
using ConverterRegexes = std::map<std::string, std::string, std::less<>>;

// Python 3.7+'s re.escape: escapes ()[]{}?*+-|^$\.&~# and whitespace, nothing else.
std::string python_re_escape(std::string_view text);

// django.urls.resolvers._route_to_regex(route, is_endpoint)[0] for `version`; nullopt when the
// route names a converter that is neither Django's nor in `custom`, or is malformed.
std::optional<std::string> route_to_regex(std::string_view route, bool is_endpoint,
                                          DjangoVersion version, const ConverterRegexes& custom);

// How many different samples route_example and regex_example build (variant 0, 1, 2): when an
// earlier route captures one, another may still reach the route.
inline constexpr int kSampleVariants = 3;

// The route with each `<converter:name>` replaced by a sample value the converter accepts;
// nullopt when a converter is unknown.
std::optional<std::string> route_example(std::string_view route, const ConverterRegexes& custom,
                                         int variant = 0);

// A string the Python regex matches from its start (re.search with the leading "^"), choosing the
// first alternative, the fewest repetitions and a plain character for each class. nullopt for
// what it does not model: lookarounds, backreferences, conditionals, escapes of whitespace.
std::optional<std::string> regex_example(std::string_view regex, int variant = 0);

// Removes one leading "^" (how levels are joined into one regex).
std::string_view without_caret(std::string_view regex);

}  // namespace preflight::django::urls
