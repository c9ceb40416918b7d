#include "python/ast.h"

#include <array>

namespace preflight::python {
namespace {

// `_fields` of each class, as in CPython 3.11's Python.asdl (3.12+ fields after them).
constexpr FieldInfo kNone[] = {{"", false}};
constexpr FieldInfo kModule[] = {{"body", false}, {"type_ignores", false}};
constexpr FieldInfo kFunctionDef[] = {
    {"name", false},   {"args", false},        {"body", false},       {"decorator_list", false},
    {"returns", true}, {"type_comment", true}, {"type_params", false}};
constexpr FieldInfo kClassDef[] = {{"name", false},           {"bases", false},
                                   {"keywords", false},       {"body", false},
                                   {"decorator_list", false}, {"type_params", false}};
constexpr FieldInfo kValueOpt[] = {{"value", true}};
constexpr FieldInfo kValue[] = {{"value", false}};
constexpr FieldInfo kTargets[] = {{"targets", false}};
constexpr FieldInfo kAssign[] = {{"targets", false}, {"value", false}, {"type_comment", true}};
constexpr FieldInfo kTypeAlias[] = {{"name", false}, {"type_params", false}, {"value", false}};
constexpr FieldInfo kAugAssign[] = {{"target", false}, {"op", false}, {"value", false}};
constexpr FieldInfo kAnnAssign[] = {
    {"target", false}, {"annotation", false}, {"value", true}, {"simple", false}};
constexpr FieldInfo kFor[] = {
    {"target", false}, {"iter", false}, {"body", false}, {"orelse", false}, {"type_comment", true}};
constexpr FieldInfo kWhile[] = {{"test", false}, {"body", false}, {"orelse", false}};
constexpr FieldInfo kWith[] = {{"items", false}, {"body", false}, {"type_comment", true}};
constexpr FieldInfo kMatch[] = {{"subject", false}, {"cases", false}};
constexpr FieldInfo kRaise[] = {{"exc", true}, {"cause", true}};
constexpr FieldInfo kTry[] = {
    {"body", false}, {"handlers", false}, {"orelse", false}, {"finalbody", false}};
constexpr FieldInfo kAssert[] = {{"test", false}, {"msg", true}};
constexpr FieldInfo kNames[] = {{"names", false}};
constexpr FieldInfo kImportFrom[] = {{"module", true}, {"names", false}, {"level", true}};
constexpr FieldInfo kBoolOp[] = {{"op", false}, {"values", false}};
constexpr FieldInfo kNamedExpr[] = {{"target", false}, {"value", false}};
constexpr FieldInfo kBinOp[] = {{"left", false}, {"op", false}, {"right", false}};
constexpr FieldInfo kUnaryOp[] = {{"op", false}, {"operand", false}};
constexpr FieldInfo kLambda[] = {{"args", false}, {"body", false}};
constexpr FieldInfo kIfExp[] = {{"test", false}, {"body", false}, {"orelse", false}};
constexpr FieldInfo kDict[] = {{"keys", false}, {"values", false}};
constexpr FieldInfo kElts[] = {{"elts", false}};
constexpr FieldInfo kComp[] = {{"elt", false}, {"generators", false}};
constexpr FieldInfo kDictComp[] = {{"key", false}, {"value", false}, {"generators", false}};
constexpr FieldInfo kCompare[] = {{"left", false}, {"ops", false}, {"comparators", false}};
constexpr FieldInfo kCall[] = {{"func", false}, {"args", false}, {"keywords", false}};
constexpr FieldInfo kFormattedValue[] = {
    {"value", false}, {"conversion", false}, {"format_spec", true}};
constexpr FieldInfo kInterpolation[] = {
    {"value", false}, {"str", false}, {"conversion", false}, {"format_spec", true}};
constexpr FieldInfo kValues[] = {{"values", false}};
// `kind` ({"kind", true} in the ASDL) is Constant::kind(): the node holds `value` only.
constexpr FieldInfo kConstant[] = {{"value", false}};
constexpr FieldInfo kAttribute[] = {{"value", false}, {"attr", false}, {"ctx", false}};
constexpr FieldInfo kSubscript[] = {{"value", false}, {"slice", false}, {"ctx", false}};
constexpr FieldInfo kStarred[] = {{"value", false}, {"ctx", false}};
constexpr FieldInfo kName[] = {{"id", false}, {"ctx", false}};
constexpr FieldInfo kSequence[] = {{"elts", false}, {"ctx", false}};
constexpr FieldInfo kSlice[] = {{"lower", true}, {"upper", true}, {"step", true}};
constexpr FieldInfo kComprehension[] = {
    {"target", false}, {"iter", false}, {"ifs", false}, {"is_async", false}};
constexpr FieldInfo kExceptHandler[] = {{"type", true}, {"name", true}, {"body", false}};
constexpr FieldInfo kArguments[] = {
    {"posonlyargs", false}, {"args", false}, {"vararg", true},   {"kwonlyargs", false},
    {"kw_defaults", false}, {"kwarg", true}, {"defaults", false}};
constexpr FieldInfo kArg[] = {{"arg", false}, {"annotation", true}, {"type_comment", true}};
constexpr FieldInfo kKeyword[] = {{"arg", true}, {"value", false}};
constexpr FieldInfo kAlias[] = {{"name", false}, {"asname", true}};
constexpr FieldInfo kWithitem[] = {{"context_expr", false}, {"optional_vars", true}};
constexpr FieldInfo kMatchCase[] = {{"pattern", false}, {"guard", true}, {"body", false}};
constexpr FieldInfo kPatterns[] = {{"patterns", false}};
constexpr FieldInfo kMatchMapping[] = {{"keys", false}, {"patterns", false}, {"rest", true}};
constexpr FieldInfo kMatchClass[] = {
    {"cls", false}, {"patterns", false}, {"kwd_attrs", false}, {"kwd_patterns", false}};
constexpr FieldInfo kNameOpt[] = {{"name", true}};
constexpr FieldInfo kMatchAs[] = {{"pattern", true}, {"name", true}};
constexpr FieldInfo kTypeIgnore[] = {{"lineno", false}, {"tag", false}};
constexpr FieldInfo kTypeVar[] = {{"name", false}, {"bound", true}, {"default_value", true}};
constexpr FieldInfo kNameOnly[] = {{"name", false}, {"default_value", true}};

template <std::size_t N>
constexpr NodeSchema node(std::string_view name, const FieldInfo (&fields)[N], bool located) {
  return {name, std::span<const FieldInfo>(fields, N), located};
}
constexpr NodeSchema leaf(std::string_view name, bool located) {
  return {name, std::span<const FieldInfo>(kNone, 0), located};
}

const std::array kSchemas = {
    node("Module", kModule, false),
    node("FunctionDef", kFunctionDef, true),
    node("AsyncFunctionDef", kFunctionDef, true),
    node("ClassDef", kClassDef, true),
    node("Return", kValueOpt, true),
    node("Delete", kTargets, true),
    node("Assign", kAssign, true),
    node("TypeAlias", kTypeAlias, true),
    node("AugAssign", kAugAssign, true),
    node("AnnAssign", kAnnAssign, true),
    node("For", kFor, true),
    node("AsyncFor", kFor, true),
    node("While", kWhile, true),
    node("If", kWhile, true),
    node("With", kWith, true),
    node("AsyncWith", kWith, true),
    node("Match", kMatch, true),
    node("Raise", kRaise, true),
    node("Try", kTry, true),
    node("TryStar", kTry, true),
    node("Assert", kAssert, true),
    node("Import", kNames, true),
    node("ImportFrom", kImportFrom, true),
    node("Global", kNames, true),
    node("Nonlocal", kNames, true),
    node("Expr", kValue, true),
    leaf("Pass", true),
    leaf("Break", true),
    leaf("Continue", true),
    node("BoolOp", kBoolOp, true),
    node("NamedExpr", kNamedExpr, true),
    node("BinOp", kBinOp, true),
    node("UnaryOp", kUnaryOp, true),
    node("Lambda", kLambda, true),
    node("IfExp", kIfExp, true),
    node("Dict", kDict, true),
    node("Set", kElts, true),
    node("ListComp", kComp, true),
    node("SetComp", kComp, true),
    node("DictComp", kDictComp, true),
    node("GeneratorExp", kComp, true),
    node("Await", kValue, true),
    node("Yield", kValueOpt, true),
    node("YieldFrom", kValue, true),
    node("Compare", kCompare, true),
    node("Call", kCall, true),
    node("FormattedValue", kFormattedValue, true),
    node("Interpolation", kInterpolation, true),
    node("JoinedStr", kValues, true),
    node("TemplateStr", kValues, true),
    node("Constant", kConstant, true),
    node("Attribute", kAttribute, true),
    node("Subscript", kSubscript, true),
    node("Starred", kStarred, true),
    node("Name", kName, true),
    node("List", kSequence, true),
    node("Tuple", kSequence, true),
    node("Slice", kSlice, true),
    leaf("Load", false),
    leaf("Store", false),
    leaf("Del", false),
    leaf("And", false),
    leaf("Or", false),
    leaf("Add", false),
    leaf("Sub", false),
    leaf("Mult", false),
    leaf("MatMult", false),
    leaf("Div", false),
    leaf("Mod", false),
    leaf("Pow", false),
    leaf("LShift", false),
    leaf("RShift", false),
    leaf("BitOr", false),
    leaf("BitXor", false),
    leaf("BitAnd", false),
    leaf("FloorDiv", false),
    leaf("Invert", false),
    leaf("Not", false),
    leaf("UAdd", false),
    leaf("USub", false),
    leaf("Eq", false),
    leaf("NotEq", false),
    leaf("Lt", false),
    leaf("LtE", false),
    leaf("Gt", false),
    leaf("GtE", false),
    leaf("Is", false),
    leaf("IsNot", false),
    leaf("In", false),
    leaf("NotIn", false),
    node("comprehension", kComprehension, false),
    node("ExceptHandler", kExceptHandler, true),
    node("arguments", kArguments, false),
    node("arg", kArg, true),
    node("keyword", kKeyword, true),
    node("alias", kAlias, true),
    node("withitem", kWithitem, false),
    node("match_case", kMatchCase, false),
    node("MatchValue", kValue, true),
    node("MatchSingleton", kValue, true),
    node("MatchSequence", kPatterns, true),
    node("MatchMapping", kMatchMapping, true),
    node("MatchClass", kMatchClass, true),
    node("MatchStar", kNameOpt, true),
    node("MatchAs", kMatchAs, true),
    node("MatchOr", kPatterns, true),
    node("TypeIgnore", kTypeIgnore, false),
    node("TypeVar", kTypeVar, true),
    node("ParamSpec", kNameOnly, true),
    node("TypeVarTuple", kNameOnly, true),
};

static_assert(kKindCount == std::tuple_size_v<decltype(kSchemas)>);

}  // namespace

const NodeSchema& schema(Kind kind) {
  return kSchemas[static_cast<std::size_t>(kind)];
}

std::string_view kind_name(Kind kind) {
  return schema(kind).name;
}

const Value& Node::get(std::string_view name) const {
  static const Value kNull;
  const NodeSchema& info = schema(kind);
  const std::span<const Value> values = fields();
  for (std::size_t i = 0; i < info.fields.size() && i < values.size(); ++i) {
    if (info.fields[i].name == name) return values[i];
  }
  return kNull;
}

}  // namespace preflight::python
