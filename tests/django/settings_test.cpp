// The settings evaluator on small modules: star imports, env reads with and without an
// environment, list edits, branches on unknowns, try/except ImportError, functions, masking.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "django/settings/evaluator.h"
#include "django/settings/masking.h"
#include "python/parser.h"

namespace preflight::django::settings {
namespace {

struct Project {
  std::vector<std::unique_ptr<python::ParsedModule>> parsed;
  std::vector<ModuleSource> sources;

  void add(const std::string& path, const std::string& text) {
    texts.push_back(std::make_unique<std::string>(text));
    parsed.push_back(python::parse_module(*texts.back(), python::ParseOptions{11}));
    ModuleSource source;
    source.path = path;
    source.tree = parsed.back()->module;
    sources.push_back(source);
  }
  SettingsResult run(const std::string& module, Environment environment = {}) const {
    EvaluationOptions options;
    options.environment = std::move(environment);
    return evaluate_settings(sources, module, options);
  }
  std::vector<std::unique_ptr<std::string>> texts;
};

std::string value_of(const SettingsResult& result, const std::string& name) {
  const Setting* setting = result.find(name);
  return setting ? repr(setting->value) : "<absent>";
}

TEST(Settings, StarImportsListEditsAndProvenance) {
  Project project;
  project.add("conf/__init__.py", "");
  project.add("conf/base.py", "MIDDLEWARE = ['a', 'c']\nINSTALLED_APPS = ['x']\nDEBUG = True\n");
  project.add("conf/prod.py",
              "from .base import *\nDEBUG = False\nMIDDLEWARE.insert(1, 'b')\n"
              "MIDDLEWARE.remove('c')\nINSTALLED_APPS += ['y']\nMIDDLEWARE = MIDDLEWARE + ['d']\n"
              "X = MIDDLEWARE.index('b')\nY = MIDDLEWARE[1:]\n");
  const SettingsResult result = project.run("conf.prod");
  ASSERT_TRUE(result.found);
  EXPECT_EQ(value_of(result, "MIDDLEWARE"), "['a', 'b', 'd']");
  EXPECT_EQ(value_of(result, "INSTALLED_APPS"), "['x', 'y']");
  EXPECT_EQ(value_of(result, "DEBUG"), "False");
  EXPECT_EQ(value_of(result, "X"), "1");
  EXPECT_EQ(value_of(result, "Y"), "['b', 'd']");
  const Setting* middleware = result.find("MIDDLEWARE");
  ASSERT_EQ(middleware->provenance.size(), 4u);
  EXPECT_EQ(middleware->provenance[0].path, "conf/base.py");
  EXPECT_EQ(middleware->provenance[3].line, 6);
}

TEST(Settings, EnvironmentReads) {
  Project project;
  project.add("s.py",
              "import os\nfrom decouple import config, Csv\nimport environ\n"
              "env = environ.Env(DEBUG=(bool, False))\n"
              "A = os.environ.get('A', 'x')\nB = config('B', default='1', cast=bool)\n"
              "C = config('C', default='a, b', cast=Csv())\nDEBUG = env('DEBUG')\n"
              "E = env.list('E', default=[])\nF = os.getenv('F')\n");
  const SettingsResult unknown = project.run("s");
  EXPECT_EQ(value_of(unknown, "A"), "<one of: 'x', <unknown: env A>>");
  EXPECT_EQ(value_of(unknown, "B"), "<one of: True, <unknown: env B>>");
  EXPECT_EQ(value_of(unknown, "C"), "<one of: ['a', 'b'], <unknown: env C>>");
  EXPECT_EQ(value_of(unknown, "DEBUG"), "<one of: False, <unknown: env DEBUG>>");
  Environment given;
  given.complete = true;
  given.variables = {{"A", "y"}, {"B", "off"}, {"DEBUG", "yes"}, {"E", "p,q"}};
  const SettingsResult known = project.run("s", given);
  EXPECT_EQ(value_of(known, "A"), "'y'");
  EXPECT_EQ(value_of(known, "B"), "False");
  EXPECT_EQ(value_of(known, "C"), "['a', 'b']");
  EXPECT_EQ(value_of(known, "DEBUG"), "True");
  EXPECT_EQ(value_of(known, "E"), "['p', 'q']");
  EXPECT_EQ(value_of(known, "F"), "None");
}

TEST(Settings, BranchesTryAndFunctions) {
  Project project;
  project.add("s.py",
              "import os\n"
              "def hosts(default):\n    v = os.environ.get('H')\n    if v is None:\n"
              "        return [default]\n    return v.split(',')\n"
              "H = hosts('localhost')\n"
              "if os.environ.get('PROD'):\n    SSL = True\nelse:\n    SSL = False\n"
              "try:\n    from .local import *\nexcept ImportError:\n    LOCAL = False\n"
              "APPS = [a.upper() for a in ['x', 'y'] if a != 'y']\n"
              "URL = f\"{'https'}://{os.environ.get('HOST', 'h')}\"\n");
  const SettingsResult result = project.run("s");
  // Narrowing: past `if v is None: return`, `v` is no longer None, so `v.split` sees only the
  // unknown variable.
  EXPECT_EQ(value_of(result, "H"), "<one of: ['localhost'], <unknown: env H>>");
  EXPECT_EQ(value_of(result, "SSL"), "<one of: True, False>");
  EXPECT_EQ(value_of(result, "LOCAL"), "False");
  EXPECT_EQ(value_of(result, "APPS"), "['X']");
  EXPECT_EQ(value_of(result, "URL"), "<one of: 'https://h', <unknown: env HOST>>");
}

TEST(Settings, UnknownConstructsNeverFail) {
  Project project;
  project.add("s.py",
              "import something\nX = something.compute(1)\nwhile True:\n    Y = 1\n"
              "class C: pass\nZ = C()\nW = [1][5] if False else 2\n");
  const SettingsResult result = project.run("s");
  EXPECT_EQ(value_of(result, "X"), "<unknown: call of something.compute>");
  EXPECT_EQ(value_of(result, "W"), "2");
}

TEST(Settings, Masking) {
  EXPECT_TRUE(is_secret_name("SECRET_KEY"));
  EXPECT_TRUE(is_secret_name("AWS_SECRET_ACCESS_KEY"));
  EXPECT_TRUE(is_secret_name("api_token"));
  EXPECT_FALSE(is_secret_name("DEBUG"));
  // Configuration whose name only looks secret.
  EXPECT_FALSE(is_secret_name("AUTH_PASSWORD_VALIDATORS"));
  EXPECT_FALSE(is_secret_name("KEY_PREFIX"));
  EXPECT_EQ(mask_url_password("postgres://user:pw@db:5432/app"),
            "postgres://user:****@db:5432/app");
  EXPECT_EQ(mask_url_password("https://example.com/a@b"), "https://example.com/a@b");
  const Value databases = Value::dict(
      {{Value::str("default"), Value::dict({{Value::str("PASSWORD"), Value::str("hunter2")},
                                            {Value::str("HOST"), Value::str("db")}})}});
  EXPECT_EQ(repr(mask(databases, false)), "{'default': {'PASSWORD': '****', 'HOST': 'db'}}");
  EXPECT_EQ(repr(mask(Value::str("abc"), true)), "'****'");
}

}  // namespace
}  // namespace preflight::django::settings
