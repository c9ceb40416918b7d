#include "django/settings/environment.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "core/ascii.h"

namespace preflight::django::settings {

std::optional<Value> EnvironmentView::lookup(std::string_view key) const {
  if (const auto it = overlay_.find(key); it != overlay_.end()) return it->second;
  if (const auto it = environment_.variables.find(key); it != environment_.variables.end()) {
    return Value::str(it->second);
  }
  if (const auto it = environment_.unknown_values.find(key);
      it != environment_.unknown_values.end()) {
    return Value::unknown(fmt::format("env {} ({})", key, it->second));
  }
  if (environment_.complete && !opened_) return std::nullopt;
  if (opened_) return Value::unknown("env " + std::string(key) + " (" + *opened_ + ")");
  return Value::unknown("env " + std::string(key));
}

void EnvironmentView::set_default(const std::string& key, const Value& value) {
  const std::optional<Value> current = lookup(key);
  if (!current) {
    overlay_[key] = value;
  } else if (!current->fully_known()) {
    // Unset or not: the default applies only in the first case.
    overlay_[key] = Value::candidates({*current, value});
  }
}

std::optional<Value> read_variable(const EnvironmentView& env, std::string_view key,
                                   const std::optional<Value>& fallback) {
  std::optional<Value> current = env.lookup(key);
  if (!current) return fallback;
  if (current->fully_known() || !fallback) return current;
  return Value::candidates({*fallback, *current});
}

namespace {

std::string strip(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\n\r\f\v");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\n\r\f\v");
  return std::string(text.substr(first, last - first + 1));
}

// Applies `cast` to each alternative that is a known string.
template <class Cast>
Value map_strings(const Value& value, Cast cast) {
  if (value.is_candidates()) {
    std::vector<Value> out;
    for (const Value& item : value.items) out.push_back(map_strings(item, cast));
    return Value::candidates(std::move(out));
  }
  if (value.kind != Value::Kind::Str) return value;
  return cast(value.text);
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  const std::string trimmed = strip(text);
  std::int64_t out = 0;
  const char* begin = trimmed.data();
  if (!trimmed.empty() && trimmed[0] == '+') ++begin;
  const auto [end, error] = std::from_chars(begin, trimmed.data() + trimmed.size(), out);
  if (error != std::errc() || end != trimmed.data() + trimmed.size() || trimmed.empty()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

Value decouple_bool(const Value& value) {
  return map_strings(value, [](const std::string& text) {
    const std::string word = ascii_lower(text);
    if (word.empty()) return Value::of_bool(false);
    for (const char* yes : {"y", "yes", "t", "true", "on", "1"}) {
      if (word == yes) return Value::of_bool(true);
    }
    for (const char* no : {"n", "no", "f", "false", "off", "0"}) {
      if (word == no) return Value::of_bool(false);
    }
    return Value::unknown("invalid truth value (decouple raises ValueError)");
  });
}

Value environ_bool(const Value& value) {
  return map_strings(value, [](const std::string& text) {
    if (const auto number = parse_int(text)) return Value::of_bool(*number != 0);
    const std::string word = ascii_lower(text);
    for (const char* yes : {"true", "on", "ok", "y", "yes", "1"}) {
      if (word == yes) return Value::of_bool(true);
    }
    return Value::of_bool(false);
  });
}

Value cast_int(const Value& value) {
  if (value.kind == Value::Kind::Bool) return Value::of_int(value.boolean ? 1 : 0);
  return map_strings(value, [](const std::string& text) {
    if (const auto number = parse_int(text)) return Value::of_int(*number);
    return Value::unknown("int() of a non-number (raises ValueError)");
  });
}

Value cast_float(const Value& value) {
  if (value.kind == Value::Kind::Int) return Value::of_float(static_cast<double>(value.integer));
  return map_strings(value, [](const std::string& text) {
    const std::string trimmed = strip(text);
    char* end = nullptr;
    const double number = std::strtod(trimmed.c_str(), &end);
    if (trimmed.empty() || end != trimmed.c_str() + trimmed.size()) {
      return Value::unknown("float() of a non-number (raises ValueError)");
    }
    return Value::of_float(number);
  });
}

Value decouple_csv(const Value& value, char delimiter) {
  return map_strings(value, [delimiter](const std::string& text) {
    // shlex with whitespace_split: quotes group, empty tokens vanish. Quotes are rare in
    // settings; they make the value unknown rather than wrong.
    if (text.find_first_of("\"'\\#") != std::string::npos) {
      return Value::unknown("Csv() of a quoted value");
    }
    std::vector<Value> items;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find(delimiter, start);
      if (end == std::string::npos) end = text.size();
      const std::string part = text.substr(start, end - start);
      if (!part.empty()) items.push_back(Value::str(strip(part)));
      start = end + 1;
    }
    return Value::sequence(Value::Kind::List, std::move(items));
  });
}

Value environ_list(const Value& value) {
  return map_strings(value, [](const std::string& text) {
    std::vector<Value> items;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) items.push_back(Value::str(text.substr(start, end - start)));
      start = end + 1;
    }
    return Value::sequence(Value::Kind::List, std::move(items));
  });
}

}  // namespace preflight::django::settings
