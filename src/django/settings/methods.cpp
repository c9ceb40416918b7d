// Methods of values (str, list, dict, Path) and the environment libraries' objects:
// python-decouple's `config(...)` and django-environ's `env(...)`, `env.bool(...)`, ...
#include <algorithm>
#include <cctype>
#include <cstdint>

#include "django/settings/database_urls.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

namespace {

Value unknown_method(const Value& receiver, std::string_view name) {
  return Value::unknown(receiver.unknown_origin().value_or("method " + std::string(name)));
}

std::string strip_chars(const std::string& text, const Value* chars, bool left, bool right) {
  const std::string set = chars && chars->kind == Value::Kind::Str ? chars->text : " \t\n\r\f\v";
  std::size_t begin = 0, end = text.size();
  while (left && begin < end && set.find(text[begin]) != std::string::npos) ++begin;
  while (right && end > begin && set.find(text[end - 1]) != std::string::npos) --end;
  return text.substr(begin, end - begin);
}

// str.isupper() and friends on ASCII text; other text is not known (Unicode categories).
Value string_predicate(const std::string& text, std::string_view name) {
  bool cased = false, all = !text.empty();
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) return Value::unknown("str." + std::string(name) + " of non-ASCII text");
    const bool upper = std::isupper(u), lower = std::islower(u);
    if (name == "isupper" && lower) return Value::of_bool(false);
    if (name == "islower" && upper) return Value::of_bool(false);
    cased = cased || upper || lower;
    if (name == "isdigit" && !std::isdigit(u)) all = false;
    if (name == "isalpha" && !std::isalpha(u)) all = false;
  }
  if (name == "isupper" || name == "islower") return Value::of_bool(cased);
  return Value::of_bool(all);
}

// str.split(sep, maxsplit) and str.rsplit(sep, maxsplit) with a known separator.
Value split_limited(const std::string& text, bool from_right, const Arguments& args) {
  const Value* separator = args.get(0, "sep");
  const Value* limit = args.get(1, "maxsplit");
  if (!separator || separator->kind != Value::Kind::Str || separator->text.empty() || !limit ||
      limit->kind != Value::Kind::Int) {
    return Value::unknown("split with maxsplit");
  }
  const std::string& sep = separator->text;
  std::int64_t remaining = limit->integer < 0 ? INT64_MAX : limit->integer;
  std::vector<std::string> parts;
  std::string rest = text;
  while (remaining-- > 0) {
    const std::size_t found = from_right ? rest.rfind(sep) : rest.find(sep);
    if (found == std::string::npos) break;
    if (from_right) {
      parts.insert(parts.begin(), rest.substr(found + sep.size()));
      rest = rest.substr(0, found);
    } else {
      parts.push_back(rest.substr(0, found));
      rest = rest.substr(found + sep.size());
    }
  }
  if (from_right) {
    parts.insert(parts.begin(), rest);
  } else {
    parts.push_back(rest);
  }
  std::vector<Value> items;
  for (std::string& part : parts) items.push_back(Value::str(std::move(part)));
  return Value::sequence(Value::Kind::List, std::move(items));
}

Value string_method(const std::string& text, std::string_view name, const Arguments& args) {
  const Value* first = args.get(0, "");
  if (name == "lower" || name == "upper") {
    std::string out = text;
    for (char& c : out) c = static_cast<char>(name == "lower" ? std::tolower(c) : std::toupper(c));
    return Value::str(out);
  }
  if (name == "isupper" || name == "islower" || name == "isdigit" || name == "isalpha") {
    return string_predicate(text, name);
  }
  if ((name == "split" || name == "rsplit") && args.get(1, "maxsplit")) {
    return split_limited(text, name == "rsplit", args);
  }
  if (name == "strip") return Value::str(strip_chars(text, first, true, true));
  if (name == "lstrip") return Value::str(strip_chars(text, first, true, false));
  if (name == "rstrip") return Value::str(strip_chars(text, first, false, true));
  if ((name == "startswith" || name == "endswith") && first && first->kind == Value::Kind::Str) {
    return Value::of_bool(name == "startswith" ? text.starts_with(first->text)
                                               : text.ends_with(first->text));
  }
  if (name == "split" && !args.get(1, "maxsplit")) {
    const Value* separator = args.get(0, "sep");
    if (separator && !separator->fully_known()) return unknown_method(*separator, name);
    std::vector<Value> parts;
    if (!separator || separator->kind == Value::Kind::None) {
      std::size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        const std::size_t begin = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i > begin) parts.push_back(Value::str(text.substr(begin, i - begin)));
      }
    } else if (separator->kind == Value::Kind::Str && !separator->text.empty()) {
      std::size_t start = 0;
      while (true) {
        const std::size_t found = text.find(separator->text, start);
        parts.push_back(Value::str(text.substr(start, found - start)));
        if (found == std::string::npos) break;
        start = found + separator->text.size();
      }
    } else {
      return Value::unknown("split");
    }
    return Value::sequence(Value::Kind::List, std::move(parts));
  }
  if (name == "replace" && args.positional.size() == 2 &&
      args.positional[0].kind == Value::Kind::Str && args.positional[1].kind == Value::Kind::Str &&
      !args.positional[0].text.empty()) {
    std::string out;
    const std::string& from = args.positional[0].text;
    std::size_t start = 0;
    for (std::size_t found; (found = text.find(from, start)) != std::string::npos;
         start = found + from.size()) {
      out += text.substr(start, found - start) + args.positional[1].text;
    }
    return Value::str(out + text.substr(start));
  }
  if (name == "join" && first && first->is_sequence()) {
    std::string out;
    for (std::size_t i = 0; i < first->items.size(); ++i) {
      if (first->items[i].kind != Value::Kind::Str) return unknown_method(first->items[i], name);
      out += (i ? text : "") + first->items[i].text;
    }
    return Value::str(out);
  }
  if (name == "format") {
    std::string out;
    std::size_t automatic = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
        out += c;
        ++i;
        continue;
      }
      if (c != '{') {
        out += c;
        continue;
      }
      const std::size_t close = text.find('}', i);
      if (close == std::string::npos) return Value::unknown("format");
      const std::string field = text.substr(i + 1, close - i - 1);
      const Value* value = nullptr;
      if (field.empty()) {
        value = automatic < args.positional.size() ? &args.positional[automatic++] : nullptr;
      } else if (std::all_of(field.begin(), field.end(), ::isdigit)) {
        const std::size_t index = std::stoul(field);
        value = index < args.positional.size() ? &args.positional[index] : nullptr;
      } else {
        value = args.keyword(field);
      }
      const std::optional<std::string> piece = value ? to_str(*value) : std::nullopt;
      if (!piece)
        return Value::unknown(value ? value->unknown_origin().value_or("format") : "format");
      out += *piece;
      i = close;
    }
    return Value::str(out);
  }
  return Value::unknown("str." + std::string(name));
}

// Edits in place: the receiver is the binding's own value.
Value list_method(Value& list, std::string_view name, const Arguments& args) {
  const Value* first = args.get(0, "");
  std::vector<Value>& items = list.items;
  if (name == "append" && first) {
    items.push_back(*first);
    return Value::none();
  }
  if (name == "extend" && first) {
    if (first->is_sequence()) {
      items.insert(items.end(), first->items.begin(), first->items.end());
    } else {
      list = Value::unknown(first->unknown_origin().value_or("extend"));
    }
    return Value::none();
  }
  if (name == "insert" && args.positional.size() == 2 &&
      args.positional[0].kind == Value::Kind::Int) {
    const auto size = static_cast<std::int64_t>(items.size());
    std::int64_t index = args.positional[0].integer;
    if (index < 0) index += size;
    index = std::clamp<std::int64_t>(index, 0, size);
    items.insert(items.begin() + index, args.positional[1]);
    return Value::none();
  }
  if ((name == "remove" || name == "index" || name == "count") && first) {
    std::size_t found = items.size(), count = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::optional<bool> equal = python_equal(items[i], *first);
      if (!equal) {
        if (name == "remove") list = Value::unknown("remove from a partly known list");
        return Value::unknown("list." + std::string(name));
      }
      if (*equal) {
        if (found == items.size()) found = i;
        ++count;
      }
    }
    if (name == "count") return Value::of_int(static_cast<std::int64_t>(count));
    if (found == items.size()) throw Raised{"ValueError", "list." + std::string(name)};
    if (name == "index") return Value::of_int(static_cast<std::int64_t>(found));
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(found));
    return Value::none();
  }
  if (name == "pop") {
    if (items.empty()) throw Raised{"IndexError", "list.pop"};
    std::int64_t index = first && first->kind == Value::Kind::Int ? first->integer : -1;
    const auto size = static_cast<std::int64_t>(items.size());
    if (index < 0) index += size;
    if (index < 0 || index >= size) throw Raised{"IndexError", "list.pop"};
    Value out = items[static_cast<std::size_t>(index)];
    items.erase(items.begin() + index);
    return out;
  }
  if (name == "copy") return list;
  if (name == "clear") {
    items.clear();
    return Value::none();
  }
  if (name == "reverse") {
    std::reverse(items.begin(), items.end());
    return Value::none();
  }
  list = Value::unknown("list." + std::string(name));
  return Value::unknown("list." + std::string(name));
}

Value dict_method(Value& dict, std::string_view name, const Arguments& args) {
  const Value* first = args.get(0, "");
  if ((name == "get" || name == "setdefault" || name == "pop") && first) {
    if (!first->fully_known()) return unknown_method(*first, name);
    Value fallback = args.positional.size() > 1 ? args.positional[1] : Value::none();
    if (Value* found = dict.find(*first)) {
      Value out = *found;
      if (name == "pop")
        std::erase_if(dict.entries, [&](const auto& e) { return e.first == *first; });
      return out;
    }
    if (!keys_known(dict)) return Value::unknown("key of a partly known dict");
    if (name == "setdefault") dict.entries.emplace_back(*first, fallback);
    return fallback;
  }
  if (name == "update") {
    std::vector<Entry> updates;
    if (first && first->kind == Value::Kind::Dict)
      updates = first->entries;
    else if (first) {
      dict = Value::unknown(first->unknown_origin().value_or("dict.update"));
      return Value::none();
    }
    for (const auto& [key, value] : args.keywords) updates.emplace_back(Value::str(key), value);
    for (auto& [key, value] : updates) {
      if (Value* existing = dict.find(key))
        *existing = value;
      else
        dict.entries.emplace_back(key, value);
    }
    return Value::none();
  }
  if (name == "copy") return dict;
  if (name == "keys" || name == "values" || name == "items") {
    std::vector<Value> out;
    for (const auto& [key, value] : dict.entries) {
      if (name == "keys")
        out.push_back(key);
      else if (name == "values")
        out.push_back(value);
      else
        out.push_back(Value::sequence(Value::Kind::Tuple, {key, value}));
    }
    return Value::sequence(Value::Kind::List, std::move(out));
  }
  dict = Value::unknown("dict." + std::string(name));
  return Value::unknown("dict." + std::string(name));
}

}  // namespace

Value Interpreter::call_method(Value& receiver, std::string_view name, const Arguments& args,
                               Frame& frame) {
  (void)frame;
  switch (receiver.kind) {
    case Value::Kind::Str: {
      std::vector<Value> values = args.positional;
      for (const auto& [key, value] : args.keywords) values.push_back(value);
      return lift_each(values, [&](const std::vector<Value>& chosen) {
        Arguments one;
        one.positional.assign(chosen.begin(), chosen.begin() + args.positional.size());
        for (std::size_t i = 0; i < args.keywords.size(); ++i) {
          one.keywords.emplace_back(args.keywords[i].first, chosen[args.positional.size() + i]);
        }
        return string_method(receiver.text, name, one);
      });
    }
    case Value::Kind::List:
      return list_method(receiver, name, args);
    case Value::Kind::Dict:
      return dict_method(receiver, name, args);
    case Value::Kind::Set:
      if ((name == "add" || name == "discard") && !args.positional.empty()) {
        auto& items = receiver.items;
        const auto it = std::find(items.begin(), items.end(), args.positional[0]);
        if (name == "add" && it == items.end()) items.push_back(args.positional[0]);
        if (name == "discard" && it != items.end()) items.erase(it);
        return Value::none();
      }
      receiver = Value::unknown("set." + std::string(name));
      return receiver;
    case Value::Kind::Path:
      if (name == "resolve" || name == "absolute") {
        if (receiver.text.starts_with("/")) return receiver;
        return Value::unknown("relative path");
      }
      if (name == "joinpath") {
        Value path = receiver;
        for (const Value& part : args.positional)
          path = binary_operation(python::Kind::Div, path, part);
        return path;
      }
      return Value::unknown("Path." + std::string(name));
    case Value::Kind::Object:
      return read_env_library(receiver, name, args, frame);
    case Value::Kind::Candidates: {
      // Each alternative gets the call; edits apply to every one. An alternative on which the
      // call raises is a path where the import fails: it is dropped (unless all raise).
      std::vector<Value> results, kept;
      std::optional<Raised> raised;
      for (Value& alternative : receiver.items) {
        try {
          results.push_back(call_method(alternative, name, args, frame));
          kept.push_back(std::move(alternative));
        } catch (const Raised& exception) {
          if (!raised) raised = exception;
        }
      }
      if (kept.empty() && raised) throw *raised;
      receiver = Value::candidates(std::move(kept));
      return Value::candidates(std::move(results));
    }
    default:
      return unknown_method(receiver, name);
  }
}

Value Interpreter::read_env_library(const Value& object, std::string_view method,
                                    const Arguments& args, Frame& frame) {
  const bool decouple = object.text == "decouple.config" || object.text == "decouple.AutoConfig";
  const bool environ = object.text == "environ.Env";
  if (!decouple && !environ) return Value::unknown("call of " + object.text);
  const Value* name = args.get(0, decouple ? "option" : "var");
  if (environ && (method == "db" || method == "db_url")) return read_environ_database(args);
  if (environ && (method == "read_env" || method == "read_env_file")) {
    read_dotenv(args, frame);
    return Value::none();
  }
  if (!name || name->kind != Value::Kind::Str) return Value::unknown("env");
  const std::string& key = name->text;
  std::optional<Value> fallback;
  if (const Value* given = args.get(decouple ? 1 : 2, "default")) fallback = *given;
  if (decouple && method == "__call__") {
    std::optional<Value> read = read_variable(env_, key, fallback);
    const std::optional<Value> current = env_.lookup(key);
    if (!current || !current->fully_known()) {
      // Not in os.environ (or not known to be): decouple then reads its settings.ini or .env,
      // if there is one, before the default.
      const std::optional<RepositoryRead> file = decouple_read(object, frame, key);
      if (file && file->defines) {
        const Value from_file =
            file->value ? Value::str(*file->value)
                        : Value::unknown("decouple " + key + " (may be set in " + file->file + ")");
        if (!current) {
          // Unset: a shipped file's value; one not known to be shipped may be missing, and the
          // default (if any; without one the import fails there) applies.
          read = file->shipped || !read ? from_file : Value::candidates({from_file, *read});
        } else if (file->shipped) {
          read = Value::candidates({from_file, *current});  // the environment wins when set
        } else {
          read = Value::candidates({from_file, read ? *read : *current});
        }
      }
    }
    if (!read) throw Raised{"UndefinedValueError", "config('" + key + "')"};
    const Value* cast = args.get(2, "cast");
    if (!cast) return *read;
    // decouple casts the default as well as the variable.
    return lift1(*read, [&](const Value& v) -> Value {
      if (v.kind == Value::Kind::Unknown) return v;
      if (cast->kind == Value::Kind::Reference) {
        if (cast->text == "builtins.bool") {
          if (v.kind == Value::Kind::Bool) return v;
          const std::optional<std::string> text = to_str(v);
          return text ? decouple_bool(Value::str(*text)) : Value::unknown("cast");
        }
        if (cast->text == "builtins.int") return cast_int(v);
        if (cast->text == "builtins.float") return cast_float(v);
        if (cast->text == "builtins.str")
          return to_str(v) ? Value::str(*to_str(v)) : Value::unknown("cast");
      }
      if (cast->kind == Value::Kind::Object && cast->text == "decouple.Csv") {
        const Value* delimiter = cast->find(Value::str("delimiter"));
        const char separator =
            delimiter && delimiter->kind == Value::Kind::Str && delimiter->text.size() == 1
                ? delimiter->text[0]
                : ',';
        if (delimiter && separator == ',' && delimiter->text != ",")
          return Value::unknown("Csv delimiter");
        if (cast->find(Value::str("cast"))) return Value::unknown("Csv cast");
        return decouple_csv(v, separator);
      }
      if (cast->kind == Value::Kind::Function) {
        Arguments inner;
        inner.positional.push_back(v);
        return call_function(*cast, inner);
      }
      return Value::unknown("cast of env " + key);
    });
  }
  // django-environ: the scheme given to Env(...) supplies cast and default.
  std::string cast = method == "__call__" ? "" : std::string(method);
  if (method == "__call__") {
    if (const Value* given = args.get(1, "cast"); given && given->kind == Value::Kind::Reference) {
      cast = given->text.substr(given->text.rfind('.') + 1);
    }
  } else if (method == "list" || method == "str" || method == "bool" || method == "int" ||
             method == "float") {
    if (const Value* given = args.get(1, "default"); given && !fallback) fallback = *given;
    if (method == "list" && args.keyword("cast")) return Value::unknown("env.list cast");
  } else {
    return Value::unknown("env." + std::string(method) + " " + key);
  }
  if (const Value* scheme = object.find(Value::str(key))) {
    const Value* scheme_cast =
        scheme->kind == Value::Kind::Tuple && !scheme->items.empty() ? &scheme->items[0] : scheme;
    if (cast.empty() && scheme_cast->kind == Value::Kind::Reference) {
      cast = scheme_cast->text.substr(scheme_cast->text.rfind('.') + 1);
    }
    if (!fallback && scheme->kind == Value::Kind::Tuple && scheme->items.size() == 2) {
      fallback = scheme->items[1];
    }
  }
  const std::optional<Value> present = env_.lookup(key);
  // environ parses only values read from the environment: a default is returned as written.
  auto parse = [&](const Value& v) -> Value {
    if (v.kind != Value::Kind::Str) return v;
    if (cast == "bool") return environ_bool(v);
    if (cast == "int") return cast_int(v);
    if (cast == "float") return cast_float(v);
    if (cast == "list") return environ_list(v);
    if (cast == "str" || cast.empty()) return v;
    return Value::unknown("env " + key + " cast " + cast);
  };
  if (!present) {
    if (!fallback) throw Raised{"ImproperlyConfigured", "env('" + key + "')"};
    return *fallback;
  }
  if (present->fully_known()) return parse(*present);
  Value unknown = lift1(*present, parse);
  return fallback ? Value::candidates({*fallback, unknown}) : unknown;
}

}  // namespace preflight::django::settings

namespace preflight::django::settings {

// env.db_url(var="DATABASE_URL", default=NOTSET, engine=None): the variable (or the default,
// which is parsed too) as a DATABASES entry.
Value Interpreter::read_environ_database(const Arguments& args) {
  const Value* var = args.get(0, "var");
  if (var && var->kind != Value::Kind::Str) return Value::unknown("env.db");
  const std::string key = var ? var->text : "DATABASE_URL";
  std::optional<Value> fallback;
  if (const Value* given = args.get(1, "default")) fallback = *given;
  const std::optional<Value> url = read_variable(env_, key, fallback);
  if (!url) throw Raised{"ImproperlyConfigured", "env.db_url('" + key + "')"};
  // django-environ follows a value starting with '$' to another variable.
  const std::vector<Value> values = alternatives(*url);
  const bool proxied = std::any_of(values.begin(), values.end(), [](const Value& v) {
    return v.kind == Value::Kind::Str && v.text.starts_with("$");
  });
  if (proxied) return Value::unknown("env " + key + " refers to another variable");
  DatabaseUrlOptions options;
  if (const Value* engine = args.get(2, "engine")) options.engine = *engine;
  return parse_database_url(*url, UrlLibrary::DjangoEnviron, options);
}

}  // namespace preflight::django::settings
