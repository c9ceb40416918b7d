#include "core/glob.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace preflight {
namespace {

struct Case {
  const char* pattern;
  const char* path;
  bool expected;
};

void check_all(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(glob_match(c.pattern, c.path), c.expected)
        << "pattern '" << c.pattern << "' path '" << c.path << "'";
  }
}

TEST(Glob, LiteralNamesMatchTheWholePathOrItsLastComponent) {
  check_all({
      {"venv", "venv", true},
      {"venv", "app/venv", true},
      {"venv", "app/venv/lib", false},  // the walk never reaches lib: venv was not entered
      {"venv", "venvs", false},
      {"venv", "my-venv", false},
      {".git", "sub/.git", true},
      {"settings.py", "project/settings.py", true},
      {"settings.py", "project/settings.pyc", false},
  });
}

TEST(Glob, PatternsWithASlashMatchFromTheRoot) {
  check_all({
      {"app/migrations", "app/migrations", true},
      {"app/migrations", "other/app/migrations", false},
      {"app/*.py", "app/models.py", true},
      {"app/*.py", "app/sub/models.py", false},
      {"app/*.py", "x/app/models.py", false},
      {"/dist", "dist", true},  // a leading '/' anchors, as in gitignore
      {"/dist", "app/dist", false},
      {"./dist", "dist", true},
      {"./dist", "app/dist", true},  // "./" is only noise: "dist" has no other '/'
      {"./app/dist", "app/dist", true},
      {"dist/", "dist", true},  // a trailing '/' names the directory itself
      {"dist/", "app/dist", true},
      {"app/dist/", "app/dist", true},
  });
}

TEST(Glob, StarAndQuestionMarkNeverCrossSlash) {
  check_all({
      {"*.py", "manage.py", true},
      {"*.py", "app/models.py", true},  // last component
      {"app*", "app/models.py", false},
      {"a*y", "app/models.py", false},
      {"app/*", "app/models.py", true},
      {"app/*", "app/sub/models.py", false},
      {"*/models.py", "app/models.py", true},
      {"*/models.py", "a/b/models.py", false},
      {"?", "a", true},
      {"?", "ab", false},
      {"a?c", "a/c", false},
      {"app/???.py", "app/abc.py", true},
      {"app/???.py", "app/abcd.py", false},
      {"*", "anything/at/all", true},  // the last component matches
  });
}

TEST(Glob, DoubleStarMatchesAnyNumberOfDirectories) {
  check_all({
      {"**/migrations", "migrations", true},
      {"**/migrations", "app/migrations", true},
      {"**/migrations", "a/b/c/migrations", true},
      {"**/migrations", "app/migrations_old", false},
      {"**/migrations/*.py", "app/migrations/0001_initial.py", true},
      {"**/migrations/*.py", "migrations/0001_initial.py", true},
      {"**/migrations/*.py", "app/migrations/sub/x.py", false},
      {"a/**/b", "a/b", true},
      {"a/**/b", "a/x/b", true},
      {"a/**/b", "a/x/y/z/b", true},
      {"a/**/b", "a/x/y/z/bb", false},
      {"a/**/b", "b", false},
      {"a/**", "a/x", true},
      {"a/**", "a/x/y", true},
      {"a/**", "a", false},  // everything inside, not the directory itself
      {"a/**", "ab/x", false},
      {"**", "a/b/c", true},
      {"a/**/**/b", "a/b", true},
      // `**` that is not a whole component is a plain `*`.
      {"a**b", "a/x/b", false},
      {"a**b", "axxb", true},
      {"**.py", "a/b.py", true},  // no '/' in the pattern: the last component matches
      {"x/**.py", "x/a/b.py", false},
      {"x/**.py", "x/b.py", true},
  });
}

TEST(Glob, CharacterClasses) {
  check_all({
      {"[abc].py", "a.py", true},
      {"[abc].py", "d.py", false},
      {"[a-c]x", "bx", true},
      {"[!a-z]x", "bx", false},
      {"[!a-z]x", "Bx", true},
      {"[^a]x", "ax", false},
      {"[^a]x", "bx", true},
      {"[]]x", "]x", true},
      {"[!]]x", "]x", false},
      {"[a-]x", "-x", true},
      {"[[:digit:]]*.py", "0001_initial.py", true},
      {"[[:digit:]]*.py", "models.py", false},
      {"a[/]b", "a/b", false},  // a class never matches '/'
      {"a[!x]b", "a/b", false},
      {"[ab", "[ab", false},  // unterminated: matches nothing, as in git
      {"[[:nope:]]", "n", false},
  });
}

TEST(Glob, EscapesMakeSpecialCharactersLiteral) {
  check_all({
      {R"(\*.py)", "*.py", true},
      {R"(\*.py)", "a.py", false},
      {R"(a\?)", "a?", true},
      {R"(a\?)", "ab", false},
      {R"(\[x])", "[x]", true},
      {R"([\]]x)", "]x", true},
      {R"(a\)", "a", false},  // a trailing backslash escapes nothing
  });
}

TEST(Glob, BracesGiveAlternativesAsInRuff) {
  check_all({
      {"**/{tests,docs}/*.py", "app/tests/test_x.py", true},
      {"**/{tests,docs}/*.py", "docs/conf.py", true},
      {"**/{tests,docs}/*.py", "app/other/x.py", false},
      {"*.{yml,yaml}", "ci.yaml", true},
      {"*.{yml,yaml}", "ci.yml", true},
      {"*.{yml,yaml}", "ci.toml", false},
      {"{a,b{c,d}}.py", "bd.py", true},
      {"{a,b{c,d}}.py", "b.py", false},
      {R"(\{a,b}.py)", "{a,b}.py", true},
      {"{a,b", "{a,b", true},  // unbalanced: literal
      {"[{]x", "{x", true},
  });
}

TEST(Glob, DotSlashInThePathIsIgnored) {
  EXPECT_TRUE(glob_match("app/*.py", "./app/models.py"));
}

}  // namespace
}  // namespace preflight
