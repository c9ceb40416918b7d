// Parser and dumper unit tests. Expected dumps of syntax newer than 3.11 are HAND-WRITTEN from
// the grammar (CPython 3.11, our oracle, rejects it): 3.11's ast.dump format, where the 3.12+
// fields (type_params) are printed only when non-empty.
#include <gtest/gtest.h>

#include <string>

#include "python/dump.h"
#include "python/parser.h"

namespace preflight::python {
namespace {

std::string parse_dump(std::string_view source, int minor = 11, bool attributes = false) {
  std::unique_ptr<ParsedModule> parsed = parse_module(source, ParseOptions{minor});
  if (parsed->error) {
    return "SyntaxError: " + parsed->error->message + " (line " +
           std::to_string(parsed->error->line) + ")";
  }
  return dump(*parsed->module, attributes);
}

// The body of `Module(body=[...], type_ignores=[])`, for shorter expectations.
std::string body(std::string_view source, int minor = 11) {
  std::string text = parse_dump(source, minor);
  const std::string prefix = "Module(body=[";
  const std::string suffix = "], type_ignores=[])";
  if (text.starts_with(prefix) && text.ends_with(suffix)) {
    return text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
  }
  return text;
}

TEST(ParserTest, SimpleStatementsMatchCPython311) {
  // Checked against /usr/bin/python3 (3.11.2) when written.
  EXPECT_EQ(parse_dump("x = 1\n"),
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], "
            "type_ignores=[])");
  EXPECT_EQ(body("del a, b[0]\n"),
            "Delete(targets=[Name(id='a', ctx=Del()), Subscript(value=Name(id='b', ctx=Load()), "
            "slice=Constant(value=0), ctx=Del())])");
  EXPECT_EQ(body("from . import x\n"), "ImportFrom(names=[alias(name='x')], level=1)");
  EXPECT_EQ(body("a[1:2, ::3]\n"),
            "Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Slice("
            "lower=Constant(value=1), upper=Constant(value=2)), Slice(step=Constant(value=3))], "
            "ctx=Load()), ctx=Load()))");
  EXPECT_EQ(body("f'{x=}'\n"),
            "Expr(value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', "
            "ctx=Load()), conversion=114)]))");
  EXPECT_EQ(body("f'{x:>{w}}'\n"),
            "Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), "
            "conversion=-1, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue("
            "value=Name(id='w', ctx=Load()), conversion=-1)]))]))");
  EXPECT_EQ(body("u'a' 'b'\n"), "Expr(value=Constant(value='ab', kind='u'))");
}

TEST(ParserTest, PositionsAreUtf8Bytes) {
  EXPECT_EQ(parse_dump("'é' + x\n", 11, true),
            "Module(body=[Expr(value=BinOp(left=Constant(value='é', lineno=1, col_offset=0, "
            "end_lineno=1, end_col_offset=4), op=Add(), right=Name(id='x', ctx=Load(), lineno=1, "
            "col_offset=7, end_lineno=1, end_col_offset=8), lineno=1, col_offset=0, end_lineno=1, "
            "end_col_offset=8), lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)], "
            "type_ignores=[])");
}

TEST(ParserTest, TypeAliasHandWritten312) {
  EXPECT_EQ(body("type X = int\n", 12),
            "TypeAlias(name=Name(id='X', ctx=Store()), type_params=[], value=Name(id='int', "
            "ctx=Load()))");
  EXPECT_EQ(body("type L[T: int, *Ts, **P] = list[T]\n", 12),
            "TypeAlias(name=Name(id='L', ctx=Store()), type_params=[TypeVar(name='T', "
            "bound=Name(id='int', ctx=Load())), TypeVarTuple(name='Ts'), ParamSpec(name='P')], "
            "value=Subscript(value=Name(id='list', ctx=Load()), slice=Name(id='T', ctx=Load()), "
            "ctx=Load()))");
  EXPECT_EQ(body("type X = int\n", 11),
            "SyntaxError: the 'type' statement requires Python 3.12 (line 1)");
  // `type` stays an ordinary name.
  EXPECT_EQ(body("type = 1\n", 11),
            "Assign(targets=[Name(id='type', ctx=Store())], value=Constant(value=1))");
}

TEST(ParserTest, GenericFunctionsAndClassesHandWritten312) {
  EXPECT_EQ(body("def f[T](x: T) -> T: pass\n", 12),
            "FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='x', "
            "annotation=Name(id='T', ctx=Load()))], kwonlyargs=[], kw_defaults=[], defaults=[]), "
            "body=[Pass()], decorator_list=[], returns=Name(id='T', ctx=Load()), "
            "type_params=[TypeVar(name='T')])");
  EXPECT_EQ(body("class C[T]: pass\n", 12),
            "ClassDef(name='C', bases=[], keywords=[], body=[Pass()], decorator_list=[], "
            "type_params=[TypeVar(name='T')])");
  EXPECT_EQ(body("def f[T](): pass\n", 11),
            "SyntaxError: type parameter lists requires Python 3.12 (line 1)");
}

TEST(ParserTest, NestedQuotesInFStringsHandWritten312) {
  EXPECT_EQ(body("f\"{d[\"k\"]}\"\n", 12),
            "Expr(value=JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id='d', "
            "ctx=Load()), slice=Constant(value='k'), ctx=Load()), conversion=-1)]))");
  EXPECT_EQ(body("f'{f'{x}'}'\n", 12),
            "Expr(value=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue("
            "value=Name(id='x', ctx=Load()), conversion=-1)]), conversion=-1)]))");
}

TEST(ParserTest, ExceptWithoutParenthesesHandWritten314) {
  const std::string source = "try:\n    pass\nexcept A, B:\n    pass\n";
  EXPECT_EQ(body(source, 14),
            "Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', "
            "ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()])], orelse=[], "
            "finalbody=[])");
  EXPECT_EQ(body(source, 11),
            "SyntaxError: multiple exception types must be parenthesized (line 3)");
}

TEST(ParserTest, TemplateStringsHandWritten314) {
  EXPECT_EQ(body("t'a{b!r}'\n", 14),
            "Expr(value=TemplateStr(values=[Constant(value='a'), Interpolation(value=Name(id='b', "
            "ctx=Load()), str='b', conversion=114)]))");
  EXPECT_EQ(body("t'a'\n", 11), "SyntaxError: template strings requires Python 3.14 (line 1)");
}

TEST(ParserTest, NewerSyntaxNamesTheVersion) {
  EXPECT_EQ(body("f\"{d[\"k\"]}\"\n", 11),
            "SyntaxError: reusing the enclosing quote inside an f-string expression requires "
            "Python 3.12 (line 1)");
  EXPECT_EQ(body("try:\n    pass\nexcept* E:\n    pass\n", 10),
            "SyntaxError: 'except*' requires Python 3.11 (line 3)");
  EXPECT_EQ(body("match x:\n    case 1:\n        pass\n", 9),
            "SyntaxError: the match statement requires Python 3.10 (line 1)");
  EXPECT_EQ(body("a[*b]\n", 10),
            "SyntaxError: starred expressions in subscripts requires Python 3.11 (line 1)");
  EXPECT_EQ(body("with (open(a) as b, open(c) as d):\n    pass\n", 8),
            "SyntaxError: parenthesized context managers requires Python 3.9 (line 1)");
  EXPECT_EQ(body("@x[0]\ndef f(): pass\n", 8),
            "SyntaxError: arbitrary decorator expressions requires Python 3.9 (line 1)");
  EXPECT_EQ(body("@a.b(1)\ndef f(): pass\n", 8).substr(0, 16), "FunctionDef(name");
}

TEST(ParserTest, MatchStatement) {
  EXPECT_EQ(body("match x:\n    case [1, *r] | {'k': _, **kw}:\n        pass\n"),
            "Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchOr(patterns=["
            "MatchSequence(patterns=[MatchValue(value=Constant(value=1)), MatchStar(name='r')]), "
            "MatchMapping(keys=[Constant(value='k')], patterns=[MatchAs()], rest='kw')]), "
            "body=[Pass()])])");
  EXPECT_EQ(body("match(x)\n"),
            "Expr(value=Call(func=Name(id='match', ctx=Load()), args=[Name(id='x', ctx=Load())], "
            "keywords=[]))");
}

TEST(ParserTest, TwoHundredNestedBracketsParseAsInCPython) {
  for (const char* pair : {"()", "[]", "{}"}) {
    const std::string source =
        "x = " + std::string(200, pair[0]) + "1" + std::string(200, pair[1]) + "\n";
    EXPECT_EQ(body(source).find("SyntaxError"), std::string::npos) << pair;
  }
  std::string calls = "x = ";
  for (int i = 0; i < 199; ++i) calls += "f(";
  EXPECT_EQ(body(calls + std::string(199, ')') + "\n").find("SyntaxError"), std::string::npos);
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string parens = "x = " + std::string(1000, '(') + std::string(1000, ')') + "\n";
  EXPECT_EQ(body(parens), "SyntaxError: too many nested parentheses (line 1)");
  std::string unary = "x = " + std::string(100000, '-') + "1\n";
  EXPECT_EQ(body(unary), "SyntaxError: too many nested parentheses (line 1)");
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "not ";
  EXPECT_EQ(body(nots + "x\n"), "SyntaxError: too many nested parentheses (line 1)");
  std::string lambdas;
  for (int i = 0; i < 50000; ++i) lambdas += "lambda: ";
  EXPECT_EQ(body(lambdas + "0\n"), "SyntaxError: too many nested parentheses (line 1)");
  EXPECT_NE(body(std::string(300, '[') + "\n").find("SyntaxError"), std::string::npos);
  // Chains nest the tree without nesting the parser.
  std::string attributes = "x = a";
  for (int i = 0; i < 100000; ++i) attributes += ".b";
  EXPECT_EQ(body(attributes + "\n"), "SyntaxError: expression is nested too deeply (line 1)");
  std::string sums = "x = a";
  for (int i = 0; i < 100000; ++i) sums += " + a";
  EXPECT_EQ(body(sums + "\n"), "SyntaxError: expression is nested too deeply (line 1)");
  std::string calls = "f";
  for (int i = 0; i < 100000; ++i) calls += "()";
  EXPECT_EQ(body(calls + "\n"), "SyntaxError: expression is nested too deeply (line 1)");
}

TEST(ParserTest, ForEachChildVisitsFieldsInOrder) {
  std::unique_ptr<ParsedModule> parsed = parse_module("f(a, *b, c=d)\n");
  ASSERT_FALSE(parsed->error);
  const Node& call = *parsed->module->at(0).list[0]->at(0).node;
  std::string kinds;
  for_each_child(call,
                 [&](const Node& child) { kinds += std::string(kind_name(child.kind)) + " "; });
  EXPECT_EQ(kinds, "Name Name Starred keyword ");
}

TEST(ParserTest, TabsAndIndentation) {
  EXPECT_EQ(body("if x:\n\tpass\n\tpass\n"),
            "If(test=Name(id='x', ctx=Load()), body=[Pass(), Pass()], orelse=[])");
  // A tab and eight spaces reach the same column but not the same "alternate" column.
  EXPECT_EQ(body("if x:\n\tpass\n        pass\n"),
            "SyntaxError: inconsistent use of tabs and spaces in indentation (line 3)");
  EXPECT_EQ(body("if x:\n        a\n    b\n"),
            "SyntaxError: unindent does not match any outer indentation level (line 3)");
  EXPECT_EQ(body("if x:\npass\n"),
            "SyntaxError: expected an indented block after 'if' statement on line 1 (line 2)");
}

TEST(ParserTest, GarbageNeverCrashes) {
  const char* inputs[] = {"",
                          "\n",
                          "\\",
                          "(",
                          ")",
                          "f'",
                          "f'{",
                          "f'{'",
                          "'''",
                          "@",
                          "a = \\\n",
                          "match",
                          "case",
                          "lambda",
                          "x[",
                          "\x80\xff",
                          "def",
                          "class C(",
                          "0x",
                          "1e",
                          "1_",
                          "if x:\n  y\n z\n",
                          "f'{x:{y:{z}}}'",
                          "{**}",
                          "*a = 1"};
  for (const char* input : inputs) {
    std::unique_ptr<ParsedModule> parsed = parse_module(input);
    if (!parsed->error) {
      EXPECT_FALSE(dump(*parsed->module).empty());
    }
  }
}

}  // namespace
}  // namespace preflight::python
