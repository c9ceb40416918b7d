#include "core/gitignore.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace preflight {
namespace {

// (text, pattern, with pathname, without pathname). The expectations are those of git's own
// wildmatch test suite (t/t3070-wildmatch.sh, the `wildmatch` and `pathmatch` columns), so that
// this matcher, written independently, answers as git's does.
struct WildCase {
  const char* text;
  const char* pattern;
  bool glob;
  bool path;
};

const std::vector<WildCase> kWildCases = {
    // Basic features.
    {"foo", "foo", true, true},
    {"foo", "bar", false, false},
    {"", "", true, true},
    {"foo", "???", true, true},
    {"foo", "??", false, false},
    {"foo", "*", true, true},
    {"foo", "f*", true, true},
    {"foo", "*f", false, false},
    {"foo", "*foo*", true, true},
    {"foobar", "*ob*a*r*", true, true},
    {"aaaaaaabababab", "*ab", true, true},
    {"foo*", R"(foo\*)", true, true},
    {"foobar", R"(foo\*bar)", false, false},
    {R"(f\oo)", R"(f\\oo)", true, true},
    {"ball", "*[al]?", true, true},
    {"ten", "[ten]", false, false},
    {"ten", "**[!te]", true, true},
    {"ten", "**[!ten]", false, false},
    {"ten", "t[a-g]n", true, true},
    {"ten", "t[!a-g]n", false, false},
    {"ton", "t[!a-g]n", true, true},
    {"ton", "t[^a-g]n", true, true},
    {"a]b", "a[]]b", true, true},
    {"a-b", "a[]-]b", true, true},
    {"a]b", "a[]-]b", true, true},
    {"aab", "a[]-]b", false, false},
    {"aab", "a[]a-]b", true, true},
    {"]", "]", true, true},
    // Slashes.
    {"foo/baz/bar", "foo*bar", false, true},
    {"foo/baz/bar", "foo**bar", false, true},
    {"foobazbar", "foo**bar", true, true},
    {"foo/baz/bar", "foo/**/bar", true, true},
    {"foo/baz/bar", "foo/**/**/bar", true, false},
    {"foo/b/a/z/bar", "foo/**/bar", true, true},
    {"foo/b/a/z/bar", "foo/**/**/bar", true, true},
    {"foo/bar", "foo/**/bar", true, false},
    {"foo/bar", "foo/**/**/bar", true, false},
    {"foo/bar", "foo?bar", false, true},
    {"foo/bar", "foo[/]bar", false, true},
    {"foo/bar", "foo[^a-z]bar", false, true},
    {"foo/bar", "f[^eiu][^eiu][^eiu][^eiu][^eiu]r", false, true},
    {"foo-bar", "f[^eiu][^eiu][^eiu][^eiu][^eiu]r", true, true},
    {"foo", "**/foo", true, false},
    {"XXX/foo", "**/foo", true, true},
    {"bar/baz/foo", "**/foo", true, true},
    {"bar/baz/foo", "*/foo", false, true},
    {"foo/bar/baz", "**/bar*", false, true},
    {"deep/foo/bar/baz", "**/bar/*", true, true},
    {"deep/foo/bar/baz/", "**/bar/*", false, true},
    {"deep/foo/bar/baz/", "**/bar/**", true, true},
    {"deep/foo/bar", "**/bar/*", false, false},
    {"deep/foo/bar/", "**/bar/**", true, true},
    {"foo/bar/baz", "**/bar**", false, true},
    {"foo/bar/baz/x", "*/bar/**", true, true},
    {"deep/foo/bar/baz/x", "*/bar/**", false, true},
    {"deep/foo/bar/baz/x", "**/bar/*/*", true, true},
    // Various.
    {"acrt", "a[c-c]st", false, false},
    {"acrt", "a[c-c]rt", true, true},
    {"]", "[!]-]", false, false},
    {"a", "[!]-]", true, true},
    {"", R"(\)", false, false},
    {R"(\)", R"(\)", false, false},
    {R"(XXX/\)", R"(*/\)", false, false},
    {R"(XXX/\)", R"(*/\\)", true, true},
    {"@foo", "@foo", true, true},
    {"foo", "@foo", false, false},
    {"[ab]", R"(\[ab])", true, true},
    {"[ab]", "[[]ab]", true, true},
    {"[ab]", "[[:]ab]", true, true},
    {"[ab]", "[[::]ab]", false, false},
    {"[ab]", "[[:digit]ab]", true, true},
    {"[ab]", R"([\[:]ab])", true, true},
    {"?a?b", R"(\??\?b)", true, true},
    {"abc", R"(\a\b\c)", true, true},
    {"foo", "", false, false},
    {"foo/bar/baz/to", "**/t[o]", true, true},
    // Character classes.
    {"a1B", "[[:alpha:]][[:digit:]][[:upper:]]", true, true},
    {"a", "[[:digit:][:upper:][:space:]]", false, false},
    {"A", "[[:digit:][:upper:][:space:]]", true, true},
    {"1", "[[:digit:][:upper:][:space:]]", true, true},
    {"1", "[[:digit:][:upper:][:spaci:]]", false, false},
    {" ", "[[:digit:][:upper:][:space:]]", true, true},
    {".", "[[:digit:][:upper:][:space:]]", false, false},
    {".", "[[:digit:][:punct:][:space:]]", true, true},
    {"5", "[[:xdigit:]]", true, true},
    {"f", "[[:xdigit:]]", true, true},
    {"D", "[[:xdigit:]]", true, true},
    {"_",
     "[[:alnum:][:alpha:][:blank:][:cntrl:][:digit:][:graph:][:lower:][:print:][:punct:][:space:]["
     ":upper:][:xdigit:]]",
     true, true},
    {".", "[^[:alnum:][:alpha:][:blank:][:cntrl:][:digit:][:lower:][:space:][:upper:][:xdigit:]]",
     true, true},
    {"5", "[a-c[:digit:]x-z]", true, true},
    {"b", "[a-c[:digit:]x-z]", true, true},
    {"y", "[a-c[:digit:]x-z]", true, true},
    {"q", "[a-c[:digit:]x-z]", false, false},
    // Malformed and odd classes.
    {"]", R"([\\-^])", true, true},
    {"[", R"([\\-^])", false, false},
    {"-", R"([\-_])", true, true},
    {"]", R"([\]])", true, true},
    {R"(\])", R"([\]])", false, false},
    {R"(\)", R"([\]])", false, false},
    {"ab", "a[]b", false, false},
    {"a[]b", "a[]b", false, false},
    {"ab[", "ab[", false, false},
    {"ab", "[!", false, false},
    {"ab", "[-", false, false},
    {"-", "[-]", true, true},
    {"-", "[a-", false, false},
    {"-", "[!a-", false, false},
    {"-", "[--A]", true, true},
    {"5", "[--A]", true, true},
    {" ", "[ --]", true, true},
    {"$", "[ --]", true, true},
    {"-", "[ --]", true, true},
    {"0", "[ --]", false, false},
    {"-", "[---]", true, true},
    {"-", "[------]", true, true},
    {"j", "[a-e-n]", false, false},
    {"-", "[a-e-n]", true, true},
    {"a", "[!------]", true, true},
    {"[", "[]-a]", false, false},
    {"^", "[]-a]", true, true},
    {"^", "[!]-a]", false, false},
    {"[", "[!]-a]", true, true},
    {"^", "[a^bc]", true, true},
    {"-b]", "[a-]b]", true, true},
    {R"(\)", R"([\])", false, false},
    {R"(\)", R"([\\])", true, true},
    {R"(\)", R"([!\\])", false, false},
    {"G", R"([A-\\])", true, true},
    {"aaabbb", "b*a", false, false},
    {"aabcaa", "*ba*", false, false},
    {",", "[,]", true, true},
    {",", R"([\\,])", true, true},
    {R"(\)", R"([\\,])", true, true},
    {"-", "[,-.]", true, true},
    {"+", "[,-.]", false, false},
    {"-.]", "[,-.]", false, false},
    {"2", R"([\1-\3])", true, true},
    {"3", R"([\1-\3])", true, true},
    {"4", R"([\1-\3])", false, false},
    {R"(\)", R"([[-\]])", true, true},
    {"[", R"([[-\]])", true, true},
    {"]", R"([[-\]])", true, true},
    {"-", R"([[-\]])", false, false},
    // Backtracking.
    {"-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
     true, true},
    {"-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
     false, false},
    {"-adobe-courier-bold-o-normal--12-120-75-75-/-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
     false, false},
    {"XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1",
     "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", true, true},
    {"XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1",
     "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", false, false},
    {"abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", "**/*a*b*g*n*t", true, true},
    {"abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz", "**/*a*b*g*n*t", false, false},
    {"foo", "*/*/*", false, false},
    {"foo/bar", "*/*/*", false, false},
    {"foo/bba/arr", "*/*/*", true, true},
    {"foo/bb/aa/rr", "*/*/*", false, true},
    {"foo/bb/aa/rr", "**/**/**", true, true},
    {"abcXdefXghi", "*X*i", true, true},
    {"ab/cXd/efXg/hi", "*X*i", false, true},
    {"ab/cXd/efXg/hi", "*/*X*/*/*i", true, true},
    {"ab/cXd/efXg/hi", "**/*X*/**/*i", true, true},
    // Paths.
    {"foo", "fo", false, false},
    {"foo/bar", "foo/bar", true, true},
    {"foo/bar", "foo/*", true, true},
    {"foo/bba/arr", "foo/*", false, true},
    {"foo/bba/arr", "foo/**", true, true},
    {"foo/bba/arr", "foo*", false, true},
    {"foo/bba/arr", "foo**", false, true},
    {"foo/bba/arr", "foo/*arr", false, true},
    {"foo/bba/arr", "foo/**arr", false, true},
    {"foo/bba/arr", "foo/*z", false, false},
    {"foo/bba/arr", "foo/**z", false, false},
    {"ab/cXd/efXg/hi", "*Xg*i", false, true},
    // Case matters.
    {"a", "[A-Z]", false, false},
    {"A", "[A-Z]", true, true},
    {"A", "[a-z]", false, false},
    {"a", "[a-z]", true, true},
    {"a", "[[:upper:]]", false, false},
    {"A", "[[:upper:]]", true, true},
    {"A", "[[:lower:]]", false, false},
    {"a", "[[:lower:]]", true, true},
    {"A", "[B-Za]", false, false},
    {"a", "[B-Za]", true, true},
    {"A", "[B-a]", false, false},
    {"a", "[B-a]", true, true},
    {"z", "[Z-y]", false, false},
    {"Z", "[Z-y]", true, true},
};

TEST(Wildmatch, AgreesWithGitsOwnTestSuite) {
  for (const WildCase& c : kWildCases) {
    EXPECT_EQ(wildmatch(c.pattern, c.text, /*pathname=*/true), c.glob)
        << "pathname: text '" << c.text << "' pattern '" << c.pattern << "'";
    EXPECT_EQ(wildmatch(c.pattern, c.text, /*pathname=*/false), c.path)
        << "no pathname: text '" << c.text << "' pattern '" << c.pattern << "'";
  }
}

TEST(Wildmatch, DoubleStarSlashEitherMatchesNothingOrEndsAtASlash) {
  EXPECT_FALSE(wildmatch("**/?", "a.py", true));
  EXPECT_TRUE(wildmatch("**/?", "a", true));
  EXPECT_TRUE(wildmatch("**/?", "x/y/a", true));
  EXPECT_FALSE(wildmatch("**/x", "ax", true));
  EXPECT_TRUE(wildmatch("**/x", "/x", true));
  EXPECT_TRUE(wildmatch(R"(**\/x)", "a/x", true));
  EXPECT_FALSE(wildmatch("a/**/b", "a/xb", true));
}

TEST(Wildmatch, ManyStarsStayLinear) {
  // A backtracking matcher takes exponential time here; the automaton does not.
  const std::string text(200, 'a');
  EXPECT_FALSE(wildmatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text, true));
  EXPECT_TRUE(wildmatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*", text, true));
}

bool ignored(const IgnoreList& list, std::string_view path, bool is_directory = false) {
  const IgnorePattern* pattern = list.last_match(path, is_directory);
  return pattern != nullptr && !pattern->negated;
}

TEST(IgnoreList, ParsesLinesAsGitDoes) {
  const IgnoreList list(
      "\xEF\xBB\xBF"  // a BOM is skipped
      "# a comment\n"
      "\n"
      "*.log\n"
      "!keep.log\n"
      "build/\n"
      "/root-only.py\n"
      "\\#hash.py\n"
      "\\!bang.py\n"
      "trailing.py   \n"
      "escaped\\ \n"
      "crlf.py\r\n"
      " #not-a-comment.py\n"
      "doc/*.txt\n"
      "last-line-without-newline.py",
      "");
  ASSERT_EQ(list.patterns().size(), 12u);
  EXPECT_EQ(list.patterns()[0].pattern, "*.log");
  EXPECT_EQ(list.patterns()[0].line, 3u);
  EXPECT_TRUE(list.patterns()[1].negated);
  EXPECT_EQ(list.patterns()[1].pattern, "keep.log");
  EXPECT_TRUE(list.patterns()[2].directory_only);
  EXPECT_EQ(list.patterns()[2].pattern, "build");
  EXPECT_TRUE(list.patterns()[2].basename_only);
  EXPECT_FALSE(list.patterns()[3].basename_only);
  EXPECT_EQ(list.patterns()[6].pattern, "trailing.py");
  EXPECT_EQ(list.patterns()[7].pattern, "escaped\\ ");
  EXPECT_EQ(list.patterns()[8].pattern, "crlf.py");
  EXPECT_EQ(list.patterns()[9].pattern, " #not-a-comment.py");
  EXPECT_FALSE(list.patterns()[10].basename_only);

  EXPECT_TRUE(ignored(list, "a/b/x.log"));
  EXPECT_FALSE(ignored(list, "a/keep.log"));  // the later negation wins
  EXPECT_TRUE(ignored(list, "build", true));
  EXPECT_FALSE(ignored(list, "build", false));  // a file named build is not a directory
  EXPECT_TRUE(ignored(list, "root-only.py"));
  EXPECT_FALSE(ignored(list, "sub/root-only.py"));
  EXPECT_TRUE(ignored(list, "#hash.py"));
  EXPECT_TRUE(ignored(list, "!bang.py"));
  EXPECT_TRUE(ignored(list, "trailing.py"));
  EXPECT_FALSE(ignored(list, "trailing.py   "));
  EXPECT_TRUE(ignored(list, "escaped "));
  EXPECT_TRUE(ignored(list, "crlf.py"));
  EXPECT_TRUE(ignored(list, " #not-a-comment.py"));
  EXPECT_TRUE(ignored(list, "doc/a.txt"));
  EXPECT_FALSE(ignored(list, "doc/sub/a.txt"));
  EXPECT_FALSE(ignored(list, "x/doc/a.txt"));
  EXPECT_TRUE(ignored(list, "last-line-without-newline.py"));
}

TEST(IgnoreList, PatternsWithASlashAreRelativeToTheFilesDirectory) {
  const IgnoreList list("/top.py\nsub/*.py\nname.py\n**/deep.py\n", "app/");
  EXPECT_TRUE(ignored(list, "app/top.py"));
  EXPECT_FALSE(ignored(list, "top.py"));
  EXPECT_FALSE(ignored(list, "app/x/top.py"));
  EXPECT_TRUE(ignored(list, "app/sub/a.py"));
  EXPECT_FALSE(ignored(list, "app/x/sub/a.py"));
  EXPECT_TRUE(ignored(list, "app/x/y/name.py"));
  EXPECT_TRUE(ignored(list, "app/deep.py"));
  EXPECT_TRUE(ignored(list, "app/a/b/deep.py"));
  EXPECT_FALSE(ignored(list, "appx/deep.py"));
}

TEST(IgnoreList, DoubleStarAfterALiteralPrefixIsAWholeComponent) {
  // git compares the literal prefix as a string and globs only the rest, so here `**` starts
  // the glob and matches directories: `foo**/bar` ignores foo/x/bar.
  const IgnoreList list("foo**/bar\n", "");
  EXPECT_TRUE(ignored(list, "foo/x/bar"));
  EXPECT_TRUE(ignored(list, "foo/bar"));
}

TEST(IgnoreList, EmptyAndBarePatternsMatchNothing) {
  const IgnoreList list("!\n/\n   \n", "");
  EXPECT_TRUE(list.empty());
}

TEST(GitIgnoreStack, DeeperFilesWinThenInfoExclude) {
  GitIgnoreStack stack(IgnoreList("*.sql\n!keep.toml\n", ""));
  stack.push(IgnoreList("*.toml\n", ""));
  stack.push(IgnoreList("!*.toml\n", "app/"));
  EXPECT_TRUE(stack.ignored("x.toml", false));
  EXPECT_FALSE(stack.ignored("app/x.toml", false));
  // A .gitignore beats info/exclude, even when info/exclude re-includes.
  EXPECT_TRUE(stack.ignored("keep.toml", false));
  EXPECT_TRUE(stack.ignored("app/a.sql", false));
  stack.pop();
  EXPECT_TRUE(stack.ignored("app/x.toml", false));
}

}  // namespace
}  // namespace preflight
