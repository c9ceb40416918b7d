// Statements: simple statements, blocks, compound statements, function and class definitions.
#include "python/parser_internal.h"

namespace preflight::python::detail {

namespace {
Location to_end_of(const Token& start, const NodeList& body) {
  const Location& last = body.back()->location;
  return {start.line, start.col, last.end_lineno, last.end_col_offset};
}
}  // namespace

Node* Parser::file() {
  NodeList body;
  while (peek().type != TokenType::EndMarker) {
    if (peek().type == TokenType::Error) throw ParseFailure{tokenizer_error};
    statement(body);
  }
  return make(Kind::Module, {}, {v(body), v(NodeList{})});
}

NodeList Parser::statements_until_dedent() {
  NodeList body;
  while (peek().type != TokenType::Dedent && peek().type != TokenType::EndMarker) {
    statement(body);
  }
  return body;
}

void Parser::statement(NodeList& out) {
  const Token& token = peek();
  if (token.type == TokenType::Indent) {
    throw ParseFailure{{"unexpected indent", token.line, token.col + 1, "IndentationError"}};
  }
  if (token.type == TokenType::Dedent) fail_invalid();
  switch (token.symbol) {
    case Symbol::KwDef:
    case Symbol::KwClass:
    case Symbol::KwIf:
    case Symbol::KwWhile:
    case Symbol::KwFor:
    case Symbol::KwTry:
    case Symbol::KwWith:
      out.push_back(compound_statement());
      return;
    case Symbol::KwAsync:
      if (peek(1).is_name("def") || peek(1).is_name("for") || peek(1).is_name("with")) {
        out.push_back(compound_statement());
        return;
      }
      break;
    case Symbol::SoftMatch:
      if (at_match_statement()) {
        out.push_back(match_statement());
        return;
      }
      break;
    case Symbol::At:
      out.push_back(decorated());
      return;
    default:
      break;
  }
  simple_statements(out);
}

void Parser::simple_statements(NodeList& out) {
  out.push_back(simple_statement());
  while (accept_op(";")) {
    if (peek().type == TokenType::Newline) break;
    out.push_back(simple_statement());
  }
  if (peek().type != TokenType::Newline) {
    // invalid_legacy_expression: Python 2's print and exec statements.
    const Node* last = out.back();
    if (last->kind == Kind::Expr && last->at(0).node->kind == Kind::Name && is_expression_start()) {
      const std::string_view callee = last->at(0).node->at(0).text;
      if (callee == "print" || callee == "exec") {
        fail_at(tokens_at(last->at(0).node),
                fmt::format("Missing parentheses in call to '{}'. Did you mean {}(...)?", callee,
                            callee));
      }
    }
    if (is_expression_start() && prev().type != TokenType::Op) {
      fail_at(peek(), "invalid syntax");
    }
    fail_invalid();
  }
  next();
}

Node* Parser::simple_statement() {
  const Token& start = peek();
  if (start.type == TokenType::Name) {
    if (start.is_name("pass") || start.is_name("break") || start.is_name("continue")) {
      next();
      const Kind kind = start.is_name("pass")    ? Kind::Pass
                        : start.is_name("break") ? Kind::Break
                                                 : Kind::Continue;
      return make(kind, location_of(start, start), {});
    }
    if (start.is_name("return")) {
      next();
      Node* value = is_expression_start() ? star_expressions() : nullptr;
      return make(Kind::Return, location_from(start), {v(value)});
    }
    if (start.is_name("raise")) {
      next();
      Node* exc = nullptr;
      Node* cause = nullptr;
      if (is_expression_start()) {
        exc = expression();
        if (accept_keyword("from")) cause = expression();
      }
      return make(Kind::Raise, location_from(start), {v(exc), v(cause)});
    }
    if (start.is_name("global") || start.is_name("nonlocal")) {
      next();
      std::vector<std::string_view> list{identifier()};
      while (accept_op(",")) list.push_back(identifier());
      return make(start.is_name("global") ? Kind::Global : Kind::Nonlocal, location_from(start),
                  {names(list)});
    }
    if (start.is_name("del")) {
      next();
      NodeList targets;
      do {
        if (peek().type == TokenType::Newline || at_op(";")) break;
        Node* target = bitwise_or();
        set_context(target, Kind::Del, "delete");
        targets.push_back(target);
      } while (accept_op(","));
      if (targets.empty()) fail_invalid();
      return make(Kind::Delete, location_from(start), {v(targets)});
    }
    if (start.is_name("assert")) {
      next();
      Node* test = expression();
      Node* msg = accept_op(",") ? expression() : nullptr;
      return make(Kind::Assert, location_from(start), {v(test), v(msg)});
    }
    if (start.is_name("import")) return import_statement();
    if (start.is_name("from")) return from_import_statement();
    if (start.is_name("type") && at_type_alias()) return type_alias_statement();
  }
  return expression_statement();
}

Node* Parser::expression_statement() {
  const Token& start = peek();
  auto right_hand_side = [&]() {
    return at_keyword("yield") ? yield_expression() : star_expressions();
  };
  Node* first = right_hand_side();
  if (at_op(":")) {
    if (first->kind == Kind::Tuple) {
      fail_at(start, "only single target (not tuple) can be annotated");
    }
    if (first->kind == Kind::List) {
      fail_at(start, "only single target (not list) can be annotated");
    }
    if (first->kind != Kind::Name && first->kind != Kind::Attribute &&
        first->kind != Kind::Subscript) {
      fail_at(start, "illegal target for annotation");
    }
    next();
    set_context(first, Kind::Store, "assign to");
    Node* annotation = expression();
    Node* value = accept_op("=") ? right_hand_side() : nullptr;
    const bool simple = first->kind == Kind::Name && !start.is_op("(");
    return make(Kind::AnnAssign, location_from(start),
                {v(first), v(annotation), v(value), integer(simple ? 1 : 0)});
  }
  static constexpr std::pair<Symbol, Kind> kAugmented[] = {
      {symbol_of("+="), Kind::Add},      {symbol_of("-="), Kind::Sub},
      {symbol_of("*="), Kind::Mult},     {symbol_of("@="), Kind::MatMult},
      {symbol_of("/="), Kind::Div},      {symbol_of("%="), Kind::Mod},
      {symbol_of("&="), Kind::BitAnd},   {symbol_of("|="), Kind::BitOr},
      {symbol_of("^="), Kind::BitXor},   {symbol_of("<<="), Kind::LShift},
      {symbol_of(">>="), Kind::RShift},  {symbol_of("**="), Kind::Pow},
      {symbol_of("//="), Kind::FloorDiv}};
  for (const auto& [op, kind] : kAugmented) {
    if (at_op(op)) {
      if (first->kind != Kind::Name && first->kind != Kind::Attribute &&
          first->kind != Kind::Subscript) {
        fail_at(start, fmt::format("'{}' is an illegal expression for augmented assignment",
                                   first->kind == Kind::Tuple  ? "tuple"
                                   : first->kind == Kind::List ? "list"
                                                               : "expression"));
      }
      next();
      set_context(first, Kind::Store, "assign to");
      Node* value = right_hand_side();
      return make(Kind::AugAssign, location_from(start), {v(first), v(leaf(kind)), v(value)});
    }
  }
  if (at_op("=")) {
    NodeList targets{first};
    Node* value = nullptr;
    while (accept_op("=")) {
      Node* rhs = right_hand_side();
      if (at_op("=")) {
        targets.push_back(rhs);
      } else {
        value = rhs;
      }
    }
    for (Node* target : targets) {
      // invalid_named_expression: a lone bad target gets CPython's hint.
      const bool hint = targets.size() == 1 && target->kind != Kind::List &&
                        target->kind != Kind::Tuple && target->kind != Kind::GeneratorExp &&
                        !(target->kind == Kind::Constant &&
                          (target->at(0).constant->type == Constant::Type::None ||
                           target->at(0).constant->type == Constant::Type::True ||
                           target->at(0).constant->type == Constant::Type::False));
      try {
        set_context(target, Kind::Store, "assign to");
      } catch (ParseFailure& failure) {
        if (hint && target->kind != Kind::Starred) {
          failure.error.message += " here. Maybe you meant '==' instead of '='?";
        }
        throw;
      }
    }
    return make(Kind::Assign, location_from(start), {v(targets), v(value), id({})});
  }
  return make(Kind::Expr, location_from(start), {v(first)});
}

namespace {
std::string dotted(std::vector<std::string_view> parts) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) text += '.';
    text += parts[i];
  }
  return text;
}
}  // namespace

Node* Parser::import_statement() {
  const Token& start = next();  // import
  NodeList aliases;
  do {
    const Token& first = peek();
    std::vector<std::string_view> parts{identifier()};
    while (accept_op(".")) parts.push_back(identifier());
    std::string_view as_name;
    if (accept_keyword("as")) as_name = identifier();
    std::string_view full = parts.size() == 1 ? parts[0] : arena_.copy(dotted(parts));
    aliases.push_back(make(Kind::alias, location_from(first), {id(full), id(as_name)}));
  } while (accept_op(","));
  return make(Kind::Import, location_from(start), {v(aliases)});
}

Node* Parser::from_import_statement() {
  const Token& start = next();  // from
  int level = 0;
  while (at_op(".") || at_op("...")) level += next().is_op(".") ? 1 : 3;
  std::string_view module;
  if (!at_keyword("import")) {
    std::vector<std::string_view> parts{identifier()};
    while (accept_op(".")) parts.push_back(identifier());
    module = parts.size() == 1 ? parts[0] : arena_.copy(dotted(parts));
  }
  expect_keyword("import");
  NodeList aliases;
  if (at_op("*")) {
    const Token& star = next();
    aliases.push_back(make(Kind::alias, location_of(star, star), {id(star.text), id({})}));
  } else {
    const bool parenthesized = accept_op("(");
    do {
      if (parenthesized && at_op(")")) break;
      if (!parenthesized && prev().is_op(",") && peek().type == TokenType::Newline) {
        fail_at(prev(), "trailing comma not allowed without surrounding parentheses");
      }
      const Token& first = peek();
      std::string_view alias_name = identifier();
      std::string_view as_name;
      if (accept_keyword("as")) as_name = identifier();
      aliases.push_back(make(Kind::alias, location_from(first), {id(alias_name), id(as_name)}));
    } while (accept_op(","));
    if (parenthesized) expect_op(")");
    if (aliases.empty()) fail_invalid();
    if (!parenthesized && prev().is_op(",")) {
      fail_at(prev(), "trailing comma not allowed without surrounding parentheses");
    }
  }
  return make(Kind::ImportFrom, location_from(start), {id(module), v(aliases), integer(level)});
}

NodeList Parser::block(const Token& owner, std::string_view what) {
  expect_op(":");
  NodeList body;
  if (peek().type == TokenType::Newline) {
    next();
    if (peek().type != TokenType::Indent) {
      if (peek().type == TokenType::Error) throw ParseFailure{tokenizer_error};
      throw ParseFailure{
          {fmt::format("expected an indented block after {} on line {}", what, owner.line),
           peek().line, peek().col + 1, "IndentationError"}};
    }
    next();
    body = statements_until_dedent();
    if (peek().type == TokenType::Dedent) next();
  } else {
    simple_statements(body);
  }
  return body;
}

Node* Parser::compound_statement() {
  const Token& start = peek();
  if (start.is_name("if")) return if_statement(start, false);
  if (start.is_name("while")) return while_statement();
  if (start.is_name("for")) return for_statement(start, false);
  if (start.is_name("with")) return with_statement(start, false);
  if (start.is_name("try")) return try_statement();
  if (start.is_name("def")) return function_def(start, {}, false);
  if (start.is_name("class")) return class_def(start, {});
  // async
  next();
  if (at_keyword("def")) return function_def(start, {}, true);
  if (at_keyword("for")) return for_statement(start, true);
  return with_statement(start, true);
}

Node* Parser::if_statement(const Token& start, bool is_elif) {
  next();  // if / elif
  Node* test = named_expression();
  NodeList body = block(start, is_elif ? "'elif' statement" : "'if' statement");
  NodeList orelse;
  if (at_keyword("elif")) {
    orelse.push_back(if_statement(peek(), true));
  } else if (at_keyword("else")) {
    const Token& else_token = next();
    orelse = block(else_token, "'else' statement");
  }
  return make(Kind::If, to_end_of(start, orelse.empty() ? body : orelse),
              {v(test), v(body), v(orelse)});
}

Node* Parser::while_statement() {
  const Token& start = next();
  Node* test = named_expression();
  NodeList body = block(start, "'while' statement");
  NodeList orelse;
  if (at_keyword("else")) {
    const Token& else_token = next();
    orelse = block(else_token, "'else' statement");
  }
  return make(Kind::While, to_end_of(start, orelse.empty() ? body : orelse),
              {v(test), v(body), v(orelse)});
}

Node* Parser::for_statement(const Token& start, bool is_async) {
  const Token& for_token = next();  // for
  Node* target = star_targets();
  set_context(target, Kind::Store, "assign to");
  expect_keyword("in");
  Node* iter = star_expressions();
  NodeList body = block(for_token, "'for' statement");
  NodeList orelse;
  if (at_keyword("else")) {
    const Token& else_token = next();
    orelse = block(else_token, "'else' statement");
  }
  return make(is_async ? Kind::AsyncFor : Kind::For,
              to_end_of(start, orelse.empty() ? body : orelse),
              {v(target), v(iter), v(body), v(orelse), id({})});
}

Node* Parser::withitem() {
  Node* context = expression();
  Node* vars = nullptr;
  if (accept_keyword("as")) {
    vars = target_list_item();
    set_context(vars, Kind::Store, "assign to");
  }
  return make(Kind::withitem, {}, {v(context), v(vars)});
}

Node* Parser::with_statement(const Token& start, bool is_async) {
  const Token& with_token = next();  // with
  NodeList items;
  bool done = false;
  if (at_op("(")) {
    // with (a as b, c as d): ... is tried first, as the grammar's first alternative.
    const std::size_t saved = pos_;
    const int saved_depth = depth;
    try {
      next();
      do {
        if (at_op(")")) break;
        items.push_back(withitem());
      } while (accept_op(","));
      expect_op(")");
      done = at_op(":");
    } catch (const ParseFailure&) {
      done = false;
    }
    if (!done) {
      pos_ = saved;
      depth = saved_depth;
      items.clear();
    }
    // Grouping parentheses around `as` items: 3.9's new parser (documented from 3.10).
    for (Node* item : items) {
      if (!item->at(1).is_null()) {
        require_version(9, with_token, "parenthesized context managers");
      }
    }
  }
  if (!done) {
    do items.push_back(withitem());
    while (accept_op(","));
  }
  NodeList body = block(with_token, "'with' statement");
  return make(is_async ? Kind::AsyncWith : Kind::With, to_end_of(start, body),
              {v(items), v(body), id({})});
}

Node* Parser::try_statement() {
  const Token& start = next();
  NodeList body = block(start, "'try' statement");
  NodeList handlers, orelse, finalbody;
  bool star = false;
  while (at_keyword("except")) {
    const Token& except = next();
    if (at_op("*")) {
      require_version(11, peek(), "'except*'");
      next();
      star = true;
    }
    Node* type = nullptr;
    std::string_view handler_name;
    if (!at_op(":")) {
      const Token& type_start = peek();
      type = expression();
      if (at_op(",")) {
        if (options_.minor_version < 14) {
          fail_at(type_start, "multiple exception types must be parenthesized");
        }
        NodeList elements{type};
        while (accept_op(",")) elements.push_back(expression());
        type = make(Kind::Tuple, location_from(type_start), {v(elements), v(leaf(Kind::Load))});
      }
      if (accept_keyword("as")) handler_name = identifier();
    }
    NodeList handler_body = block(except, star ? "'except*' statement" : "'except' statement");
    handlers.push_back(make(Kind::ExceptHandler, to_end_of(except, handler_body),
                            {v(type), id(handler_name), v(handler_body)}));
  }
  if (at_keyword("else")) {
    const Token& else_token = next();
    orelse = block(else_token, "'else' statement");
  }
  if (at_keyword("finally")) {
    const Token& finally = next();
    finalbody = block(finally, "'finally' statement");
  }
  if (handlers.empty() && finalbody.empty()) {
    fail_at(peek(), "expected 'except' or 'finally' block");
  }
  const NodeList& last = !finalbody.empty()  ? finalbody
                         : !orelse.empty()   ? orelse
                         : !handlers.empty() ? handlers
                                             : body;
  return make(star ? Kind::TryStar : Kind::Try, to_end_of(start, last),
              {v(body), v(handlers), v(orelse), v(finalbody)});
}

Node* Parser::decorated() {
  NodeList decorators;
  while (accept_op("@")) {
    const Token& decorator_start = peek();
    Node* decorator = named_expression();
    if (options_.minor_version < 9) {
      // Before PEP 614: a dotted name, optionally called.
      const Node* callee = decorator->kind == Kind::Call ? decorator->at(0).node : decorator;
      while (callee->kind == Kind::Attribute) callee = callee->at(0).node;
      if (callee->kind != Kind::Name) {
        require_version(9, decorator_start, "arbitrary decorator expressions");
      }
    }
    decorators.push_back(decorator);
    if (peek().type != TokenType::Newline) fail_invalid();
    next();
  }
  const Token& start = peek();
  if (at_keyword("def")) return function_def(start, decorators, false);
  if (at_keyword("class")) return class_def(start, decorators);
  if (at_keyword("async") && peek(1).is_name("def")) {
    next();
    return function_def(start, decorators, true);
  }
  fail_invalid();
}

Node* Parser::function_def(const Token& start, const NodeList& decorators, bool is_async) {
  const Token& def = next();  // def
  std::string_view function_name = identifier();
  NodeList params;
  if (at_op("[")) params = type_params();
  expect_op("(");
  Node* args = parameters(false);
  expect_op(")");
  Node* returns = nullptr;
  if (accept_op("->")) returns = expression();
  NodeList body = block(def, "function definition");
  return make(is_async ? Kind::AsyncFunctionDef : Kind::FunctionDef, to_end_of(start, body),
              {id(function_name), v(args), v(body), v(decorators), v(returns), id({}), v(params)});
}

Node* Parser::class_def(const Token& start, const NodeList& decorators) {
  const Token& class_token = next();
  std::string_view class_name = identifier();
  NodeList params;
  if (at_op("[")) params = type_params();
  Value bases = v(NodeList{});
  Value keywords = v(NodeList{});
  if (at_op("(")) {
    const Token& open = peek();
    Node* arguments = call(class_token, nullptr);
    for (const Node* base : arguments->at(1).list) {
      // `class C(x for x in y)`: the call's lone generator is not a valid base list.
      if (base->kind == Kind::GeneratorExp && base->location.lineno == open.line &&
          base->location.col_offset == open.col) {
        fail_at(open, "invalid syntax");
      }
    }
    bases = arguments->at(1);
    keywords = arguments->at(2);
  }
  NodeList body = block(class_token, "class definition");
  return make(Kind::ClassDef, to_end_of(start, body),
              {id(class_name), bases, keywords, v(body), v(decorators), v(params)});
}

Node* Parser::parameter(bool lambda, bool star) {
  const Token& start = peek();
  std::string_view arg_name = identifier();
  Node* annotation = nullptr;
  if (!lambda && accept_op(":")) {
    annotation = star && at_op("*") ? star_expression() : expression();
  }
  return make(Kind::arg, location_from(start), {id(arg_name), v(annotation), id({})});
}

Node* Parser::parameters(bool lambda) {
  const Symbol close = lambda ? Symbol::Colon : Symbol::RightParen;
  NodeList posonly, args, kwonly, kw_defaults, defaults;
  Node* vararg = nullptr;
  Node* kwarg = nullptr;
  bool star_seen = false;
  bool slash_seen = false;
  while (!at_op(close)) {
    if (kwarg) fail_at(peek(), "arguments cannot follow var-keyword argument");
    if (at_op("/")) {
      if (slash_seen) fail_at(peek(), "/ may appear only once");
      if (star_seen) fail_at(peek(), "/ must be ahead of *");
      if (args.empty()) fail_at(peek(), "at least one argument must precede /");
      next();
      slash_seen = true;
      // Everything so far was positional-only.
      std::swap(posonly, args);
    } else if (accept_op("**")) {
      kwarg = parameter(lambda, false);
      if (at_op("=")) fail_at(peek(), "var-keyword argument cannot have default value");
    } else if (at_op("*")) {
      const Token& star = next();
      if (star_seen) fail_at(star, "* argument may appear only once");
      star_seen = true;
      if (!at_op(",") && !at_op(close)) {
        vararg = parameter(lambda, true);
        if (at_op("=")) fail_at(peek(), "var-positional argument cannot have default value");
      } else if (at_op(close) || peek(1).is_op(close) || peek(1).is_op("**")) {
        fail_at(star, "named arguments must follow bare *");
      }
    } else {
      Node* param = parameter(lambda, false);
      Node* default_value = accept_op("=") ? expression() : nullptr;
      if (star_seen) {
        kwonly.push_back(param);
        kw_defaults.push_back(default_value);
      } else {
        args.push_back(param);
        if (default_value) {
          defaults.push_back(default_value);
        } else if (!defaults.empty()) {
          fail_at(prev(), "non-default argument follows default argument");
        }
      }
    }
    if (!accept_op(",")) break;
  }
  if (!at_op(close)) fail_invalid();
  return make(Kind::arguments, {},
              {v(posonly), v(args), v(vararg), v(kwonly), v(kw_defaults), v(kwarg), v(defaults)});
}

NodeList Parser::type_params() {
  const Token& open = next();  // [
  require_version(12, open, "type parameter lists");
  NodeList params;
  while (!at_op("]")) {
    const Token& start = peek();
    Kind kind = Kind::TypeVar;
    if (accept_op("*"))
      kind = Kind::TypeVarTuple;
    else if (accept_op("**"))
      kind = Kind::ParamSpec;
    std::string_view param_name = identifier();
    Node* bound = nullptr;
    if (kind == Kind::TypeVar && accept_op(":")) bound = expression();
    Node* default_value = nullptr;
    if (accept_op("=")) {
      require_version(13, prev(), "type parameter defaults");
      default_value = kind == Kind::TypeVarTuple && at_op("*") ? star_expression() : expression();
    }
    if (kind == Kind::TypeVar) {
      params.push_back(
          make(kind, location_from(start), {id(param_name), v(bound), v(default_value)}));
    } else {
      params.push_back(make(kind, location_from(start), {id(param_name), v(default_value)}));
    }
    if (!accept_op(",")) break;
  }
  expect_op("]");
  return params;
}

bool Parser::at_type_alias() const {
  return peek(1).type == TokenType::Name && !peek(1).is_keyword() &&
         (peek(2).is_op("=") || peek(2).is_op("["));
}

Node* Parser::type_alias_statement() {
  const Token& start = next();  // type
  require_version(12, start, "the 'type' statement");
  const Token& name_token = next();
  Node* target = name(name_token.text, location_of(name_token, name_token), Kind::Store);
  NodeList params;
  if (at_op("[")) params = type_params();
  expect_op("=");
  Node* value = expression();
  return make(Kind::TypeAlias, location_from(start), {v(target), v(params), v(value)});
}

}  // namespace preflight::python::detail
