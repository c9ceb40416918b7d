// The parser's state and rules, shared by parser_*.cpp (not part of the public interface).
#pragma once

#include <fmt/format.h>

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "python/parser.h"
#include "python/small_vector.h"

namespace preflight::python::detail {

// Thrown on the first syntax error; parse_module turns it into ParsedModule::error.
struct ParseFailure {
  SyntaxError error;
};

// Children collected while a rule runs, copied into the arena by v(): most lists are short.
using NodeList = SmallVector<Node*, 8>;

// Bounds the parser's recursion: deep nesting without brackets (`- - - x`, `not not x`,
// nested lambdas) must not overflow the stack.
inline constexpr int kMaxNesting = 1000;

class Parser {
 public:
  Parser(Arena& arena, std::vector<Token> tokens, const ParseOptions& options)
      : arena_(arena),
        tokens_(std::move(tokens)),
        last_token_(tokens_.size() - 1),
        options_(options) {}

  Node* file();
  Node* fstring_expression();  // `(` star_expressions `)` of an f-string replacement field

  std::string tokenizer_error_message;  // set when the token stream ends with an Error token
  SyntaxError tokenizer_error;
  bool tokenizer_failed = false;
  int depth = 0;  // shared with nested f-string parsers

 private:
  friend struct DepthGuard;
  // Tokens.
  // The parser never moves past the last token (EndMarker or Error): the current one needs no
  // bounds check. These run for nearly every token, so they are inline.
  const Token& peek() const { return tokens_[pos_]; }
  const Token& peek(std::size_t ahead) const {
    return tokens_[std::min(pos_ + ahead, last_token_)];
  }
  const Token& prev() const { return tokens_[pos_ > 0 ? pos_ - 1 : 0]; }
  const Token& next() {
    const Token& token = tokens_[pos_];
    if (token.type == TokenType::Error) throw ParseFailure{tokenizer_error};
    if (pos_ < last_token_) pos_++;
    return token;
  }
  bool at_op(SymbolText op) const { return peek().is_op(op); }
  bool at_keyword(SymbolText word) const { return peek().is_name(word); }
  bool accept_op(SymbolText op) {
    if (!at_op(op)) return false;
    next();
    return true;
  }
  bool accept_keyword(SymbolText word) {
    if (!at_keyword(word)) return false;
    next();
    return true;
  }
  const Token& expect_op(SymbolText op);
  void expect_keyword(SymbolText word);
  [[noreturn]] void fail_at(const Token& token, std::string message);
  [[noreturn]] void fail_invalid();  // "invalid syntax" at the current token
  std::string_view identifier();     // a NAME that is not a keyword
  void require_version(int minor, const Token& at, std::string_view what);

  // Nodes.
  Location location_from(const Token& start) const;
  Location location_of(const Token& start, const Token& end) const;
  Node* make(Kind kind, Location location, std::initializer_list<Value> fields);
  Node* leaf(Kind kind);
  static Value v(Node* node);
  Value v(const NodeList& nodes);
  static Value id(std::string_view name);
  static Value integer(std::int64_t value);
  Value names(const std::vector<std::string_view>& names);
  Node* constant(Constant::Type type, std::string_view text, Location location,
                 std::string_view kind = {});
  Node* name(std::string_view text, Location location, Kind ctx = Kind::Load);
  void set_context(Node* target, Kind ctx, std::string_view action);

  // Statements (parser_statements.cpp).
  NodeList statements_until_dedent();
  void statement(NodeList& out);
  void simple_statements(NodeList& out);
  Node* simple_statement();
  Node* expression_statement();
  Node* import_statement();
  Node* from_import_statement();
  NodeList block(const Token& owner, std::string_view what);
  Node* compound_statement();
  Node* if_statement(const Token& start, bool is_elif);
  Node* while_statement();
  Node* for_statement(const Token& start, bool is_async);
  Node* with_statement(const Token& start, bool is_async);
  Node* withitem();
  Node* try_statement();
  Node* function_def(const Token& start, const NodeList& decorators, bool is_async);
  Node* class_def(const Token& start, const NodeList& decorators);
  Node* decorated();
  Node* parameters(bool lambda);
  Node* parameter(bool lambda, bool star);
  NodeList type_params();
  Node* type_alias_statement();
  bool at_type_alias() const;

  // Match statements and patterns (parser_patterns.cpp).
  Node* match_statement();
  bool at_match_statement();
  Node* case_block();
  Node* patterns();
  Node* pattern();
  Node* or_pattern();
  Node* closed_pattern();
  Node* star_or_pattern();
  Node* mapping_pattern();
  Node* class_pattern_rest(const Token& start, Node* cls);
  Node* pattern_value_expression();
  Node* signed_number();
  Node* atom_constant_for(const Token& token);

  // Expressions (parser_expressions.cpp).
  Node* star_expressions();
  Node* star_expression();
  Node* star_named_expression();
  Node* named_expression();
  Node* expression();
  Node* expression_no_cond();
  Node* disjunction();
  Node* conjunction();
  Node* inversion();
  Node* comparison();
  Node* bitwise_or();
  Node* binary_operators(const Token& start, Node* left, int min_level);
  Node* factor();
  Node* power();
  Node* await_primary();
  Node* primary();
  Node* atom();
  Node* lambda();
  Node* yield_expression();
  Node* paren_atom();
  Node* list_atom();
  Node* brace_atom();
  NodeList comprehension_clauses(const Node* element = nullptr);
  Node* call(const Token& start, Node* func);
  Node* slices();
  Node* slice();
  Node* star_targets();
  Node* target_list_item();
  Node* number(const Token& token);
  bool is_expression_start() const;
  bool tokenizer_error_overrides(int error_line) const;
  [[noreturn]] void forgot_comma(const Node* previous);
  const Token& tokens_at(const Node* node) const;

  // Strings and f-strings (parser_strings.cpp).
  Node* strings();
  struct StringBuilder;
  void fstring_body(StringBuilder& builder, std::string_view body, bool raw, int level,
                    const Token& token);
  Node* fstring_replacement_field(std::string_view& rest, bool raw, int level, const Token& token,
                                  std::string& expr_text);

  Arena& arena_;
  // Leaf nodes (contexts and operators) have no fields or position: one node per kind is shared.
  std::array<Node*, kKindCount> leaves_{};
  std::vector<Token> tokens_;
  std::size_t last_token_;  // index of the EndMarker or Error token that ends tokens_
  std::size_t pos_ = 0;
  ParseOptions options_;
  std::string_view fstring_rest_;  // where fstring_body stopped
  Location fstring_location_;      // the whole string sequence being parsed
  void shift_fstring_expression(Node* value, const Token& token, std::size_t brace_offset);
};

struct DepthGuard {
  Parser& parser;
  explicit DepthGuard(Parser& p, const Token& at);
  ~DepthGuard() { parser.depth--; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
};

}  // namespace preflight::python::detail
