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
#include <type_traits>

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

// NOLINTNEXTLINE(bugprone-macro-parentheses): "+1" per kind, summed after a 0.
#define PREFLIGHT_PYTHON_KIND_ONE(name) +1
inline constexpr std::size_t kKindCount = 0 PREFLIGHT_PYTHON_NODE_KINDS(PREFLIGHT_PYTHON_KIND_ONE);
#undef PREFLIGHT_PYTHON_KIND_ONE

std::string_view kind_name(Kind kind);

// A constant value as the parser saw it. `text` is the decoded value for str (WTF-8, see
// literals.h) and bytes, the decimal digits of an int, the literal token of a float or complex.
// The Constant node's ASDL field `kind` ("u" for a u-prefixed string, else None) lives here too:
// a Constant node has the one field `value`.
struct Constant {
  enum class Type : std::uint8_t { None, True, False, Ellipsis, Int, Float, Complex, Str, Bytes };
  Type type = Type::None;
  bool u_prefix = false;  // the first string of the literal was u"..."
  std::string_view text;
  double number = 0;  // Float and Complex (the imaginary part)

  // The `kind` field of ast.Constant: "u", or empty for None.
  std::string_view kind() const { return u_prefix ? std::string_view("u") : std::string_view(); }
};

struct Node;

// One field value: a tagged union of a 1-byte type and a 16-byte payload (24 bytes in all).
// Lists may hold null entries (Dict keys for `**d`, kw_defaults).
//
// Read the member that matches `type`; a Null value reads as empty through every member. The
// payload of a Null value is all zero bytes, so `.list` and `.names` are empty spans, `.text` is
// an empty string_view, `.node` and `.constant` are null and `.integer` is 0: code may read an
// optional field (`alias->get("asname").text`, `get("value").node`) without testing for Null
// first (a span and a string_view of zero bytes are empty in libstdc++ and libc++). Reading any
// other member than the one that matches a non-Null `type` gives garbage. Reading an inactive
// union member is type punning, which GCC documents as supported and Clang follows.
struct Value {
  enum class Type : std::uint8_t { Null, Node, List, Identifier, Int, Constant, IdentifierList };
  Type type = Type::Null;
  union {
    std::uint64_t raw[2];               // the all-zero payload of Null
    std::int64_t integer;               // Int (level, simple, is_async, conversion)
    Node* node;                         // Node
    std::span<Node*> list;              // List
    std::span<std::string_view> names;  // IdentifierList
    std::string_view text;              // Identifier
    const Constant* constant;           // Constant
  };

  constexpr Value() : raw{0, 0} {}

  bool is_null() const { return type == Type::Null; }
};

static_assert(sizeof(Value) <= 24);
static_assert(sizeof(std::span<Node*>) == sizeof(Value::raw) &&
              sizeof(std::string_view) == sizeof(Value::raw));
static_assert(std::is_trivially_copyable_v<Value> && std::is_trivially_destructible_v<Value>);

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

// A node and its fields: the `Value`s are stored right after the Node in the arena (the parser
// allocates both at once), their count given by the kind's schema. A Node is therefore never
// copied or created on its own: it lives where the parser put it.
struct alignas(Value) Node {
  Kind kind = Kind::Module;
  std::uint8_t field_count = 0;  // schema(kind).fields.size(), set by the parser
  // 1 + the greatest height of the children: bounded by the parser (kMaxAstHeight) so that
  // recursive visitors and the printer cannot overflow the stack.
  std::uint16_t height = 1;
  Location location;

  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // The fields, in schema(kind).fields order.
  std::span<Value> fields() { return {reinterpret_cast<Value*>(this + 1), field_count}; }
  std::span<const Value> fields() const {
    return {reinterpret_cast<const Value*>(this + 1), field_count};
  }

  // The field with this name; a Null value when the kind has no such field.
  const Value& get(std::string_view name) const;
  Value& at(std::size_t index) { return fields()[index]; }
  const Value& at(std::size_t index) const { return fields()[index]; }
};

static_assert(sizeof(Node) % alignof(Value) == 0 && std::is_trivially_destructible_v<Node>);

// Calls `visit(Node&)` for each direct child node, in field order (null list entries skipped).
// Trees are at most kMaxAstHeight deep, so recursive walks built on it cannot overflow.
template <class Visit>
void for_each_child(const Node& node, Visit&& visit) {
  for (const Value& value : node.fields()) {
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
