// The match statement (3.10) and its patterns, after the grammar's pattern rules.
#include "python/parser_internal.h"

namespace preflight::python::detail {

bool Parser::at_match_statement() {
  // `match` is a soft keyword: it starts a match statement only when a subject, ':' and a
  // newline follow; `match(x)` or `match = 1` are ordinary statements.
  const std::size_t saved = pos_;
  const int saved_depth = depth;
  bool result = false;
  try {
    next();
    if (is_expression_start() && !at_op("**")) {
      star_named_expression();
      while (accept_op(",")) {
        if (at_op(":")) break;
        star_named_expression();
      }
      result = at_op(":") && peek(1).type == TokenType::Newline;
    }
  } catch (const ParseFailure&) {
    result = false;
  }
  pos_ = saved;
  depth = saved_depth;
  return result;
}

Node* Parser::match_statement() {
  const Token& start = next();  // match
  require_version(10, start, "the match statement");
  const Token& subject_start = peek();
  Node* subject = star_named_expression();
  if (at_op(",")) {
    NodeList elements{subject};
    while (accept_op(",")) {
      if (at_op(":")) break;
      elements.push_back(star_named_expression());
    }
    subject = make(Kind::Tuple, location_from(subject_start), {v(elements), v(leaf(Kind::Load))});
  }
  expect_op(":");
  if (peek().type != TokenType::Newline) fail_invalid();
  next();
  if (peek().type != TokenType::Indent) {
    throw ParseFailure{
        {fmt::format("expected an indented block after 'match' statement on line {}", start.line),
         peek().line, peek().col + 1, "IndentationError"}};
  }
  next();
  NodeList cases;
  while (at_keyword("case")) cases.push_back(case_block());
  if (cases.empty()) fail_invalid();
  if (peek().type != TokenType::Dedent) fail_invalid();
  next();
  const Location& last = cases.back()->at(2).list.back()->location;
  return make(Kind::Match, {start.line, start.col, last.end_lineno, last.end_col_offset},
              {v(subject), v(cases)});
}

Node* Parser::case_block() {
  const Token& start = next();  // case
  Node* pattern_node = patterns();
  Node* guard = accept_keyword("if") ? named_expression() : nullptr;
  NodeList body = block(start, "'case' statement");
  return make(Kind::match_case, {}, {v(pattern_node), v(guard), v(body)});
}

Node* Parser::patterns() {
  const Token& start = peek();
  Node* first = star_or_pattern();
  if (!at_op(",")) {
    if (first->kind == Kind::MatchStar) {
      return make(Kind::MatchSequence, location_from(start), {v(NodeList{first})});
    }
    return first;
  }
  NodeList items{first};
  while (accept_op(",")) {
    if (at_op(":") || at_keyword("if")) break;
    items.push_back(star_or_pattern());
  }
  return make(Kind::MatchSequence, location_from(start), {v(items)});
}

Node* Parser::star_or_pattern() {
  const Token& start = peek();
  if (accept_op("*")) {
    std::string_view target = identifier();
    return make(Kind::MatchStar, location_from(start),
                {id(target == "_" ? std::string_view{} : target)});
  }
  return pattern();
}

Node* Parser::pattern() {
  const Token& start = peek();
  DepthGuard guard(*this, start);
  Node* inner = or_pattern();
  if (accept_keyword("as")) {
    const Token& target = peek();
    std::string_view target_name = identifier();
    if (target_name == "_") fail_at(target, "cannot use '_' as a target");
    return make(Kind::MatchAs, location_from(start), {v(inner), id(target_name)});
  }
  return inner;
}

Node* Parser::or_pattern() {
  const Token& start = peek();
  Node* first = closed_pattern();
  if (!at_op("|")) return first;
  NodeList alternatives{first};
  while (accept_op("|")) alternatives.push_back(closed_pattern());
  return make(Kind::MatchOr, location_from(start), {v(alternatives)});
}

Node* Parser::signed_number() {
  const Token& start = peek();
  Node* value;
  if (accept_op("-")) {
    const Token& number_token = peek();
    if (number_token.type != TokenType::Number) fail_invalid();
    next();
    Node* operand = number(number_token);
    value = make(Kind::UnaryOp, location_from(start), {v(leaf(Kind::USub)), v(operand)});
  } else {
    if (start.type != TokenType::Number) fail_invalid();
    next();
    value = number(start);
  }
  if (at_op("+") || at_op("-")) {
    const Kind op = next().is_op("+") ? Kind::Add : Kind::Sub;
    const Token& imaginary = peek();
    if (imaginary.type != TokenType::Number) fail_invalid();
    next();
    Node* right = number(imaginary);
    if (right->at(0).constant->type != Constant::Type::Complex) {
      fail_at(imaginary, "imaginary number required in complex literal");
    }
    const Node* real = value->kind == Kind::UnaryOp ? value->at(1).node : value;
    if (real->at(0).constant->type == Constant::Type::Complex) {
      fail_at(start, "real number required in complex literal");
    }
    value = make(Kind::BinOp, location_from(start), {v(value), v(leaf(op)), v(right)});
  }
  return value;
}

// A literal or dotted-name value, as mapping keys and value patterns use.
Node* Parser::pattern_value_expression() {
  const Token& start = peek();
  if (start.type == TokenType::Number || start.is_op("-")) return signed_number();
  if (start.type == TokenType::String) return strings();
  if (start.is_name("None") || start.is_name("True") || start.is_name("False")) return atom();
  Node* value = name(identifier(), location_of(start, start));
  while (accept_op(".")) {
    std::string_view attr = identifier();
    value = make(Kind::Attribute, location_from(start), {v(value), id(attr), v(leaf(Kind::Load))});
  }
  return value;
}

Node* Parser::closed_pattern() {
  const Token& start = peek();
  if (start.type == TokenType::Number || start.is_op("-") || start.type == TokenType::String) {
    Node* value = pattern_value_expression();
    return make(Kind::MatchValue, location_from(start), {v(value)});
  }
  if (start.is_name("None") || start.is_name("True") || start.is_name("False")) {
    next();
    Node* value = atom_constant_for(start);
    return make(Kind::MatchSingleton, location_from(start), {value->at(0)});
  }
  if (start.type == TokenType::Name) {
    if (peek(1).is_op(".") || peek(1).is_op("(")) {
      Node* value = pattern_value_expression();
      if (at_op("(")) return class_pattern_rest(start, value);
      return make(Kind::MatchValue, location_from(start), {v(value)});
    }
    std::string_view capture = identifier();
    if (capture == "_") return make(Kind::MatchAs, location_from(start), {v(nullptr), id({})});
    return make(Kind::MatchAs, location_from(start), {v(nullptr), id(capture)});
  }
  if (accept_op("(")) {
    if (accept_op(")")) {
      return make(Kind::MatchSequence, location_from(start), {v(NodeList{})});
    }
    Node* first = star_or_pattern();
    if (accept_op(")")) {
      if (first->kind == Kind::MatchStar) {
        return make(Kind::MatchSequence, location_from(start), {v(NodeList{first})});
      }
      return first;
    }
    NodeList items{first};
    while (accept_op(",")) {
      if (at_op(")")) break;
      items.push_back(star_or_pattern());
    }
    expect_op(")");
    return make(Kind::MatchSequence, location_from(start), {v(items)});
  }
  if (accept_op("[")) {
    NodeList items;
    while (!at_op("]")) {
      items.push_back(star_or_pattern());
      if (!accept_op(",")) break;
    }
    expect_op("]");
    return make(Kind::MatchSequence, location_from(start), {v(items)});
  }
  if (at_op("{")) return mapping_pattern();
  fail_invalid();
}

Node* Parser::atom_constant_for(const Token& token) {
  const Constant::Type type = token.is_name("None")   ? Constant::Type::None
                              : token.is_name("True") ? Constant::Type::True
                                                      : Constant::Type::False;
  return constant(type, token.text, location_of(token, token));
}

Node* Parser::mapping_pattern() {
  const Token& start = next();  // {
  NodeList keys, values;
  std::string_view rest;
  while (!at_op("}")) {
    if (accept_op("**")) {
      rest = identifier();
      accept_op(",");
      break;
    }
    keys.push_back(pattern_value_expression());
    expect_op(":");
    values.push_back(pattern());
    if (!accept_op(",")) break;
  }
  expect_op("}");
  return make(Kind::MatchMapping, location_from(start), {v(keys), v(values), id(rest)});
}

Node* Parser::class_pattern_rest(const Token& start, Node* cls) {
  next();  // (
  NodeList positional, keyword_patterns;
  std::vector<std::string_view> keyword_names;
  while (!at_op(")")) {
    if (peek().type == TokenType::Name && peek(1).is_op("=")) {
      keyword_names.push_back(identifier());
      next();
      keyword_patterns.push_back(pattern());
    } else {
      if (!keyword_names.empty()) {
        fail_at(peek(), "positional patterns follow keyword patterns");
      }
      positional.push_back(pattern());
    }
    if (!accept_op(",")) break;
  }
  expect_op(")");
  return make(Kind::MatchClass, location_from(start),
              {v(cls), v(positional), names(keyword_names), v(keyword_patterns)});
}

}  // namespace preflight::python::detail
