// The Python AST: the node kinds and fields of CPython 3.11's `ast` module (plus the 3.12+ nodes
// TypeAlias, type parameters, TemplateStr and Interpolation), allocated in an Arena.
//
// Nodes are generic: a kind, a position and the fields in the order of the class's `_fields`,
// described by a static schema per kind. That keeps the printer, visitors and the parser small;
// `Node::get(Field::...)` gives named access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace preflight::python {

// Every class of the ast module that the parser creates, including operators and contexts.
// clang-format 14 does not settle on a long X-macro list.
// clang-format off
#define PREFLIGHT_PYTHON_NODE_KINDS(X) \
  X(Module) X(FunctionDef) X(AsyncFunctionDef) X(ClassDef) X(Return) X(Delete) \
  X(Assign) X(TypeAlias) X(AugAssign) X(AnnAssign) X(For) X(AsyncFor) \
  X(While) X(If) X(With) X(AsyncWith) X(Match) X(Raise) \
  X(Try) X(TryStar) X(Assert) X(Import) X(ImportFrom) X(Global) \
  X(Nonlocal) X(Expr) X(Pass) X(Break) X(Continue) X(BoolOp) \
  X(NamedExpr) X(BinOp) X(UnaryOp) X(Lambda) X(IfExp) X(Dict) \
  X(Set) X(ListComp) X(SetComp) X(DictComp) X(GeneratorExp) X(Await) \
  X(Yield) X(YieldFrom) X(Compare) X(Call) X(FormattedValue) X(Interpolation) \
  X(JoinedStr) X(TemplateStr) X(Constant) X(Attribute) X(Subscript) X(Starred) \
  X(Name) X(List) X(Tuple) X(Slice) X(Load) X(Store) \
  X(Del) X(And) X(Or) X(Add) X(Sub) X(Mult) \
  X(MatMult) X(Div) X(Mod) X(Pow) X(LShift) X(RShift) \
  X(BitOr) X(BitXor) X(BitAnd) X(FloorDiv) X(Invert) X(Not) \
  X(UAdd) X(USub) X(Eq) X(NotEq) X(Lt) X(LtE) \
  X(Gt) X(GtE) X(Is) X(IsNot) X(In) X(NotIn) \
  X(comprehension) X(ExceptHandler) X(arguments) X(arg) X(keyword) X(alias) \
  X(withitem) X(match_case) X(MatchValue) X(MatchSingleton) X(MatchSequence) X(MatchMapping) \
  X(MatchClass) X(MatchStar) X(MatchAs) X(MatchOr) X(TypeIgnore) X(TypeVar) \
  X(ParamSpec) X(TypeVarTuple)
// clang-format on

// The deepest tree the parser builds: long chains (`a.b.c...`, `x + y + ...`) nest without
// recursion in the parser, so the tree's height is checked on its own.
inline constexpr int kMaxAstHeight = 1500;

enum class Kind : std::uint8_t {
#define PREFLIGHT_PYTHON_KIND_ENUM(name) name,
  PREFLIGHT_PYTHON_NODE_KINDS(PREFLIGHT_PYTHON_KIND_ENUM)
#undef PREFLIGHT_PYTHON_KIND_ENUM
};

#define PREFLIGHT_PYTHON_KIND_ONE(name) +1
inline constexpr std::size_t kKindCount = 0 PREFLIGHT_PYTHON_NODE_KINDS(PREFLIGHT_PYTHON_KIND_ONE);
#undef PREFLIGHT_PYTHON_KIND_ONE

std::string_view kind_name(Kind kind);

// A constant value as the parser saw it. `text` is the decoded value for str (WTF-8, see
// literals.h) and bytes, the decimal digits of an int, the literal token of a float or complex.
struct Constant {
  enum class Type : std::uint8_t { None, True, False, Ellipsis, Int, Float, Complex, Str, Bytes };
  Type type = Type::None;
  std::string_view text;
  double number = 0;  // Float and Complex (the imaginary part)
};

struct Node;

// One field value. Lists may hold null entries (Dict keys for `**d`, kw_defaults).
struct Value {
  enum class Type : std::uint8_t { Null, Node, List, Identifier, Int, Constant, IdentifierList };
  Type type = Type::Null;
  std::int64_t integer = 0;            // Int (level, simple, is_async, conversion)
  Node* node = nullptr;                // Node
  std::span<Node*> list;               // List
  std::span<std::string_view> names;   // IdentifierList
  std::string_view text;               // Identifier, and the `kind` string of a Constant
  const Constant* constant = nullptr;  // Constant

  bool is_null() const { return type == Type::Null; }
};

// Positions as CPython: 1-based lines, 0-based columns in UTF-8 bytes, exclusive ends.
struct Location {
  std::int32_t lineno = 0;
  std::int32_t col_offset = 0;
  std::int32_t end_lineno = 0;
  std::int32_t end_col_offset = 0;
};

struct FieldInfo {
  std::string_view name;
  bool optional;  // `?` in the ASDL: ast.dump omits the field when it is None
};

struct NodeSchema {
  std::string_view name;
  std::span<const FieldInfo> fields;
  bool has_location;  // the class has lineno/col_offset/end_lineno/end_col_offset attributes
};

const NodeSchema& schema(Kind kind);

struct Node {
  Kind kind = Kind::Module;
  // 1 + the greatest height of the children: bounded by the parser (kMaxAstHeight) so that
  // recursive visitors and the printer cannot overflow the stack.
  std::uint16_t height = 1;
  Location location;
  std::span<Value> fields;  // in schema(kind).fields order

  // The field with this name; a Null value when the kind has no such field.
  const Value& get(std::string_view name) const;
  Value& at(std::size_t index) { return fields[index]; }
  const Value& at(std::size_t index) const { return fields[index]; }
};

// Calls `visit(Node&)` for each direct child node, in field order (null list entries skipped).
// Trees are at most kMaxAstHeight deep, so recursive walks built on it cannot overflow.
template <class Visit>
void for_each_child(const Node& node, Visit&& visit) {
  for (const Value& value : node.fields) {
    if (value.type == Value::Type::Node) {
      visit(*value.node);
    } else if (value.type == Value::Type::List) {
      for (Node* item : value.list) {
        if (item) visit(*item);
      }
    }
  }
}

}  // namespace preflight::python
