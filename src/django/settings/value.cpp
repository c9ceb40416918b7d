#include "django/settings/value.h"

#include <fmt/format.h>

#include <algorithm>

namespace preflight::django::settings {

namespace {
// More alternatives than this say little to a rule and cost much: they become an Unknown.
constexpr std::size_t kMaxCandidates = 16;
}  // namespace

Value Value::of_bool(bool b) {
  Value v;
  v.kind = Kind::Bool;
  v.boolean = b;
  return v;
}

Value Value::of_int(std::int64_t i) {
  Value v;
  v.kind = Kind::Int;
  v.integer = i;
  return v;
}

Value Value::of_float(double d) {
  Value v;
  v.kind = Kind::Float;
  v.number = d;
  return v;
}

Value Value::str(std::string s) {
  Value v;
  v.kind = Kind::Str;
  v.text = std::move(s);
  return v;
}

Value Value::path(std::string s) {
  Value v = str(std::move(s));
  v.kind = Kind::Path;
  return v;
}

Value Value::unknown(std::string origin) {
  Value v = str(std::move(origin));
  v.kind = Kind::Unknown;
  return v;
}

Value Value::reference(std::string dotted) {
  Value v = str(std::move(dotted));
  v.kind = Kind::Reference;
  return v;
}

Value Value::sequence(Kind kind, std::vector<Value> items) {
  Value v;
  v.kind = kind;
  v.items = std::move(items);
  return v;
}

Value Value::dict(std::vector<Entry> entries) {
  Value v;
  v.kind = Kind::Dict;
  v.entries = std::move(entries);
  return v;
}

Value Value::candidates(std::vector<Value> alternatives) {
  std::vector<Value> flat;
  for (Value& alternative : alternatives) {
    std::vector<Value> parts;
    if (alternative.is_candidates()) {
      parts = std::move(alternative.items);
    } else {
      parts.push_back(std::move(alternative));
    }
    for (Value& part : parts) {
      if (std::find(flat.begin(), flat.end(), part) == flat.end()) flat.push_back(std::move(part));
    }
  }
  if (flat.empty()) return unknown("no alternative");
  if (flat.size() == 1) return std::move(flat.front());
  if (flat.size() > kMaxCandidates) {
    for (const Value& alternative : flat) {
      if (auto origin = alternative.unknown_origin()) return unknown(*origin);
    }
    return unknown("too many alternatives");
  }
  Value v;
  v.kind = Kind::Candidates;
  v.items = std::move(flat);
  return v;
}

bool Value::fully_known() const {
  if (kind == Kind::Unknown || kind == Kind::Candidates) return false;
  for (const Value& item : items) {
    if (!item.fully_known()) return false;
  }
  for (const auto& [key, value] : entries) {
    if (!key.fully_known() || !value.fully_known()) return false;
  }
  return true;
}

std::optional<std::string> Value::unknown_origin() const {
  if (kind == Kind::Unknown) return text;
  for (const Value& item : items) {
    if (auto origin = item.unknown_origin()) return origin;
  }
  for (const auto& [key, value] : entries) {
    if (auto origin = key.unknown_origin()) return origin;
    if (auto origin = value.unknown_origin()) return origin;
  }
  return std::nullopt;
}

std::optional<bool> Value::truth() const {
  switch (kind) {
    case Kind::None:
      return false;
    case Kind::Bool:
      return boolean;
    case Kind::Int:
      return integer != 0;
    case Kind::Float:
      return number != 0;
    case Kind::Str:
      return !text.empty();
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set:
      return !items.empty();
    case Kind::Dict:
      return !entries.empty();
    case Kind::Candidates: {
      std::optional<bool> first = items.front().truth();
      for (const Value& item : items) {
        if (item.truth() != first) return std::nullopt;
      }
      return first;
    }
    case Kind::Unknown:
      return std::nullopt;
    case Kind::Path:
    case Kind::Reference:
    case Kind::Module:
    case Kind::Function:
    case Kind::Object:
      return true;
  }
  return std::nullopt;
}

const Value* Value::find(const Value& key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Value::find(const Value& key) {
  for (auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  return a.boolean == b.boolean && a.integer == b.integer && a.number == b.number &&
         a.text == b.text && a.items == b.items && a.entries == b.entries &&
         a.function == b.function;
}

std::vector<Value> alternatives(const Value& value) {
  if (value.is_candidates()) return value.items;
  return {value};
}

namespace {

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string join_items(const std::vector<Value>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + repr(items[i]);
  return out;
}

}  // namespace

std::string repr(const Value& value) {
  using Kind = Value::Kind;
  switch (value.kind) {
    case Kind::None:
      return "None";
    case Kind::Bool:
      return value.boolean ? "True" : "False";
    case Kind::Int:
      return std::to_string(value.integer);
    case Kind::Float:
      return fmt::format("{}", value.number);
    case Kind::Str:
      return quote(value.text);
    case Kind::Path:
      return "Path(" + quote(value.text) + ")";
    case Kind::List:
      return "[" + join_items(value.items) + "]";
    case Kind::Tuple:
      return "(" + join_items(value.items) + (value.items.size() == 1 ? ",)" : ")");
    case Kind::Set:
      return value.items.empty() ? "set()" : "{" + join_items(value.items) + "}";
    case Kind::Dict: {
      std::string out = "{";
      for (std::size_t i = 0; i < value.entries.size(); ++i) {
        out +=
            (i ? ", " : "") + repr(value.entries[i].first) + ": " + repr(value.entries[i].second);
      }
      return out + "}";
    }
    case Kind::Unknown:
      return "<unknown: " + value.text + ">";
    case Kind::Candidates:
      return "<one of: " + join_items(value.items) + ">";
    case Kind::Reference:
      return "<" + value.text + ">";
    case Kind::Module:
      return "<module " + value.text + ">";
    case Kind::Function:
      return "<function in " + value.text + ">";
    case Kind::Object:
      return "<" + value.text + " object>";
  }
  return "?";
}

std::optional<std::string> to_str(const Value& value) {
  switch (value.kind) {
    case Value::Kind::Str:
    case Value::Kind::Path:
      return value.text;
    case Value::Kind::Unknown:
    case Value::Kind::Candidates:
    case Value::Kind::Reference:
    case Value::Kind::Module:
    case Value::Kind::Function:
    case Value::Kind::Object:
      return std::nullopt;
    default:
      if (!value.fully_known()) return std::nullopt;
      return repr(value);
  }
}

std::optional<std::vector<std::string>> known_strings(const Value& value) {
  if (!value.is_sequence()) return std::nullopt;
  std::vector<std::string> out;
  for (const Value& item : value.items) {
    if (item.kind != Value::Kind::Str) return std::nullopt;
    out.push_back(item.text);
  }
  return out;
}

bool keys_known(const Value& dict) {
  return std::all_of(dict.entries.begin(), dict.entries.end(),
                     [](const Entry& entry) { return entry.first.fully_known(); });
}

}  // namespace preflight::django::settings
