// String atoms: implicit concatenation, decoding through literals.h, and f-strings (t-strings)
// taken apart as CPython 3.11 does (Parser/string_parser.c): literal text, replacement fields
// compiled as `(expression)`, `=` self-documentation, conversions and nested format specs.
#include <algorithm>

#include "python/literals.h"
#include "python/parser_internal.h"

namespace preflight::python::detail {

struct Parser::StringBuilder {
  Location location;     // the whole string sequence: 3.11 gives it to every part
  std::string last_str;  // literal text not yet turned into a Constant
  NodeList values;
  bool template_string = false;
};

namespace {
[[noreturn]] void fail_string(const Token& token, std::string message) {
  throw ParseFailure{{std::move(message), token.line, token.col + 1}};
}

std::string decode(std::string_view body, bool raw, bool bytes, const Token& token) {
  DecodedLiteral decoded = decode_string_body(body, raw, bytes);
  if (decoded.error) {
    throw ParseFailure{{decoded.error->message, token.end_line, token.end_col + 1}};
  }
  return std::move(*decoded.value);
}
}  // namespace

Node* Parser::strings() {
  const Token& first = peek();
  std::vector<const Token*> parts;
  while (peek().type == TokenType::String) parts.push_back(&next());
  const Token& last = *parts.back();
  bool any_bytes = false, any_text = false, formatted = false, templated = false;
  for (const Token* token : parts) {
    const StringParts info = split_string_token(token->text);
    (info.bytes ? any_bytes : any_text) = true;
    formatted |= info.fstring;
    templated |= info.tstring;
  }
  if (any_bytes && any_text) fail_string(first, "cannot mix bytes and nonbytes literals");
  if (templated) {
    require_version(14, first, "template strings");
    if (formatted || parts.size() > 1) {
      for (const Token* token : parts) {
        if (!split_string_token(token->text).tstring) {
          fail_string(first, "cannot mix t-string literals with string or bytes literals");
        }
      }
    }
  }
  const Location location = location_of(first, last);
  const std::string_view kind = split_string_token(first.text).unicode ? "u" : std::string_view{};
  if (!formatted && !templated) {
    std::string value;
    for (const Token* token : parts) {
      const StringParts info = split_string_token(token->text);
      value += decode(info.body, info.raw, info.bytes, *token);
    }
    return constant(any_bytes ? Constant::Type::Bytes : Constant::Type::Str, arena_.copy(value),
                    location, kind);
  }
  StringBuilder builder;
  builder.location = location;
  fstring_location_ = location;
  builder.template_string = templated;
  for (const Token* token : parts) {
    const StringParts info = split_string_token(token->text);
    if (info.fstring || info.tstring) {
      fstring_body(builder, info.body, info.raw, 0, *token);
    } else {
      builder.last_str += decode(info.body, info.raw, false, *token);
    }
  }
  if (!builder.last_str.empty()) {
    builder.values.push_back(
        constant(Constant::Type::Str, arena_.copy(builder.last_str), location, kind));
  }
  return make(templated ? Kind::TemplateStr : Kind::JoinedStr, location, {v(builder.values)});
}

// One f-string body (or a format spec at level 1): literal runs and replacement fields. At
// level > 0 it stops at the '}' that closes the enclosing field; `body` is advanced in place
// through the member below.
void Parser::fstring_body(StringBuilder& builder, std::string_view body, bool raw, int level,
                          const Token& token) {
  std::string_view rest = body;
  while (true) {
    // fstring_find_literal
    std::size_t s = 0;
    bool doubled = false;
    std::string_view literal;
    while (s < rest.size()) {
      char ch = rest[s++];
      if (!raw && ch == '\\' && s < rest.size()) {
        ch = rest[s++];
        if (ch == 'N') {
          if (s < rest.size() && rest[s++] == '{') {
            while (s < rest.size() && rest[s++] != '}') {
            }
          }
          continue;
        }
      }
      if (ch == '{' || ch == '}') {
        if (level == 0) {
          if (s < rest.size() && rest[s] == ch) {
            literal = rest.substr(0, s);
            rest = rest.substr(s + 1);
            doubled = true;
            break;
          }
          if (ch == '}') fail_string(token, "f-string: single '}' is not allowed");
        }
        s--;
        break;
      }
    }
    if (!doubled) {
      literal = rest.substr(0, s);
      rest = rest.substr(s);
    }
    if (!literal.empty()) builder.last_str += decode(literal, raw, false, token);
    if (doubled) continue;
    if (rest.empty()) break;
    if (rest[0] == '}') {
      if (level == 0) fail_string(token, "f-string: single '}' is not allowed");
      break;  // end of a format spec
    }
    std::string expr_text;
    Node* field = fstring_replacement_field(rest, raw, level, token, expr_text);
    builder.last_str += expr_text;
    if (!builder.last_str.empty()) {
      builder.values.push_back(
          constant(Constant::Type::Str, arena_.copy(builder.last_str), builder.location));
      builder.last_str.clear();
    }
    builder.values.push_back(field);
  }
  fstring_rest_ = rest;
}

Node* Parser::fstring_replacement_field(std::string_view& rest, bool raw, int level,
                                        const Token& token, std::string& expr_text) {
  (void)raw;
  if (level >= 2) fail_string(token, "f-string: expressions nested too deeply");
  const std::size_t brace_offset = static_cast<std::size_t>(rest.data() - token.text.data());
  rest.remove_prefix(1);  // {
  const std::string_view start = rest;
  const StringParts outer = split_string_token(token.text);
  const char outer_quote = token.text[outer.prefix.size()];
  std::size_t i = 0;
  char quote = 0;
  int string_type = 0;  // 1 or 3
  int nested = 0;
  while (i < rest.size()) {
    const char ch = rest[i];
    if (ch == '\\' && quote == 0 && options_.minor_version < 12) {
      fail_string(token, "f-string expression part cannot include a backslash");
    }
    if (quote) {
      if (ch == '\\') {
        i += 2;
        continue;
      }
      if (ch == quote) {
        if (string_type == 3) {
          if (i + 2 < rest.size() && rest[i + 1] == ch && rest[i + 2] == ch) {
            i += 3;
            string_type = 0;
            quote = 0;
            continue;
          }
        } else {
          string_type = 0;
          quote = 0;
          i++;
          continue;
        }
      }
      i++;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      if (i + 2 < rest.size() && rest[i + 1] == ch && rest[i + 2] == ch) {
        string_type = 3;
        i += 2;
      } else {
        string_type = 1;
      }
      quote = ch;
      // The enclosing quote inside a replacement field ends the literal before 3.12.
      if (ch == outer_quote && outer.quote_size == 1 && options_.minor_version < 12) {
        require_version(12, token, "reusing the enclosing quote inside an f-string expression");
      }
    } else if (ch == '[' || ch == '{' || ch == '(') {
      nested++;
    } else if (ch == '#') {
      fail_string(token, "f-string expression part cannot include '#'");
    } else if (nested == 0 &&
               (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
      if (i + 1 < rest.size()) {
        const char following = rest[i + 1];
        if ((ch == '!' || ch == '=' || ch == '<' || ch == '>') && following == '=') {
          i += 2;
          continue;
        }
      }
      if (ch == '>' || ch == '<') {
        i++;
        continue;
      }
      break;
    } else if (ch == ']' || ch == '}' || ch == ')') {
      nested--;
    }
    i++;
  }
  if (quote) fail_string(token, "f-string: unterminated string");
  if (i >= rest.size()) fail_string(token, "f-string: expecting '}'");
  const std::string_view expression_text = rest.substr(0, i);
  if (expression_text.find_first_not_of(" \t\n\f\r") == std::string_view::npos) {
    fail_string(token, "f-string: empty expression not allowed");
  }
  // Compile "(text)" with its own tokenizer, as fstring_compile_expr does.
  std::string wrapped = "(";
  wrapped += expression_text;
  wrapped += ")";
  const std::string_view stored = arena_.copy(wrapped);
  TokenizeResult tokens = tokenize(stored);
  Parser sub(arena_, std::move(tokens.tokens), options_);
  sub.tokenizer_error = tokens.error;
  sub.tokenizer_error.line = token.line;
  sub.depth = depth;
  Node* value = nullptr;
  try {
    value = sub.fstring_expression();
  } catch (ParseFailure& failure) {
    // The field was parsed on its own: move the error to the field's line, as CPython.
    const std::string_view before = token.text.substr(0, brace_offset);
    failure.error.line = token.line +
                         static_cast<int>(std::count(before.begin(), before.end(), '\n')) +
                         std::max(failure.error.line, 1) - 1;
    if (!failure.error.message.starts_with("f-string")) {
      failure.error.message = "f-string: " + failure.error.message;
    }
    throw;
  }
  shift_fstring_expression(value, token, brace_offset);
  rest.remove_prefix(i);
  if (!rest.empty() && rest[0] == '=') {
    rest.remove_prefix(1);
    while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' ||
                             rest[0] == '\f' || rest[0] == '\r' || rest[0] == '\v')) {
      rest.remove_prefix(1);
    }
    expr_text = std::string(start.substr(0, start.size() - rest.size()));
  }
  int conversion = -1;
  if (!rest.empty() && rest[0] == '!') {
    if (rest.size() < 2) fail_string(token, "f-string: expecting '}'");
    conversion = static_cast<unsigned char>(rest[1]);
    if (conversion != 's' && conversion != 'r' && conversion != 'a') {
      fail_string(token, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
    rest.remove_prefix(2);
  }
  if (rest.empty()) fail_string(token, "f-string: expecting '}'");
  Node* format_spec = nullptr;
  if (rest[0] == ':') {
    rest.remove_prefix(1);
    StringBuilder spec;
    spec.location = location_of(token, token);
    fstring_body(spec, rest, raw, level + 1, token);
    rest = fstring_rest_;
    if (!spec.last_str.empty()) {
      spec.values.push_back(
          constant(Constant::Type::Str, arena_.copy(spec.last_str), spec.location));
    }
    format_spec = make(Kind::JoinedStr, spec.location, {v(spec.values)});
  }
  if (rest.empty() || rest[0] != '}') fail_string(token, "f-string: expecting '}'");
  rest.remove_prefix(1);
  if (!expr_text.empty() && !format_spec && conversion == -1) conversion = 'r';
  const Location location = fstring_location_;
  if (split_string_token(token.text).tstring) {
    Value text_value;
    text_value.type = Value::Type::Constant;
    Constant* c = arena_.make<Constant>();
    c->type = Constant::Type::Str;
    c->text = arena_.copy(expression_text);
    text_value.constant = c;
    return make(Kind::Interpolation, location,
                {v(value), text_value, integer(conversion), v(format_spec)});
  }
  return make(Kind::FormattedValue, location, {v(value), integer(conversion), v(format_spec)});
}

namespace {
void shift_locations(Node* node, int first_line, int first_col) {
  if (schema(node->kind).has_location) {
    Location& at = node->location;
    if (at.lineno == 1) at.col_offset += first_col;
    if (at.end_lineno == 1) at.end_col_offset += first_col;
    at.lineno += first_line - 1;
    at.end_lineno += first_line - 1;
  }
  for (const Value& value : node->fields()) {
    if (value.type == Value::Type::Node) {
      shift_locations(value.node, first_line, first_col);
    } else if (value.type == Value::Type::List) {
      for (Node* item : value.list) {
        if (item) shift_locations(item, first_line, first_col);
      }
    }
  }
}
}  // namespace

// Moves the nodes of a replacement field, parsed from "(text)" on its own, to where the text is
// in the file, as 3.11's fstring_find_expr_location does (columns shift on the field's first
// line only; a field whose '{' is followed by a newline does not shift).
void Parser::shift_fstring_expression(Node* value, const Token& token, std::size_t brace_offset) {
  const std::string_view before = token.text.substr(0, brace_offset);
  bool newline_after_brace = true;
  for (std::size_t i = brace_offset + 1; i < token.text.size(); ++i) {
    const char c = token.text[i];
    if (c == '}' || c == '\n') break;
    if (c != ' ' && c != '\t' && c != '\f') {
      newline_after_brace = false;
      break;
    }
  }
  int cols = 0;
  if (!newline_after_brace) {
    const std::size_t newline = before.rfind('\n');
    cols = static_cast<int>(newline == std::string_view::npos ? brace_offset
                                                              : brace_offset - newline - 1);
  }
  const int lines = static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  const int first_col = lines != 0 ? cols : token.col + cols;
  shift_locations(value, token.line + lines, first_col);
}

Node* Parser::fstring_expression() {
  if (peek().type == TokenType::Error) throw ParseFailure{tokenizer_error};
  Node* value = star_expressions();
  if (peek().type != TokenType::Newline && peek().type != TokenType::EndMarker) {
    fail_at(peek(), "f-string: invalid syntax");
  }
  return value;
}

}  // namespace preflight::python::detail
