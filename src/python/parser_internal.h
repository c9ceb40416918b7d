// The parser's state and rules, shared by parser_*.cpp (not part of the public interface).
#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "python/parser.h"

namespace preflight::python::detail {

// Thrown on the first syntax error; parse_module turns it into ParsedModule::error.
struct ParseFailure {
  SyntaxError error;
};

// Bounds the parser's recursion: deep nesting without brackets (`- - - x`, `not not x`,
// nested lambdas) must not overflow the stack.
inline constexpr int kMaxNesting = 1000;

bool is_keyword(std::string_view word);

class Parser {
 public:
  Parser(Arena& arena, std::vector<Token> tokens, const ParseOptions& options)
      : arena_(arena), tokens_(std::move(tokens)), options_(options) {}

  Node* file();
  Node* fstring_expression();  // `(` star_expressions `)` of an f-string replacement field

  std::string tokenizer_error_message;  // set when the token stream ends with an Error token
  SyntaxError tokenizer_error;
  bool tokenizer_failed = false;
  int depth = 0;  // shared with nested f-string parsers

 private:
  friend struct DepthGuard;
  // Tokens.
  const Token& peek(std::size_t ahead = 0) const {
    const std::size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& prev() const { return tokens_[pos_ > 0 ? pos_ - 1 : 0]; }
  const Token& next();
  bool at_op(std::string_view op) const { return peek().is_op(op); }
  bool at_keyword(std::string_view word) const { return peek().is_name(word); }
  bool accept_op(std::string_view op);
  bool accept_keyword(std::string_view word);
  const Token& expect_op(std::string_view op);
  void expect_keyword(std::string_view word);
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
  Value v(const std::vector<Node*>& nodes);
  static Value id(std::string_view name);
  static Value integer(std::int64_t value);
  Value names(const std::vector<std::string_view>& names);
  Node* constant(Constant::Type type, std::string_view text, Location location,
                 std::string_view kind = {});
  Node* name(std::string_view text, Location location, Kind ctx = Kind::Load);
  void set_context(Node* target, Kind ctx, std::string_view action);

  // Statements (parser_statements.cpp).
  std::vector<Node*> statements_until_dedent();
  void statement(std::vector<Node*>& out);
  void simple_statements(std::vector<Node*>& out);
  Node* simple_statement();
  Node* expression_statement();
  Node* import_statement();
  Node* from_import_statement();
  std::vector<Node*> block(const Token& owner, std::string_view what);
  Node* compound_statement();
  Node* if_statement(const Token& start, bool is_elif);
  Node* while_statement();
  Node* for_statement(const Token& start, bool is_async);
  Node* with_statement(const Token& start, bool is_async);
  Node* withitem();
  Node* try_statement();
  Node* function_def(const Token& start, const std::vector<Node*>& decorators, bool is_async);
  Node* class_def(const Token& start, const std::vector<Node*>& decorators);
  Node* decorated();
  Node* parameters(bool lambda);
  Node* parameter(bool lambda, bool star);
  std::vector<Node*> type_params();
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
  Node* bitwise_xor();
  Node* bitwise_and();
  Node* shift_expr();
  Node* sum();
  Node* term();
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
  std::vector<Node*> comprehension_clauses(const Node* element = nullptr);
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
  std::vector<Token> tokens_;
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
