// The parser's shared machinery: tokens, node construction, assignment targets, entry points.
#include "python/parser.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "core/encoding.h"
#include "python/parser_internal.h"

namespace preflight::python {
namespace detail {

DepthGuard::DepthGuard(Parser& p, const Token& at) : parser(p) {
  if (++parser.depth > kMaxNesting) {
    throw ParseFailure{{"too many nested parentheses", at.line, at.col + 1}};
  }
}

// _PyPegen_tokenize_full_source_to_check_for_errors: after a generic syntax error CPython
// tokenizes the rest of the file; an error the tokenizer raises as an exception (strings,
// numbers, characters, brackets) replaces it, indentation errors do not, and an unclosed
// bracket does only when it opened on an earlier line than the syntax error.
bool Parser::tokenizer_error_overrides(int error_line) const {
  if (!tokenizer_failed) return false;
  if (tokenizer_error.kind != "SyntaxError") return false;
  if (tokenizer_error.message.ends_with("was never closed")) {
    return error_line > tokenizer_error.line;
  }
  return true;
}

const Token& Parser::expect_op(SymbolText op) {
  if (!at_op(op)) {
    if (op.symbol == Symbol::Colon && at_op("=")) {
      fail_at(peek(), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    }
    if (op.symbol == Symbol::Colon) {
      fail_at(peek().type == TokenType::Newline ? prev() : peek(), "expected ':'");
    }
    fail_invalid();
  }
  return next();
}

void Parser::expect_keyword(SymbolText word) {
  if (!at_keyword(word)) fail_invalid();
  next();
}

void Parser::fail_at(const Token& token, std::string message) {
  // Like _PyPegen_tokenize_full_source_to_check_for_errors: a tokenizer error anywhere in the
  // file replaces a generic "invalid syntax".
  if (token.type == TokenType::Error ||
      (message.starts_with("invalid syntax") && tokenizer_error_overrides(token.line))) {
    throw ParseFailure{tokenizer_error};
  }
  throw ParseFailure{{std::move(message), token.line, token.col + 1}};
}

void Parser::fail_invalid() {
  const Token& token = peek();
  if (token.type == TokenType::Error || tokenizer_error_overrides(token.line)) {
    throw ParseFailure{tokenizer_error};
  }
  if (token.type == TokenType::Indent) {
    throw ParseFailure{{"unexpected indent", token.line, token.col + 1, "IndentationError"}};
  }
  if (token.type == TokenType::Dedent) {
    throw ParseFailure{{"unindent does not match any outer indentation level", token.line,
                        token.col + 1, "IndentationError"}};
  }
  if (token.type == TokenType::EndMarker || token.type == TokenType::Newline) {
    throw ParseFailure{{"invalid syntax", token.line, token.col + 1}};
  }
  throw ParseFailure{{"invalid syntax", token.line, token.col + 1}};
}

std::string_view Parser::identifier() {
  const Token& token = peek();
  if (token.type != TokenType::Name || token.is_keyword()) fail_invalid();
  next();
  return token.text;
}

void Parser::require_version(int minor, const Token& at, std::string_view what) {
  if (options_.minor_version < minor) {
    fail_at(at, fmt::format("{} requires Python 3.{}", what, minor));
  }
}

Location Parser::location_from(const Token& start) const {
  return location_of(start, prev());
}

Location Parser::location_of(const Token& start, const Token& end) const {
  return {start.line, start.col, end.end_line, end.end_col};
}

Node* Parser::make(Kind kind, Location location, std::initializer_list<Value> fields) {
  // The fields follow the node in the same allocation (see Node).
  void* memory = arena_.allocate(sizeof(Node) + sizeof(Value) * fields.size(), alignof(Node));
  Node* node = new (memory) Node;
  node->kind = kind;
  node->field_count = static_cast<std::uint8_t>(fields.size());
  node->location = location;
  Value* values = node->fields().data();
  for (const Value& value : fields) new (values++) Value(value);
  int height = 0;
  for (const Value& value : fields) {
    if (value.type == Value::Type::Node) {
      height = std::max<int>(height, value.node->height);
    } else if (value.type == Value::Type::List) {
      for (const Node* item : value.list) {
        if (item) height = std::max<int>(height, item->height);
      }
    }
  }
  if (height + 1 > kMaxAstHeight) {
    throw ParseFailure{
        {"expression is nested too deeply", location.lineno, location.col_offset + 1}};
  }
  node->height = static_cast<std::uint16_t>(height + 1);
  return node;
}

Node* Parser::leaf(Kind kind) {
  Node*& shared = leaves_[static_cast<std::size_t>(kind)];
  if (!shared) shared = make(kind, {}, {});
  return shared;
}

Value Parser::v(Node* node) {
  Value value;
  if (node) {
    value.type = Value::Type::Node;
    value.node = node;
  }
  return value;
}

Value Parser::v(const NodeList& nodes) {
  Value value;
  value.type = Value::Type::List;
  value.list = arena_.copy(std::span<Node* const>(nodes.data(), nodes.size()));
  return value;
}

Value Parser::id(std::string_view name) {
  Value value;
  if (name.data()) {
    value.type = Value::Type::Identifier;
    value.text = name;
  }
  return value;
}

Value Parser::integer(std::int64_t number) {
  Value value;
  value.type = Value::Type::Int;
  value.integer = number;
  return value;
}

Value Parser::names(const std::vector<std::string_view>& list) {
  Value value;
  value.type = Value::Type::IdentifierList;
  value.names = arena_.copy(list);
  return value;
}

Node* Parser::constant(Constant::Type type, std::string_view text, Location location,
                       std::string_view kind) {
  Constant* c = arena_.make<Constant>();
  c->type = type;
  c->u_prefix = !kind.empty();
  c->text = text;
  Value value;
  value.type = Value::Type::Constant;
  value.constant = c;
  return make(Kind::Constant, location, {value});
}

Node* Parser::name(std::string_view text, Location location, Kind ctx) {
  return make(Kind::Name, location, {id(text), v(leaf(ctx))});
}

namespace {

// _PyPegen_get_expr_name: how CPython names an expression in "cannot assign to ...".
std::string_view expression_name(const Node* node) {
  switch (node->kind) {
    case Kind::Attribute:
      return "attribute";
    case Kind::Subscript:
      return "subscript";
    case Kind::Starred:
      return "starred";
    case Kind::Name:
      return "name";
    case Kind::List:
      return "list";
    case Kind::Tuple:
      return "tuple";
    case Kind::Lambda:
      return "lambda";
    case Kind::Call:
      return "function call";
    case Kind::BoolOp:
    case Kind::BinOp:
    case Kind::UnaryOp:
      return "expression";
    case Kind::GeneratorExp:
      return "generator expression";
    case Kind::Yield:
    case Kind::YieldFrom:
      return "yield expression";
    case Kind::Await:
      return "await expression";
    case Kind::ListComp:
      return "list comprehension";
    case Kind::SetComp:
      return "set comprehension";
    case Kind::DictComp:
      return "dict comprehension";
    case Kind::Dict:
      return "dict literal";
    case Kind::Set:
      return "set display";
    case Kind::JoinedStr:
    case Kind::FormattedValue:
      return "f-string expression";
    case Kind::Compare:
      return "comparison";
    case Kind::IfExp:
      return "conditional expression";
    case Kind::NamedExpr:
      return "named expression";
    case Kind::Constant: {
      const Constant* c = node->at(0).constant;
      switch (c->type) {
        case Constant::Type::None:
          return "None";
        case Constant::Type::True:
          return "True";
        case Constant::Type::False:
          return "False";
        case Constant::Type::Ellipsis:
          return "ellipsis";
        default:
          return "literal";
      }
    }
    default:
      return "expression";
  }
}

}  // namespace

void Parser::set_context(Node* target, Kind ctx, std::string_view action) {
  switch (target->kind) {
    case Kind::Name:
    case Kind::Starred:
    case Kind::List:
    case Kind::Tuple:
      target->at(1) = v(leaf(ctx));
      if (target->kind == Kind::Starred) {
        set_context(target->at(0).node, ctx, action);
      } else if (target->kind != Kind::Name) {
        for (Node* element : target->at(0).list) set_context(element, ctx, action);
      }
      return;
    case Kind::Attribute:
    case Kind::Subscript:
      target->at(2) = v(leaf(ctx));
      return;
    default: {
      const Location& at = target->location;
      throw ParseFailure{{fmt::format("cannot {} {}", action, expression_name(target)), at.lineno,
                          at.col_offset + 1}};
    }
  }
}

}  // namespace detail

namespace {

// The first arena block for a file, from its token count: a tree takes 46-52 bytes per token in
// most files (the standard library and Django; a generated project's models and migrations),
// where per byte of source it varies from 4 to 15 with comments and docstrings. Of the factors
// tried (40-64) this one leaves the least unused in the blocks of both (about 8 %); a file whose
// tree outgrows the block continues in a smaller one (see Arena). bench/parse_bench prints the
// arena's bytes per source byte.
constexpr std::size_t kArenaBytesPerToken = 52;

// Universal newlines, as CPython's string tokenizer translates them: "\r\n" and "\r" become
// "\n", in place (most files have no "\r" at all).
void translate_newlines(std::string& source) {
  std::size_t out = source.find('\r');
  if (out == std::string::npos) return;
  for (std::size_t in = out; in < source.size(); ++in) {
    if (source[in] == '\r') {
      source[out++] = '\n';
      if (in + 1 < source.size() && source[in + 1] == '\n') in++;
    } else {
      source[out++] = source[in];
    }
  }
  source.resize(out);
}

std::unique_ptr<ParsedModule> parse_owned_source(std::string source, const ParseOptions& options) {
  auto parsed = std::make_unique<ParsedModule>();
  translate_newlines(source);
  parsed->source = std::move(source);
  if (parsed->source.find('\0') != std::string::npos) {
    parsed->error = SyntaxError{"source code string cannot contain null bytes", 0, 0};
    return parsed;
  }
  TokenizeResult tokens = tokenize(parsed->source);
  parsed->arena = Arena(tokens.tokens.size() * kArenaBytesPerToken);
  detail::Parser parser(parsed->arena, std::move(tokens.tokens), options);
  parser.tokenizer_error = tokens.error;
  parser.tokenizer_failed = tokens.failed;
  try {
    parsed->module = parser.file();
  } catch (const detail::ParseFailure& failure) {
    parsed->error = failure.error;
    parsed->module = nullptr;
  }
  return parsed;
}

}  // namespace

std::unique_ptr<ParsedModule> parse_module(std::string_view source, const ParseOptions& options) {
  return parse_owned_source(std::string(source), options);
}

std::unique_ptr<ParsedModule> parse_module_bytes(std::string_view bytes,
                                                 const ParseOptions& options) {
  DecodedSource decoded = decode_python_source(bytes);
  if (!decoded.text) {
    auto parsed = std::make_unique<ParsedModule>();
    // CPython reports an undecodable byte on its own line.
    const std::string_view before = bytes.substr(0, std::min(decoded.error_offset, bytes.size()));
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    parsed->error = SyntaxError{decoded.error, line, 0};
    return parsed;
  }
  return parse_owned_source(std::move(*decoded.text), options);
}

}  // namespace preflight::python
