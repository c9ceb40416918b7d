// Expressions: precedence climbing over CPython's grammar rules, from star_expressions down to
// atoms. Every node starts at the first token of its rule (so `(a) + b` starts at the
// parenthesis, as in CPython) and ends at the last token the rule consumed.
#include "python/literals.h"
#include "python/parser_internal.h"

namespace preflight::python::detail {

Node* Parser::star_expressions() {
  const Token& start = peek();
  Node* first = star_expression();
  if (!at_op(",")) return first;
  NodeList elements{first};
  while (accept_op(",")) {
    if (!is_expression_start()) break;
    elements.push_back(star_expression());
  }
  return make(Kind::Tuple, location_from(start), {v(elements), v(leaf(Kind::Load))});
}

Node* Parser::star_expression() {
  const Token& start = peek();
  if (accept_op("*")) {
    Node* value = bitwise_or();
    return make(Kind::Starred, location_from(start), {v(value), v(leaf(Kind::Load))});
  }
  return expression();
}

Node* Parser::star_named_expression() {
  const Token& start = peek();
  if (accept_op("*")) {
    Node* value = bitwise_or();
    return make(Kind::Starred, location_from(start), {v(value), v(leaf(Kind::Load))});
  }
  return named_expression();
}

Node* Parser::named_expression() {
  const Token& start = peek();
  if (start.type == TokenType::Name && peek(1).is_op(":=") && !start.is_keyword()) {
    next();
    next();
    Node* target = name(start.text, location_of(start, start), Kind::Store);
    Node* value = expression();
    return make(Kind::NamedExpr, location_from(start), {v(target), v(value)});
  }
  Node* value = expression();
  if (at_op(":=")) {
    fail_at(tokens_at(value),
            fmt::format("cannot use assignment expressions with {}", "expression"));
  }
  return value;
}

const Token& Parser::tokens_at(const Node* node) const {
  // The token where a node starts, for error positions.
  for (std::size_t i = pos_; i-- > 0;) {
    if (tokens_[i].line == node->location.lineno && tokens_[i].col == node->location.col_offset) {
      return tokens_[i];
    }
  }
  return peek();
}

bool Parser::is_expression_start() const {
  const Token& token = peek();
  switch (token.type) {
    case TokenType::Name:
      if (!token.is_keyword()) return true;
      return token.is_name("None") || token.is_name("True") || token.is_name("False") ||
             token.is_name("not") || token.is_name("lambda") || token.is_name("await") ||
             token.is_name("yield");
    case TokenType::Number:
    case TokenType::String:
      return true;
    case TokenType::Op:
      switch (token.symbol) {
        case Symbol::LeftParen:
        case Symbol::LeftBracket:
        case Symbol::LeftBrace:
        case Symbol::Minus:
        case Symbol::Plus:
        case Symbol::Tilde:
        case Symbol::Star:
        case Symbol::Ellipsis:
        case Symbol::DoubleStar:
          return true;
        default:
          return false;
      }
    default:
      return false;
  }
}

Node* Parser::expression() {
  DepthGuard guard(*this, peek());
  const Token& start = peek();
  if (at_keyword("lambda")) return lambda();
  Node* body = disjunction();
  if (!at_keyword("if")) return body;
  next();
  Node* test = disjunction();
  if (!accept_keyword("else")) {
    fail_at(peek(), "expected 'else' after 'if' expression");
  }
  Node* orelse = expression();
  return make(Kind::IfExp, location_from(start), {v(test), v(body), v(orelse)});
}

Node* Parser::lambda() {
  const Token& start = next();  // lambda
  Node* args = parameters(true);
  expect_op(":");
  Node* body = expression();
  return make(Kind::Lambda, location_from(start), {v(args), v(body)});
}

Node* Parser::disjunction() {
  const Token& start = peek();
  Node* first = conjunction();
  if (!at_keyword("or")) return first;
  NodeList values{first};
  while (accept_keyword("or")) values.push_back(conjunction());
  return make(Kind::BoolOp, location_from(start), {v(leaf(Kind::Or)), v(values)});
}

Node* Parser::conjunction() {
  const Token& start = peek();
  Node* first = inversion();
  if (!at_keyword("and")) return first;
  NodeList values{first};
  while (accept_keyword("and")) values.push_back(inversion());
  return make(Kind::BoolOp, location_from(start), {v(leaf(Kind::And)), v(values)});
}

Node* Parser::inversion() {
  const Token& start = peek();
  if (at_keyword("not")) {
    DepthGuard guard(*this, start);
    next();
    Node* operand = inversion();
    return make(Kind::UnaryOp, location_from(start), {v(leaf(Kind::Not)), v(operand)});
  }
  return comparison();
}

namespace {

// The comparison operator that starts at `token` (`following` is the token after it) and how
// many tokens it spans: 0 when there is none.
std::pair<Kind, int> comparison_operator(const Token& token, const Token& following) {
  switch (token.symbol) {
    case Symbol::EqualEqual:
      return {Kind::Eq, 1};
    case Symbol::NotEqual:
      return {Kind::NotEq, 1};
    case Symbol::Less:
      return {Kind::Lt, 1};
    case Symbol::LessEqual:
      return {Kind::LtE, 1};
    case Symbol::Greater:
      return {Kind::Gt, 1};
    case Symbol::GreaterEqual:
      return {Kind::GtE, 1};
    case Symbol::KwIn:
      return {Kind::In, 1};
    case Symbol::KwNot:
      return {Kind::NotIn, following.is_name("in") ? 2 : 0};
    case Symbol::KwIs:
      return following.is_name("not") ? std::pair{Kind::IsNot, 2} : std::pair{Kind::Is, 1};
    default:
      return {Kind::Eq, 0};
  }
}

}  // namespace

Node* Parser::comparison() {
  const Token& start = peek();
  Node* left = bitwise_or();
  NodeList ops, comparators;
  while (true) {
    const auto [op, size] = comparison_operator(peek(), peek(1));
    if (size == 0) break;
    for (int i = 0; i < size; ++i) next();
    ops.push_back(leaf(op));
    comparators.push_back(bitwise_or());
  }
  if (ops.empty()) return left;
  return make(Kind::Compare, location_from(start), {v(left), v(ops), v(comparators)});
}

namespace {

// A binary operator from `|` (binding least) to `*` (binding most) and its precedence level;
// level 0 for any other token.
struct BinaryOperator {
  Kind kind;
  int level;
};

BinaryOperator binary_operator(const Token& token) {
  switch (token.symbol) {
    case Symbol::VerticalBar:
      return {Kind::BitOr, 1};
    case Symbol::Circumflex:
      return {Kind::BitXor, 2};
    case Symbol::Ampersand:
      return {Kind::BitAnd, 3};
    case Symbol::LeftShift:
      return {Kind::LShift, 4};
    case Symbol::RightShift:
      return {Kind::RShift, 4};
    case Symbol::Plus:
      return {Kind::Add, 5};
    case Symbol::Minus:
      return {Kind::Sub, 5};
    case Symbol::Star:
      return {Kind::Mult, 6};
    case Symbol::Slash:
      return {Kind::Div, 6};
    case Symbol::DoubleSlash:
      return {Kind::FloorDiv, 6};
    case Symbol::Percent:
      return {Kind::Mod, 6};
    case Symbol::At:
      return {Kind::MatMult, 6};
    default:
      return {Kind::BitOr, 0};
  }
}

}  // namespace

// The grammar's bitwise_or, bitwise_xor, bitwise_and, shift_expr, sum and term: left-associative
// binary operators, parsed by precedence climbing rather than one function per level (which
// would cost six calls for every operand).
Node* Parser::bitwise_or() {
  const Token& start = peek();
  Node* left = factor();
  return binary_operators(start, left, 1);
}

// Extends `left`, which began at `start`, with the operators of level `min_level` and above.
Node* Parser::binary_operators(const Token& start, Node* left, int min_level) {
  while (true) {
    const BinaryOperator op = binary_operator(peek());
    if (op.level == 0 || op.level < min_level) return left;
    next();
    const Token& right_start = peek();
    Node* right = factor();
    // An operator that binds tighter takes `right` as its left operand first.
    if (binary_operator(peek()).level > op.level) {
      right = binary_operators(right_start, right, op.level + 1);
    }
    left = make(Kind::BinOp, location_from(start), {v(left), v(leaf(op.kind)), v(right)});
  }
}

Node* Parser::factor() {
  const Token& start = peek();
  Kind op;
  if (at_op("+"))
    op = Kind::UAdd;
  else if (at_op("-"))
    op = Kind::USub;
  else if (at_op("~"))
    op = Kind::Invert;
  else
    return power();
  DepthGuard guard(*this, start);
  next();
  Node* operand = factor();
  return make(Kind::UnaryOp, location_from(start), {v(leaf(op)), v(operand)});
}

Node* Parser::power() {
  const Token& start = peek();
  Node* left = await_primary();
  if (!at_op("**")) return left;
  next();
  Node* right = factor();
  return make(Kind::BinOp, location_from(start), {v(left), v(leaf(Kind::Pow)), v(right)});
}

Node* Parser::await_primary() {
  const Token& start = peek();
  if (at_keyword("await")) {
    DepthGuard guard(*this, start);
    next();
    Node* value = primary();
    return make(Kind::Await, location_from(start), {v(value)});
  }
  return primary();
}

Node* Parser::primary() {
  const Token& start = peek();
  Node* node = atom();
  while (true) {
    if (accept_op(".")) {
      std::string_view attr = identifier();
      node = make(Kind::Attribute, location_from(start), {v(node), id(attr), v(leaf(Kind::Load))});
    } else if (at_op("(")) {
      node = call(start, node);
    } else if (at_op("[")) {
      next();
      Node* index = slices();
      expect_op("]");
      node = make(Kind::Subscript, location_from(start), {v(node), v(index), v(leaf(Kind::Load))});
    } else {
      return node;
    }
  }
}

Node* Parser::call(const Token& start, Node* func) {
  const Token& open = next();  // (
  NodeList args, keywords;
  const Node* last_item = nullptr;
  bool seen_keyword = false;
  while (!at_op(")")) {
    const Token& item = peek();
    if (accept_op("*")) {
      for (const Node* keyword : keywords) {
        if (keyword->at(0).is_null()) {
          fail_at(item, "iterable argument unpacking follows keyword argument unpacking");
        }
      }
      Node* value = expression();
      args.push_back(make(Kind::Starred, location_from(item), {v(value), v(leaf(Kind::Load))}));
    } else if (accept_op("**")) {
      Node* value = expression();
      keywords.push_back(make(Kind::keyword, location_from(item), {id({}), v(value)}));
      seen_keyword = true;
    } else if (item.type == TokenType::Name && peek(1).is_op("=") && !item.is_keyword()) {
      next();
      next();
      Node* value = expression();
      keywords.push_back(make(Kind::keyword, location_from(item), {id(item.text), v(value)}));
      seen_keyword = true;
    } else {
      Node* value = named_expression();
      if (at_keyword("for") || at_keyword("async")) {
        NodeList generators = comprehension_clauses();
        if (!args.empty() || !keywords.empty() || !at_op(")")) {
          fail_at(item, "Generator expression must be parenthesized");
        }
        const Token& close = peek();
        value = make(Kind::GeneratorExp, location_of(open, close), {v(value), v(generators)});
      } else if (at_op("=")) {
        // invalid_kwarg: CPython points at the expression before '='.
        throw ParseFailure{{"expression cannot contain assignment, perhaps you meant \"==\"?",
                            value->location.lineno, value->location.col_offset + 1}};
      }
      if (seen_keyword) {
        bool only_double_star = true;
        for (Node* keyword : keywords) {
          if (!keyword->at(0).is_null()) only_double_star = false;
        }
        fail_at(item, only_double_star ? "positional argument follows keyword argument unpacking"
                                       : "positional argument follows keyword argument");
      }
      args.push_back(value);
    }
    last_item =
        prev().is_op(")") && !args.empty() && args.back()->kind == Kind::GeneratorExp
            ? nullptr
            : (!keywords.empty() &&
                       (args.empty() ||
                        keywords.back()->location.lineno > args.back()->location.lineno ||
                        (keywords.back()->location.lineno == args.back()->location.lineno &&
                         keywords.back()->location.col_offset > args.back()->location.col_offset))
                   ? keywords.back()
                   : (args.empty() ? nullptr : args.back()));
    if (!accept_op(",")) break;
  }
  if (!at_op(")")) {
    if (peek().type == TokenType::Newline || peek().type == TokenType::EndMarker) {
      fail_at(open, "'(' was never closed");
    }
    forgot_comma(last_item);
  }
  next();
  return make(Kind::Call, location_from(start), {v(func), v(args), v(keywords)});
}

// invalid_expression: two expressions in a row inside brackets. CPython points at the first one.
void Parser::forgot_comma(const Node* previous) {
  if (previous && is_expression_start()) {
    if (tokenizer_error_overrides(previous->location.lineno)) throw ParseFailure{tokenizer_error};
    throw ParseFailure{{"invalid syntax. Perhaps you forgot a comma?", previous->location.lineno,
                        previous->location.col_offset + 1}};
  }
  fail_invalid();
}

Node* Parser::slices() {
  const Token& start = peek();
  Node* first = slice();
  // A lone starred expression is not a `slice`: the grammar's tuple alternative takes it.
  if (!at_op(",") && first->kind != Kind::Starred) return first;
  NodeList elements{first};
  while (accept_op(",")) {
    if (at_op("]")) break;
    elements.push_back(slice());
  }
  return make(Kind::Tuple, location_from(start), {v(elements), v(leaf(Kind::Load))});
}

Node* Parser::slice() {
  const Token& start = peek();
  if (at_op("*")) {
    require_version(11, peek(), "starred expressions in subscripts");
    return star_expression();
  }
  Node* lower = nullptr;
  if (!at_op(":")) {
    lower = named_expression();
    if (!at_op(":")) return lower;
  }
  next();  // :
  Node* upper = nullptr;
  Node* step = nullptr;
  if (!at_op(":") && !at_op("]") && !at_op(",")) upper = expression();
  if (accept_op(":")) {
    if (!at_op("]") && !at_op(",")) step = expression();
  }
  return make(Kind::Slice, location_from(start), {v(lower), v(upper), v(step)});
}

Node* Parser::number(const Token& token) {
  const std::string_view text = token.text;
  const Location location = location_of(token, token);
  const char last = text.back();
  if (last == 'j' || last == 'J') {
    Node* node = constant(Constant::Type::Complex, text, location);
    const_cast<Constant*>(node->at(0).constant)->number = parse_float_literal(text);
    return node;
  }
  const bool radix = text.size() > 1 && text[0] == '0' &&
                     std::string_view("xXoObB").find(text[1]) != std::string_view::npos;
  if (!radix && text.find_first_of(".eE") != std::string_view::npos) {
    Node* node = constant(Constant::Type::Float, text, location);
    const_cast<Constant*>(node->at(0).constant)->number = parse_float_literal(text);
    return node;
  }
  if (auto error = int_literal_str_digits_error(text)) {
    throw ParseFailure{{*error, token.line, 0}};
  }
  std::optional<std::string> digits = int_literal_to_decimal(text);
  if (!digits) fail_at(token, "invalid decimal literal");
  return constant(Constant::Type::Int, arena_.copy(*digits), location);
}

Node* Parser::atom() {
  const Token& token = peek();
  switch (token.type) {
    case TokenType::Name: {
      if (token.is_name("None") || token.is_name("True") || token.is_name("False")) {
        next();
        const Constant::Type type = token.is_name("None")   ? Constant::Type::None
                                    : token.is_name("True") ? Constant::Type::True
                                                            : Constant::Type::False;
        return constant(type, token.text, location_of(token, token));
      }
      if (token.is_keyword()) fail_invalid();
      next();
      return name(token.text, location_of(token, token));
    }
    case TokenType::Number:
      next();
      return number(token);
    case TokenType::String:
      return strings();
    case TokenType::Op:
      if (token.is_op("(")) return paren_atom();
      if (token.is_op("[")) return list_atom();
      if (token.is_op("{")) return brace_atom();
      if (token.is_op("...")) {
        next();
        return constant(Constant::Type::Ellipsis, token.text, location_of(token, token));
      }
      break;
    default:
      break;
  }
  fail_invalid();
}

Node* Parser::yield_expression() {
  const Token& start = next();  // yield
  if (accept_keyword("from")) {
    Node* value = expression();
    return make(Kind::YieldFrom, location_from(start), {v(value)});
  }
  Node* value = nullptr;
  if (is_expression_start()) value = star_expressions();
  return make(Kind::Yield, location_from(start), {v(value)});
}

Node* Parser::paren_atom() {
  const Token& open = next();
  DepthGuard guard(*this, open);
  if (accept_op(")")) {
    return make(Kind::Tuple, location_from(open), {v(NodeList{}), v(leaf(Kind::Load))});
  }
  if (at_keyword("yield")) {
    Node* value = yield_expression();
    expect_op(")");
    return value;
  }
  Node* first = star_named_expression();
  if (at_keyword("for") || (at_keyword("async") && peek(1).is_name("for"))) {
    NodeList generators = comprehension_clauses(first);
    expect_op(")");
    return make(Kind::GeneratorExp, location_from(open), {v(first), v(generators)});
  }
  if (accept_op(")")) {
    if (first->kind == Kind::Starred) {
      fail_at(open, "cannot use starred expression here");
    }
    return first;
  }
  if (!at_op(",")) {
    if (peek().type == TokenType::Newline || peek().type == TokenType::EndMarker) {
      fail_at(open, "'(' was never closed");
    }
    forgot_comma(first);
  }
  NodeList elements{first};
  while (accept_op(",")) {
    if (at_op(")")) break;
    elements.push_back(star_named_expression());
  }
  if (!at_op(")")) {
    forgot_comma(elements.back());
  }
  next();
  return make(Kind::Tuple, location_from(open), {v(elements), v(leaf(Kind::Load))});
}

Node* Parser::list_atom() {
  const Token& open = next();
  DepthGuard guard(*this, open);
  NodeList elements;
  if (!at_op("]")) {
    Node* first = star_named_expression();
    if (at_keyword("for") || (at_keyword("async") && peek(1).is_name("for"))) {
      NodeList generators = comprehension_clauses(first);
      expect_op("]");
      return make(Kind::ListComp, location_from(open), {v(first), v(generators)});
    }
    elements.push_back(first);
    while (accept_op(",")) {
      if (at_op("]")) break;
      elements.push_back(star_named_expression());
    }
  }
  if (!at_op("]")) {
    forgot_comma(elements.empty() ? nullptr : elements.back());
  }
  next();
  return make(Kind::List, location_from(open), {v(elements), v(leaf(Kind::Load))});
}

Node* Parser::brace_atom() {
  const Token& open = next();
  DepthGuard guard(*this, open);
  if (accept_op("}")) {
    return make(Kind::Dict, location_from(open), {v(NodeList{}), v(NodeList{})});
  }
  NodeList keys, values;
  bool is_dict;
  if (accept_op("**")) {
    const Token& star = prev();
    is_dict = true;
    keys.push_back(nullptr);
    values.push_back(bitwise_or());
    if (at_keyword("for") || (at_keyword("async") && peek(1).is_name("for"))) {
      fail_at(star, "dict unpacking cannot be used in dict comprehension");
    }
  } else {
    Node* first = star_named_expression();
    if (first->kind != Kind::Starred && accept_op(":")) {
      is_dict = true;
      Node* value = expression();
      if (at_keyword("for") || (at_keyword("async") && peek(1).is_name("for"))) {
        NodeList generators = comprehension_clauses();
        expect_op("}");
        return make(Kind::DictComp, location_from(open), {v(first), v(value), v(generators)});
      }
      keys.push_back(first);
      values.push_back(value);
    } else {
      is_dict = false;
      if (at_keyword("for") || (at_keyword("async") && peek(1).is_name("for"))) {
        NodeList generators = comprehension_clauses(first);
        expect_op("}");
        return make(Kind::SetComp, location_from(open), {v(first), v(generators)});
      }
      values.push_back(first);
    }
  }
  while (accept_op(",")) {
    if (at_op("}")) break;
    if (is_dict) {
      if (accept_op("**")) {
        keys.push_back(nullptr);
        values.push_back(bitwise_or());
      } else {
        keys.push_back(expression());
        if (!at_op(":")) fail_at(peek(), "':' expected after dictionary key");
        next();
        values.push_back(expression());
      }
    } else {
      values.push_back(star_named_expression());
    }
  }
  if (!at_op("}")) {
    forgot_comma(values.empty() ? nullptr : values.back());
  }
  next();
  if (is_dict) return make(Kind::Dict, location_from(open), {v(keys), v(values)});
  return make(Kind::Set, location_from(open), {v(values)});
}

NodeList Parser::comprehension_clauses(const Node* element) {
  if (element && element->kind == Kind::Starred) {
    fail_at(tokens_at(element), "iterable unpacking cannot be used in comprehension");
  }
  NodeList generators;
  while (at_keyword("for") || (at_keyword("async") && peek(1).is_name("for"))) {
    const bool is_async = accept_keyword("async");
    expect_keyword("for");
    Node* target = star_targets();
    set_context(target, Kind::Store, "assign to");
    expect_keyword("in");
    Node* iter = disjunction();
    NodeList ifs;
    while (accept_keyword("if")) ifs.push_back(disjunction());
    generators.push_back(
        make(Kind::comprehension, {}, {v(target), v(iter), v(ifs), integer(is_async ? 1 : 0)}));
  }
  return generators;
}

// star_targets: targets of `for` and comprehensions, parsed below comparisons so that `in`
// ends them.
Node* Parser::star_targets() {
  const Token& start = peek();
  Node* first = target_list_item();
  if (!at_op(",")) return first;
  NodeList elements{first};
  while (accept_op(",")) {
    if (at_keyword("in") || at_op("=")) break;
    elements.push_back(target_list_item());
  }
  return make(Kind::Tuple, location_from(start), {v(elements), v(leaf(Kind::Load))});
}

Node* Parser::target_list_item() {
  const Token& start = peek();
  if (accept_op("*")) {
    Node* value = target_list_item();
    return make(Kind::Starred, location_from(start), {v(value), v(leaf(Kind::Load))});
  }
  return bitwise_or();
}

}  // namespace preflight::python::detail
