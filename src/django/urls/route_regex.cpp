#include "django/urls/route_regex.h"

#include <array>
#include <cctype>
#include <vector>

namespace preflight::django::urls {

namespace {

struct BuiltinConverter {
  std::string_view name;
  std::string_view regex;                                 // django.urls.converters
  std::array<std::string_view, kSampleVariants> samples;  // values the regex accepts
};

constexpr std::array<BuiltinConverter, 5> kBuiltinConverters = {{
    {"int", "[0-9]+", {"1", "27", "300"}},
    {"path", ".+", {"sample/path", "other", "x/y/z"}},
    {"slug", "[-a-zA-Z0-9_]+", {"sample-slug", "other_slug", "s3"}},
    {"str", "[^/]+", {"sample", "other-value", "x.y"}},
    {"uuid",
     "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
     {"12345678-1234-5678-1234-567812345678", "abcdef01-2345-6789-abcd-ef0123456789",
      "00000000-0000-4000-8000-000000000001"}},
}};

const BuiltinConverter* builtin_converter(std::string_view name) {
  for (const BuiltinConverter& converter : kBuiltinConverters) {
    if (converter.name == name) return &converter;
  }
  return nullptr;
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool ok = std::isalpha(c) || c == '_' || c >= 0x80 || (i > 0 && std::isdigit(c));
    if (!ok) return false;
  }
  return true;
}

// One `<converter:parameter>` of a route, as _PATH_PARAMETER_COMPONENT_RE finds it.
struct Parameter {
  std::size_t begin = 0;  // the '<'
  std::size_t end = 0;    // past the '>'
  std::string_view converter;
  std::string_view name;
};

// The next parameter at or after `from`: `<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>`.
std::optional<Parameter> next_parameter(std::string_view route, std::size_t from) {
  for (std::size_t open = route.find('<', from); open != std::string_view::npos;
       open = route.find('<', open + 1)) {
    const std::size_t close = route.find('>', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    if (close == open + 1) continue;
    const std::string_view inside = route.substr(open + 1, close - open - 1);
    Parameter parameter{open, close + 1, "str", inside};
    const std::size_t colon = inside.find(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < inside.size()) {
      parameter.converter = inside.substr(0, colon);
      parameter.name = inside.substr(colon + 1);
    }
    return parameter;
  }
  return std::nullopt;
}

bool has_whitespace(std::string_view text) {
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return true;
  }
  return false;
}

// --- regex_example: a small generator over Python's regex syntax. ---

class ExampleBuilder {
 public:
  ExampleBuilder(std::string_view regex, int variant) : regex_(regex), variant_(variant) {}

  std::optional<std::string> build() {
    std::string out;
    if (!alternation(out) || position_ != regex_.size()) return std::nullopt;
    return out;
  }

 private:
  std::string_view regex_;
  int variant_ = 0;  // which of the acceptable characters to pick
  std::size_t position_ = 0;

  char pick(std::string_view choices) const {
    return choices[static_cast<std::size_t>(variant_) % choices.size()];
  }

  bool at_end() const { return position_ >= regex_.size(); }
  char peek() const { return at_end() ? '\0' : regex_[position_]; }

  // The first alternative that can be built; the others are skipped over.
  bool alternation(std::string& out) {
    std::optional<std::string> chosen;
    while (true) {
      std::string branch;
      const bool ok = sequence(branch);
      if (ok && !chosen) chosen = std::move(branch);
      if (!ok && !skip_branch()) return false;
      if (peek() != '|') break;
      ++position_;
    }
    if (!chosen) return false;
    out += *chosen;
    return true;
  }

  // After a failed branch: moves to the next '|' or ')' of this level.
  bool skip_branch() {
    int depth = 0;
    bool in_class = false;
    while (!at_end()) {
      const char c = regex_[position_];
      if (c == '\\') {
        position_ += 2;
        continue;
      }
      if (in_class) {
        if (c == ']') in_class = false;
      } else if (c == '[') {
        in_class = true;
        if (peek_at(position_ + 1) == '^') ++position_;
        if (peek_at(position_ + 1) == ']') ++position_;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (depth == 0) return true;
        --depth;
      } else if (c == '|' && depth == 0) {
        return true;
      }
      ++position_;
    }
    return true;
  }

  char peek_at(std::size_t index) const { return index < regex_.size() ? regex_[index] : '\0'; }

  bool sequence(std::string& out) {
    while (!at_end() && peek() != '|' && peek() != ')') {
      std::string atom_text;
      bool repeatable = true;
      if (!atom(atom_text, repeatable)) return false;
      int count = 1;
      if (!quantifier(count)) return false;
      if (count > 0 && !repeatable && count != 1) return false;
      for (int i = 0; i < count; ++i) out += atom_text;
    }
    return true;
  }

  // Reads a quantifier if one follows: the fewest repetitions it allows.
  bool quantifier(int& count) {
    const char c = peek();
    if (c == '?' || c == '*') {
      count = 0;
      ++position_;
    } else if (c == '+') {
      count = 1;
      ++position_;
    } else if (c == '{') {
      // `{n}`, `{n,}`, `{,m}`, `{n,m}`; anything else is a literal '{' (as in Python).
      std::size_t index = position_ + 1;
      int minimum = 0;
      bool digits = false;
      while (index < regex_.size() && std::isdigit(static_cast<unsigned char>(regex_[index]))) {
        minimum = minimum * 10 + (regex_[index] - '0');
        if (minimum > 1000) return false;
        digits = true;
        ++index;
      }
      bool comma = false;
      if (index < regex_.size() && regex_[index] == ',') {
        comma = true;
        ++index;
        while (index < regex_.size() && std::isdigit(static_cast<unsigned char>(regex_[index]))) {
          digits = true;
          ++index;
        }
      }
      if (!digits || index >= regex_.size() || regex_[index] != '}') return true;
      (void)comma;
      count = minimum;
      position_ = index + 1;
    } else {
      return true;
    }
    if (peek() == '?' || peek() == '+') ++position_;  // lazy or possessive
    return true;
  }

  bool atom(std::string& out, bool& repeatable) {
    const char c = regex_[position_];
    switch (c) {
      case '^':
      case '$':
        ++position_;
        repeatable = false;
        return true;
      case '.':
        ++position_;
        out += pick("abc");
        return true;
      case '[':
        return character_class(out);
      case '(':
        return group(out);
      case '\\':
        return escape(out, repeatable);
      case '*':
      case '+':
      case '?':
        return false;  // nothing to repeat
      default:
        ++position_;
        out += c;
        return true;
    }
  }

  bool group(std::string& out) {
    ++position_;  // '('
    if (peek() == '?') {
      const char kind = peek_at(position_ + 1);
      if (kind == ':') {
        position_ += 2;
      } else if (kind == 'P' && peek_at(position_ + 2) == '<') {
        const std::size_t close = regex_.find('>', position_);
        if (close == std::string_view::npos) return false;
        position_ = close + 1;
      } else if (kind == '#') {
        const std::size_t close = regex_.find(')', position_);
        if (close == std::string_view::npos) return false;
        position_ = close + 1;
        return true;
      } else if (std::isalpha(static_cast<unsigned char>(kind)) && kind != 'P') {
        // Inline flags `(?i)` or scoped flags `(?i:...)`: the flags do not change the sample.
        std::size_t index = position_ + 1;
        while (index < regex_.size() &&
               (std::isalpha(static_cast<unsigned char>(regex_[index])) || regex_[index] == '-')) {
          ++index;
        }
        if (index >= regex_.size()) return false;
        if (regex_[index] == ')') {
          position_ = index + 1;
          return true;
        }
        if (regex_[index] != ':') return false;
        position_ = index + 1;
      } else {
        return false;  // lookarounds, (?P=name), conditionals
      }
    }
    if (!alternation(out)) return false;
    if (peek() != ')') return false;
    ++position_;
    return true;
  }

  // One item of a class: a character, a range or a class escape.
  struct ClassItem {
    char first = 0;
    char last = 0;
    char escape = 0;  // 'd', 'w', 's', 'D', 'W', 'S' for class escapes
  };

  static bool item_contains(const ClassItem& item, char c) {
    const auto u = static_cast<unsigned char>(c);
    switch (item.escape) {
      case 'd':
        return std::isdigit(u) != 0;
      case 'D':
        return std::isdigit(u) == 0;
      case 'w':
        return std::isalnum(u) != 0 || c == '_';
      case 'W':
        return std::isalnum(u) == 0 && c != '_';
      case 's':
        return std::isspace(u) != 0;
      case 'S':
        return std::isspace(u) == 0;
      default:
        return c >= item.first && c <= item.last;
    }
  }

  bool class_character(char& c) {
    if (at_end()) return false;
    c = regex_[position_++];
    if (c != '\\') return true;
    if (at_end()) return false;
    const char escaped = regex_[position_++];
    if (std::isalnum(static_cast<unsigned char>(escaped))) return false;
    c = escaped;
    return true;
  }

  bool character_class(std::string& out) {
    ++position_;  // '['
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++position_;
    }
    std::vector<ClassItem> items;
    bool first = true;
    while (!at_end() && (peek() != ']' || first)) {
      first = false;
      if (peek() == '\\' &&
          std::string_view("dwsDWS").find(peek_at(position_ + 1)) != std::string_view::npos) {
        items.push_back(ClassItem{0, 0, peek_at(position_ + 1)});
        position_ += 2;
        continue;
      }
      char low = 0;
      if (!class_character(low)) return false;
      char high = low;
      if (peek() == '-' && peek_at(position_ + 1) != ']' && position_ + 1 < regex_.size()) {
        ++position_;
        if (!class_character(high)) return false;
      }
      items.push_back(ClassItem{low, high, 0});
    }
    if (at_end()) return false;
    ++position_;  // ']'
    const auto contains = [&](char c) {
      for (const ClassItem& item : items) {
        if (item_contains(item, c)) return true;
      }
      return false;
    };
    // Plain URL-safe characters first, so that samples read naturally; a variant takes a later one.
    std::string accepted;
    for (const char candidate : std::string_view("a1x-_.~bcz09AZ")) {
      if (contains(candidate) != negated) accepted += candidate;
    }
    if (!accepted.empty()) {
      out += pick(accepted);
      return true;
    }
    if (!negated) {
      for (const ClassItem& item : items) {
        if (item.escape == 0 && item.first > ' ' && item.first != '/') {
          out += item.first;
          return true;
        }
      }
    }
    return false;
  }

  bool escape(std::string& out, bool& repeatable) {
    if (position_ + 1 >= regex_.size()) return false;
    const char c = regex_[position_ + 1];
    position_ += 2;
    switch (c) {
      case 'd':
        out += pick("123");
        return true;
      case 'D':
      case 'w':
      case 'S':
        out += pick("abc");
        return true;
      case 'W':
        out += '-';
        return true;
      case 'A':
      case 'Z':
      case 'b':
        repeatable = false;
        return true;
      default:
        // Letters and digits are classes, anchors or backreferences not modelled here.
        if (std::isalnum(static_cast<unsigned char>(c))) return false;
        out += c;
        return true;
    }
  }
};

}  // namespace

std::string python_re_escape(std::string_view text) {
  static constexpr std::string_view kSpecial = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::optional<std::string> route_to_regex(std::string_view route, bool is_endpoint,
                                          DjangoVersion version, const ConverterRegexes& custom) {
  std::string out = "^";
  std::size_t from = 0;
  while (const std::optional<Parameter> parameter = next_parameter(route, from)) {
    const std::string_view whole =
        route.substr(parameter->begin, parameter->end - parameter->begin);
    if (has_whitespace(whole) || !is_identifier(parameter->name)) return std::nullopt;
    out += python_re_escape(route.substr(from, parameter->begin - from));
    std::string converter_regex;
    if (const auto found = custom.find(parameter->converter); found != custom.end()) {
      converter_regex = found->second;
    } else if (const BuiltinConverter* builtin = builtin_converter(parameter->converter)) {
      converter_regex = std::string(builtin->regex);
    } else {
      return std::nullopt;
    }
    out += "(?P<" + std::string(parameter->name) + ">" + converter_regex + ")";
    from = parameter->end;
  }
  out += python_re_escape(route.substr(from));
  // Django 2.0 and 2.1 ended endpoints with "$", which also matches before a trailing newline.
  if (is_endpoint) out += version < DjangoVersion{2, 2} ? "$" : "\\Z";
  return out;
}

std::optional<std::string> route_example(std::string_view route, const ConverterRegexes& custom,
                                         int variant) {
  std::string out;
  std::size_t from = 0;
  while (const std::optional<Parameter> parameter = next_parameter(route, from)) {
    out += route.substr(from, parameter->begin - from);
    if (const auto found = custom.find(parameter->converter); found != custom.end()) {
      std::optional<std::string> sample = regex_example(found->second, variant);
      if (!sample || sample->empty()) return std::nullopt;
      out += *sample;
    } else if (const BuiltinConverter* builtin = builtin_converter(parameter->converter)) {
      out += builtin->samples[static_cast<std::size_t>(variant) % kSampleVariants];
    } else {
      return std::nullopt;
    }
    from = parameter->end;
  }
  out += route.substr(from);
  return out;
}

std::optional<std::string> regex_example(std::string_view regex, int variant) {
  return ExampleBuilder(regex, variant).build();
}

std::string_view without_caret(std::string_view regex) {
  if (!regex.empty() && regex.front() == '^') regex.remove_prefix(1);
  return regex;
}

}  // namespace preflight::django::urls
