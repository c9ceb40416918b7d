// Python's binary and comparison operators on settings values, lifted over Candidates.
#include <algorithm>
#include <cmath>

#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;

namespace {

bool is_number(const Value& v) {
  return v.kind == Value::Kind::Int || v.kind == Value::Kind::Float || v.kind == Value::Kind::Bool;
}

double number_of(const Value& v) {
  if (v.kind == Value::Kind::Float) return v.number;
  if (v.kind == Value::Kind::Bool) return v.boolean ? 1 : 0;
  return static_cast<double>(v.integer);
}

std::int64_t integer_of(const Value& v) {
  return v.kind == Value::Kind::Bool ? (v.boolean ? 1 : 0) : v.integer;
}

bool is_integral(const Value& v) {
  return v.kind == Value::Kind::Int || v.kind == Value::Kind::Bool;
}

Value unknown_from(const Value& a, const Value& b, const char* what) {
  if (auto origin = a.unknown_origin()) return Value::unknown(*origin);
  if (auto origin = b.unknown_origin()) return Value::unknown(*origin);
  return Value::unknown(what);
}

std::string join_path(const std::string& base, const std::string& part) {
  if (part.starts_with("/")) return part;
  if (base.empty() || base.ends_with("/")) return base + part;
  return base + "/" + part;
}

// `"%s://%s" % (a, b)` and `"%(name)s" % mapping`: %s, %r, %d and %% only, no widths.
Value percent_format(const std::string& format, const Value& arguments) {
  std::vector<Value> items;
  if (arguments.kind == Value::Kind::Dict && format.find("%(") != std::string::npos) {
    // Named fields: each `%(key)` takes the mapping's value, which must be known.
    std::string positional;
    for (std::size_t i = 0; i < format.size(); ++i) {
      if (format[i] != '%' || i + 1 >= format.size() || format[i + 1] != '(') {
        positional += format[i];
        if (format[i] == '%' && i + 1 < format.size()) positional += format[++i];
        continue;
      }
      const std::size_t close = format.find(')', i);
      if (close == std::string::npos) return Value::unknown("% format");
      const Value* value = arguments.find(Value::str(format.substr(i + 2, close - i - 2)));
      if (!value) return Value::unknown("% format key (raises KeyError)");
      items.push_back(*value);
      positional += '%';
      i = close;
    }
    return percent_format(positional, Value::sequence(Value::Kind::Tuple, std::move(items)));
  }
  if (arguments.kind == Value::Kind::Tuple) {
    items = arguments.items;
  } else {
    items.push_back(arguments);
  }
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (++i >= format.size()) return Value::unknown("% format");
    const char spec = format[i];
    if (spec == '%') {
      out += '%';
      continue;
    }
    if (next >= items.size() || !items[next].fully_known()) {
      return unknown_from(next < items.size() ? items[next] : Value(), Value(), "% format");
    }
    const Value& item = items[next++];
    if (spec == 's') {
      const auto text = to_str(item);
      if (!text) return Value::unknown("% format of an object");
      out += *text;
    } else if (spec == 'r') {
      out += repr(item);
    } else if (spec == 'd' && is_integral(item)) {
      out += std::to_string(integer_of(item));
    } else {
      return Value::unknown("% format");
    }
  }
  if (next != items.size()) return Value::unknown("% format");
  return Value::str(out);
}

Value contains(const Value& container, const Value& item) {
  if (container.kind == Value::Kind::Str && item.kind == Value::Kind::Str) {
    return Value::of_bool(container.text.find(item.text) != std::string::npos);
  }
  std::vector<Value> keys;
  if (container.is_sequence()) {
    keys = container.items;
  } else if (container.kind == Value::Kind::Dict) {
    for (const auto& entry : container.entries) keys.push_back(entry.first);
  } else {
    return unknown_from(container, item, "in");
  }
  bool unknown = false;
  for (const Value& key : keys) {
    const std::optional<bool> equal = python_equal(key, item);
    if (equal == true) return Value::of_bool(true);
    if (!equal) unknown = true;
  }
  return unknown ? unknown_from(container, item, "in") : Value::of_bool(false);
}

std::optional<int> order(const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) {
    const double x = number_of(a), y = number_of(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.kind == Value::Kind::Str && b.kind == Value::Kind::Str) {
    const int c = a.text.compare(b.text);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

Value operate(Kind op, const Value& a, const Value& b) {
  using VK = Value::Kind;
  switch (op) {
    case Kind::Eq:
    case Kind::NotEq: {
      const std::optional<bool> equal = python_equal(a, b);
      if (!equal) return unknown_from(a, b, "comparison");
      return Value::of_bool(op == Kind::Eq ? *equal : !*equal);
    }
    case Kind::Is:
    case Kind::IsNot: {
      // Identity is decidable for None and the bools, the only forms settings use.
      const bool singleton =
          a.kind == VK::None || a.kind == VK::Bool || b.kind == VK::None || b.kind == VK::Bool;
      if (!singleton || !a.fully_known() || !b.fully_known()) return unknown_from(a, b, "is");
      const bool same = a == b;
      return Value::of_bool(op == Kind::Is ? same : !same);
    }
    case Kind::In:
    case Kind::NotIn: {
      Value found = contains(b, a);
      if (found.kind != VK::Bool) return found;
      return Value::of_bool(op == Kind::In ? found.boolean : !found.boolean);
    }
    case Kind::Lt:
    case Kind::LtE:
    case Kind::Gt:
    case Kind::GtE: {
      const std::optional<int> c = order(a, b);
      if (!c) return unknown_from(a, b, "comparison");
      const bool result = op == Kind::Lt    ? *c < 0
                          : op == Kind::LtE ? *c <= 0
                          : op == Kind::Gt  ? *c > 0
                                            : *c >= 0;
      return Value::of_bool(result);
    }
    default:
      break;
  }
  if (op == Kind::Mod && a.kind == VK::Str) {
    // Each combination of the alternatives inside the tuple (or dict) of arguments.
    if (b.kind == VK::Tuple) {
      return lift_each(b.items, [&](const std::vector<Value>& items) {
        return percent_format(a.text, Value::sequence(VK::Tuple, items));
      });
    }
    if (b.kind == VK::Dict) {
      std::vector<Value> values;
      for (const auto& entry : b.entries) values.push_back(entry.second);
      return lift_each(values, [&](const std::vector<Value>& chosen) {
        Value mapping = b;
        for (std::size_t i = 0; i < chosen.size(); ++i) mapping.entries[i].second = chosen[i];
        return percent_format(a.text, mapping);
      });
    }
    return percent_format(a.text, b);
  }
  // Concatenation needs only the sequences, not their items.
  if (op == Kind::Add && (a.kind == VK::List || a.kind == VK::Tuple) && a.kind == b.kind) {
    Value out = a;
    out.items.insert(out.items.end(), b.items.begin(), b.items.end());
    return out;
  }
  if (!a.fully_known() || !b.fully_known()) return unknown_from(a, b, "operator");
  if (op == Kind::Add) {
    if (a.kind == VK::Str && b.kind == VK::Str) return Value::str(a.text + b.text);
    if ((a.kind == VK::List || a.kind == VK::Tuple) && a.kind == b.kind) {
      Value out = a;
      out.items.insert(out.items.end(), b.items.begin(), b.items.end());
      return out;
    }
    if (is_integral(a) && is_integral(b)) return Value::of_int(integer_of(a) + integer_of(b));
    if (is_number(a) && is_number(b)) return Value::of_float(number_of(a) + number_of(b));
  } else if (op == Kind::Sub) {
    if (is_integral(a) && is_integral(b)) return Value::of_int(integer_of(a) - integer_of(b));
    if (is_number(a) && is_number(b)) return Value::of_float(number_of(a) - number_of(b));
    if (a.kind == VK::Set && b.kind == VK::Set) {
      Value out = Value::sequence(VK::Set, {});
      for (const Value& item : a.items) {
        if (std::find(b.items.begin(), b.items.end(), item) == b.items.end())
          out.items.push_back(item);
      }
      return out;
    }
  } else if (op == Kind::Mult) {
    const Value* sequence = is_integral(b) ? &a : &b;
    const Value* count = is_integral(b) ? &b : &a;
    if (is_integral(a) && is_integral(b)) return Value::of_int(integer_of(a) * integer_of(b));
    if (is_number(a) && is_number(b)) return Value::of_float(number_of(a) * number_of(b));
    if (is_integral(*count) && integer_of(*count) < 10'000 &&
        (sequence->kind == VK::Str || sequence->kind == VK::List || sequence->kind == VK::Tuple)) {
      Value out = *sequence;
      out.text.clear();
      out.items.clear();
      for (std::int64_t i = 0; i < integer_of(*count); ++i) {
        out.text += sequence->text;
        out.items.insert(out.items.end(), sequence->items.begin(), sequence->items.end());
      }
      return out;
    }
  } else if (op == Kind::Div) {
    if (a.kind == VK::Path && (b.kind == VK::Str || b.kind == VK::Path)) {
      return Value::path(join_path(a.text, b.text));
    }
    if (is_number(a) && is_number(b) && number_of(b) != 0) {
      return Value::of_float(number_of(a) / number_of(b));
    }
  } else if (op == Kind::FloorDiv) {
    if (is_integral(a) && is_integral(b) && integer_of(b) != 0) {
      const std::int64_t x = integer_of(a), y = integer_of(b);
      std::int64_t q = x / y;
      if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
      return Value::of_int(q);
    }
  } else if (op == Kind::Mod) {
    if (a.kind == VK::Str) return percent_format(a.text, b);
  } else if (op == Kind::BitOr) {
    if (a.kind == VK::Dict && b.kind == VK::Dict) {
      Value out = a;
      for (const auto& [k, v] : b.entries) {
        if (Value* existing = out.find(k)) {
          *existing = v;
        } else {
          out.entries.emplace_back(k, v);
        }
      }
      return out;
    }
    if (a.kind == VK::Set && b.kind == VK::Set) {
      Value out = a;
      for (const Value& item : b.items) {
        if (std::find(out.items.begin(), out.items.end(), item) == out.items.end())
          out.items.push_back(item);
      }
      return out;
    }
    if (a.kind == VK::Bool && b.kind == VK::Bool) return Value::of_bool(a.boolean || b.boolean);
  }
  return Value::unknown("operator " + std::string(python::kind_name(op)));
}

}  // namespace

std::optional<bool> python_equal(const Value& a, const Value& b) {
  if (!a.fully_known() || !b.fully_known()) {
    // Different known kinds can still be told apart when one side is fully known and the other
    // is a container of a different kind; otherwise unknown.
    return std::nullopt;
  }
  if (is_number(a) && is_number(b)) return number_of(a) == number_of(b);
  if (a.kind == Value::Kind::Path || b.kind == Value::Kind::Path) {
    return a.kind == b.kind && a.text == b.text;
  }
  if (a.kind != b.kind) {
    const bool refs = a.kind == Value::Kind::Reference || b.kind == Value::Kind::Reference ||
                      a.kind == Value::Kind::Object || b.kind == Value::Kind::Object;
    if (refs) return std::nullopt;
    return false;
  }
  switch (a.kind) {
    case Value::Kind::None:
      return true;
    case Value::Kind::Str:
      return a.text == b.text;
    case Value::Kind::List:
    case Value::Kind::Tuple:
    case Value::Kind::Set: {
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        const std::optional<bool> equal =
            a.kind == Value::Kind::Set
                ? std::optional<bool>(std::find(b.items.begin(), b.items.end(), a.items[i]) !=
                                      b.items.end())
                : python_equal(a.items[i], b.items[i]);
        if (equal != true) return equal;
      }
      return true;
    }
    case Value::Kind::Dict: {
      if (a.entries.size() != b.entries.size()) return false;
      for (const auto& [k, v] : a.entries) {
        const Value* other = b.find(k);
        if (!other) return false;
        const std::optional<bool> equal = python_equal(v, *other);
        if (equal != true) return equal;
      }
      return true;
    }
    default:
      return std::nullopt;
  }
}

Value binary_operation(Kind op, const Value& left, const Value& right) {
  return lift2(left, right, [op](const Value& a, const Value& b) { return operate(op, a, b); });
}

}  // namespace preflight::django::settings
