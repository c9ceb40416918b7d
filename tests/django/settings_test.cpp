// The settings evaluator on small modules: star imports, env reads with and without an
// environment, list edits, branches on unknowns, try/except ImportError, functions, masking.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <unistd.h>
#include "support/oracle_process.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "django/settings/database_urls.h"
#include "django/settings/defaults.h"
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
  SettingsResult run(const std::string& module, Environment environment = {},
                     const std::string& file_root = "") const {
    EvaluationOptions options;
    options.environment = std::move(environment);
    options.file_root = file_root;
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

TEST(Settings, GlobalDefaultsPerVersion) {
  EXPECT_EQ(repr(*global_default("X_FRAME_OPTIONS", {3, 2})), "'DENY'");
  EXPECT_EQ(repr(*global_default("SECURE_CONTENT_TYPE_NOSNIFF", {3, 2})), "True");
  EXPECT_EQ(repr(*global_default("SESSION_COOKIE_SAMESITE", {5, 0})), "'Lax'");
  EXPECT_EQ(repr(*global_default("SECURE_PROXY_SSL_HEADER", {4, 2})), "None");
  EXPECT_EQ(repr(*global_default("DATABASES", {4, 2})), "{}");
  // Newer than the version, no global default, not in the table.
  EXPECT_FALSE(global_default("SECURE_CROSS_ORIGIN_OPENER_POLICY", {3, 2}));
  EXPECT_EQ(repr(*global_default("SECURE_CROSS_ORIGIN_OPENER_POLICY", {4, 0})), "'same-origin'");
  EXPECT_FALSE(global_default("SECRET_KEY_FALLBACKS", {4, 0}));
  EXPECT_TRUE(has_setting("SECRET_KEY_FALLBACKS", {4, 1}));
  EXPECT_FALSE(global_default("ROOT_URLCONF", {4, 2}));
  EXPECT_TRUE(has_setting("ROOT_URLCONF", {4, 2}));
  EXPECT_FALSE(global_default("TIME_ZONE", {4, 2}));
  for (const std::string_view name : defaulted_setting_names()) {
    EXPECT_EQ(has_setting(name, {5, 0}), name != "DEFAULT_HASHING_ALGORITHM") << name;
  }
}

// Every 3.2 default of the table is what Debian's Django 3.2 has in global_settings.py.
TEST(Settings, GlobalDefaultsAgreeWithDjango32) {
  const auto output = testing::command_output(
      "/usr/bin/python3 -c 'import json; from django.conf import global_settings as g; "
      "print(json.dumps({k: repr(getattr(g, k)) for k in dir(g) if k.isupper()}))'");
  PREFLIGHT_REQUIRE_ORACLE(output, "/usr/bin/python3 with python3-django");
  const auto django = nlohmann::json::parse(*output);
  int compared = 0;
  for (const std::string_view name : defaulted_setting_names()) {
    const std::string key(name);
    if (!has_setting(name, {3, 2})) {
      EXPECT_FALSE(django.contains(key)) << name << " exists in 3.2";
      continue;
    }
    const std::optional<Value> ours = global_default(name, {3, 2});
    if (!ours) {
      EXPECT_FALSE(django.contains(key)) << name << " has a global default in 3.2";
      continue;
    }
    ASSERT_TRUE(django.contains(key)) << name;
    EXPECT_EQ(repr(*ours), django[key].get<std::string>()) << name;
    ++compared;
  }
  std::printf("global defaults: %d compared with Django 3.2\n", compared);
}

TEST(Settings, DatabaseUrls) {
  const DatabaseUrlOptions options;
  EXPECT_EQ(repr(parse_database_url(Value::str("postgres://u:p%40ss@DB.example:6432/app"),
                                    UrlLibrary::DjDatabaseUrl, options)),
            "{'NAME': 'app', 'USER': 'u', 'PASSWORD': 'p@ss', 'HOST': 'db.example', 'PORT': 6432, "
            "'CONN_MAX_AGE': 0, 'ENGINE': 'django.db.backends.postgresql_psycopg2'}");
  EXPECT_EQ(repr(parse_database_url(Value::str("sqlite:////tmp/x.db"), UrlLibrary::DjangoEnviron,
                                    options)),
            "{'NAME': '/tmp/x.db', 'USER': '', 'PASSWORD': '', 'HOST': '', 'PORT': '', "
            "'ENGINE': 'django.db.backends.sqlite3'}");
  // What either library reads differently is not guessed.
  for (const char* url : {"postgres://h/db?sslmode=require", "oracle://h:1521/x", "redis://h",
                          "postgres://u:a+b@h/db", "postgres://h:port/db", "postgres://h:/db"}) {
    EXPECT_TRUE(
        parse_database_url(Value::str(url), UrlLibrary::DjDatabaseUrl, options).is_unknown())
        << url;
  }
  Project project;
  project.add("s.py",
              "import dj_database_url, environ\nenv = environ.Env()\n"
              "A = dj_database_url.config(default='postgres://a@h/n', conn_max_age=60)\n"
              "B = env.db('B_URL', default='sqlite://:memory:')\n"
              "C = dj_database_url.config()\n");
  Environment given;
  given.complete = true;
  given.variables = {{"DATABASE_URL", "mysql://m@db:3306/shop"}};
  const SettingsResult known = project.run("s", given);
  EXPECT_EQ(value_of(known, "A"),
            "{'NAME': 'shop', 'USER': 'm', 'PASSWORD': '', 'HOST': 'db', 'PORT': 3306, "
            "'CONN_MAX_AGE': 60, 'ENGINE': 'django.db.backends.mysql'}");
  EXPECT_EQ(value_of(known, "B"), "{'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}");
  const SettingsResult unknown = project.run("s");
  EXPECT_EQ(value_of(unknown, "C"), "<one of: {}, <unknown: env DATABASE_URL>>");
}

TEST(Settings, ModulesPickedByNameAndGlobals) {
  Project project;
  project.add("conf/__init__.py",
              "import importlib, os\n"
              "_module = importlib.import_module('conf.' + os.environ.get('CONF', 'dev'))\n"
              "for _name in dir(_module):\n    if _name.isupper():\n"
              "        globals()[_name] = getattr(_module, _name)\n"
              "HAS_DEBUG = hasattr(_module, 'DEBUG')\nX = getattr(_module, 'MISSING', 3)\n"
              "globals().update({'EXTRA': 1}, )\n");
  project.add("conf/dev.py", "DEBUG = True\nHOSTS = ['localhost']\n");
  project.add("conf/live.py", "DEBUG = False\nHOSTS = ['example.com']\nSSL = True\n");
  Environment live;
  live.complete = true;
  live.variables = {{"CONF", "live"}};
  const SettingsResult known = project.run("conf", live);
  EXPECT_EQ(value_of(known, "DEBUG"), "False");
  EXPECT_EQ(value_of(known, "SSL"), "True");
  EXPECT_EQ(value_of(known, "HAS_DEBUG"), "True");
  EXPECT_EQ(value_of(known, "X"), "3");
  EXPECT_EQ(value_of(known, "EXTRA"), "1");
  EXPECT_FALSE(known.unnamed_settings);
  // The variable not known: the name starts with the package, so one of its modules is picked.
  const SettingsResult unknown = project.run("conf");
  EXPECT_EQ(value_of(unknown, "HOSTS"), "<one of: ['localhost'], ['example.com']>");
  EXPECT_FALSE(unknown.unnamed_settings);
  // Any module at all: names never seen may be settings.
  Project anywhere;
  anywhere.add("conf.py",
               "import importlib, os\n_module = importlib.import_module(os.environ['MODULE'])\n"
               "for _name in dir(_module):\n    globals()[_name] = getattr(_module, _name)\n");
  EXPECT_TRUE(anywhere.run("conf").unnamed_settings);
}

// `match` on a known subject takes the case Python takes; on candidates, one match per alternative,
// where an unknown one makes what every case that may run assigns unknown. `exec` of code not read
// here may set any name, and says so.
TEST(Settings, MatchExecAndWhileElse) {
  Project project;
  project.add(
      "s.py",
      "import os\nMODE = 'live'\n"
      "match MODE:\n    case 'dev':\n        DEBUG = True\n"
      "    case 'live' | 'prod' as chosen:\n        DEBUG = False\n        PICKED = chosen\n"
      "    case _:\n        DEBUG = None\n"
      "match None:\n    case True:\n        SINGLE = 't'\n    case None:\n        SINGLE = 'n'\n"
      "HOSTS = ['a']\n"
      "match os.environ.get('STAGE'):\n    case 'x':\n        HOSTS = ['x']\n"
      "    case other:\n        SEEN = other\n"
      "match 1:\n    case True:\n        MIXED = 'bool'\n"
      "i = 0\nwhile i < 2:\n    i += 1\nelse:\n    AFTER = 'done'\n");
  const SettingsResult result = project.run("s");
  EXPECT_EQ(value_of(result, "DEBUG"), "False");
  EXPECT_EQ(value_of(result, "PICKED"), "'live'");
  EXPECT_EQ(value_of(result, "SINGLE"), "'n'");
  EXPECT_EQ(value_of(result, "HOSTS"), "<one of: ['a'], <unknown: match at s.py:17>>");
  EXPECT_EQ(value_of(result, "SEEN"), "<one of: None, <unknown: match at s.py:17>>");
  // 1 == True in Python; not decided here, so not claimed either way.
  EXPECT_EQ(value_of(result, "MIXED"), "<unknown: match at s.py:22>");
  EXPECT_EQ(value_of(result, "AFTER"), "<unknown: loop at s.py:26>");
  EXPECT_FALSE(result.unnamed_settings);

  Project executing;
  executing.add("s.py",
                "import os\nDEBUG = False\n"
                "exec(open(os.path.join(os.path.dirname(__file__), 'local.py')).read())\n"
                "ALLOWED_HOSTS = ['example.com']\n");
  const SettingsResult executed = executing.run("s");
  EXPECT_EQ(value_of(executed, "DEBUG"), "<one of: False, <unknown: exec at s.py:3>>");
  EXPECT_EQ(value_of(executed, "ALLOWED_HOSTS"), "['example.com']");
  ASSERT_TRUE(executed.unnamed_settings);
  EXPECT_EQ(*executed.unnamed_settings, "exec at s.py:3");
}

// django-split-settings runs files in the including module's namespace, relative to the file that
// includes them; what it cannot follow leaves the names open instead of absent.
TEST(Settings, SplitSettingsIncludes) {
  Project project;
  project.add("conf/__init__.py", "");
  project.add("conf/settings/__init__.py",
              "import os\nfrom split_settings.tools import include, optional\n"
              "ENV = os.environ.get('ENV', 'dev')\n"
              "include('components/*.py', optional('env/%s.py' % ENV), optional('local.py'))\n");
  project.add("conf/settings/components/a_base.py",
              "DEBUG = True\nINSTALLED_APPS = ['a']\ninclude('../nested.py')\n");
  project.add("conf/settings/components/b_more.py", "INSTALLED_APPS += ['b']\n");
  project.add("conf/settings/nested.py", "X_FRAME_OPTIONS = 'DENY'\n");
  project.add("conf/settings/env/prod.py", "DEBUG = False\n");
  Environment prod;
  prod.complete = true;
  prod.variables = {{"ENV", "prod"}};
  const SettingsResult known = project.run("conf.settings", prod);
  EXPECT_EQ(value_of(known, "DEBUG"), "False");
  EXPECT_EQ(value_of(known, "INSTALLED_APPS"), "['a', 'b']");
  EXPECT_EQ(value_of(known, "X_FRAME_OPTIONS"), "'DENY'");
  EXPECT_FALSE(known.unnamed_settings);
  const Setting* debug = known.find("DEBUG");
  ASSERT_TRUE(debug);
  ASSERT_EQ(debug->provenance.size(), 2u);
  EXPECT_EQ(debug->provenance[0].path, "conf/settings/components/a_base.py");
  EXPECT_EQ(debug->provenance[1].path, "conf/settings/env/prod.py");
  // An environment without its own file: optional() includes nothing.
  Environment staging = prod;
  staging.variables = {{"ENV", "staging"}};
  EXPECT_EQ(value_of(project.run("conf.settings", staging), "DEBUG"), "True");
  // Not known which file: every name may be set by it.
  const SettingsResult open = project.run("conf.settings");
  EXPECT_EQ(value_of(open, "DEBUG"),
            "<one of: True, <unknown: split_settings.include at conf/settings/__init__.py:4>>");
  EXPECT_TRUE(open.unnamed_settings);
  // A required file that is not among the files read.
  Project missing;
  missing.add("s.py",
              "from split_settings.tools import include\nDEBUG = False\ninclude('ops/x.py')\n");
  const SettingsResult unread = missing.run("s");
  EXPECT_EQ(value_of(unread, "DEBUG"),
            "<one of: False, <unknown: split_settings.include at s.py:3>>");
  EXPECT_TRUE(unread.unnamed_settings);
}

// Writes into the module by other means than assignment, and settings that live in classes.
TEST(Settings, ModuleWritesAndConfigurationClasses) {
  Project project;
  project.add("s.py",
              "import sys\nDEBUG = False\nsetattr(sys.modules[__name__], 'DEBUG', True)\n"
              "vars()['ALLOWED_HOSTS'] = ['v.example']\nlocals()['SECURE_SSL_REDIRECT'] = True\n");
  const SettingsResult result = project.run("s");
  EXPECT_EQ(value_of(result, "DEBUG"), "True");
  EXPECT_EQ(value_of(result, "ALLOWED_HOSTS"), "['v.example']");
  EXPECT_EQ(value_of(result, "SECURE_SSL_REDIRECT"), "True");
  EXPECT_FALSE(result.unnamed_settings);

  Project classes;
  classes.add("s.py",
              "from configurations import Configuration\n"
              "class Base(Configuration):\n    DEBUG = True\n"
              "class Prod(Base):\n    DEBUG = False\n");
  const SettingsResult configured = classes.run("s");
  EXPECT_EQ(value_of(configured, "DEBUG"), "<absent>");
  ASSERT_TRUE(configured.unnamed_settings);
  EXPECT_EQ(*configured.unnamed_settings,
            "django-configurations class at s.py:2 (settings as class attributes)");
}

// Builtins over known values, each expectation what CPython 3.11 prints for the same line.
TEST(Settings, BuiltinsOverKnownValues) {
  Project project;
  project.add("s.py",
              "A = any(x for x in [0, 1])\nB = all([1, 0])\nC = min(3, 1, 2)\n"
              "D = max(['b', 'c', 'a'])\nE = list(range(5, 0, -2))\n"
              "F = list(zip(['a', 'b', 'c'], [1, 2]))\nG = list(enumerate('xy', 1))\n"
              "H = isinstance(True, int)\nI = isinstance('s', (list, tuple))\n"
              "J = len('h\xc3\xa9llo')\nK = list(reversed([1, 2]))\nL = list('h\xc3\xa9')\n");
  const SettingsResult result = project.run("s");
  const std::vector<std::pair<std::string, std::string>> expected = {{"A", "True"},
                                                                     {"B", "False"},
                                                                     {"C", "1"},
                                                                     {"D", "'c'"},
                                                                     {"E", "[5, 3, 1]"},
                                                                     {"F", "[('a', 1), ('b', 2)]"},
                                                                     {"G", "[(1, 'x'), (2, 'y')]"},
                                                                     {"H", "True"},
                                                                     {"I", "False"},
                                                                     {"J", "5"},
                                                                     {"K", "[2, 1]"},
                                                                     {"L", "['h', '\xc3\xa9']"}};
  for (const auto& [name, repr_text] : expected)
    EXPECT_EQ(value_of(result, name), repr_text) << name;
}

TEST(Settings, LoopsAndComprehensionsOverCandidates) {
  Project project;
  project.add("s.py",
              "import os\nHOSTS = os.environ.get('HOSTS', 'a,b').split(',')\n"
              "ORIGINS = ['https://' + h for h in HOSTS]\n"
              "PAIRS = []\nfor h in HOSTS:\n    PAIRS.append(h.upper())\n"
              "SEEN = []\nfor h in os.environ['OTHER'].split(','):\n"
              "    if not h or h in SEEN:\n        continue\n    SEEN.append(h)\n");
  const SettingsResult result = project.run("s");
  EXPECT_EQ(value_of(result, "ORIGINS"),
            "<one of: ['https://a', 'https://b'], <unknown: env HOSTS>>");
  EXPECT_EQ(value_of(result, "PAIRS").rfind("<one of: ['A', 'B'], <unknown: ", 0), 0u)
      << value_of(result, "PAIRS");
  // A `continue` under an unknown condition stops the simulated pass early: what the rest of
  // the body edits is unknown as well, never left as it was.
  EXPECT_EQ(value_of(result, "SEEN"), "<unknown: loop at s.py:8>");
}

TEST(Settings, NarrowingOnBranches) {
  Project project;
  project.add("s.py",
              "import os\nraw = os.environ.get('FLAG')\n"
              "if raw is None:\n    FLAG = False\nelse:\n    FLAG = raw.lower() == 'yes'\n"
              "MODE = os.environ.get('MODE', 'dev')\n"
              "if MODE == 'dev':\n    M = MODE\n");
  project.add("t.py",
              "import os\nC = {'a': 1} if os.environ.get('A') else {'b': 2}\n"
              "if C['b'] == 2:\n    X = 'b'\nelse:\n    X = 'other'\n");
  const SettingsResult result = project.run("s");
  EXPECT_EQ(value_of(result, "FLAG"), "<one of: False, <unknown: env FLAG>>");
  // With {'a': 1} the test raises KeyError and the import fails: only the other path is left.
  EXPECT_EQ(value_of(project.run("t"), "X"), "'b'");
  Project removal;
  removal.add("s.py",
              "import os\nM = ['a', 'b'] if os.environ.get('B') else ['a']\nM.remove('b')\n");
  EXPECT_EQ(value_of(removal.run("s"), "M"), "['a']");
  EXPECT_EQ(value_of(result, "M").find("'dev'"), value_of(result, "M").find("'"));
}

TEST(Settings, StringFormattingOverCandidates) {
  Project project;
  project.add(
      "s.py",
      "import os\nH = os.environ.get('H', 'h')\n"
      "A = 'https://%s:%d' % (H, 443)\nB = '%(s)s://%(h)s' % {'s': 'http', 'h': H}\n"
      "C = '{}://{}'.format('https', H)\nD = 'a.b.c'.rsplit('.', 1)\nE = 'a:b:c'.split(':', 1)\n"
      "F = '%%%s' % 'x'\n");
  const SettingsResult result = project.run("s");
  EXPECT_EQ(value_of(result, "A"), "<one of: 'https://h:443', <unknown: env H>>");
  EXPECT_EQ(value_of(result, "B"), "<one of: 'http://h', <unknown: env H>>");
  EXPECT_EQ(value_of(result, "C"), "<one of: 'https://h', <unknown: env H>>");
  EXPECT_EQ(value_of(result, "D"), "['a.b', 'c']");
  EXPECT_EQ(value_of(result, "E"), "['a', 'b:c']");
  EXPECT_EQ(value_of(result, "F"), "'%x'");
}

TEST(Settings, ContainerEdits) {
  Project project;
  project.add("s.py",
              "import os\nM = ['a', 'd']\nM[1:1] = ['b', 'c']\n"
              "BASE = {'ENGINE': 'pg', 'PORT': 5432}\nD = dict(BASE, NAME='n')\n"
              "DB = {'default': {'HOST': os.environ.get('H', 'h')}}\n"
              "DB['default'].setdefault('OPTIONS', {})['timeout'] = 5\n"
              "SET = 'SSL_OFF' not in os.environ\n"
              "L = [os.environ.get('X', 'x')] + ['y']\n"
              "R = list(map(lambda p: p + '/', ['a', 'b']))\nK = list(filter(None, ['', 'k']))\n"
              "DB.get('default')['X'] = 1\n"
              "U = {'a': 1}\nU[os.environ.get('K')] = 2\n");
  const SettingsResult unknown = project.run("s");
  EXPECT_EQ(value_of(unknown, "M"), "['a', 'b', 'c', 'd']");
  EXPECT_EQ(value_of(unknown, "D"), "{'ENGINE': 'pg', 'PORT': 5432, 'NAME': 'n'}");
  EXPECT_EQ(value_of(unknown, "L"), "[<one of: 'x', <unknown: env X>>, 'y']");
  EXPECT_EQ(value_of(unknown, "R"), "['a/', 'b/']");
  EXPECT_EQ(value_of(unknown, "K"), "['k']");
  EXPECT_EQ(value_of(unknown, "SET"), "<unknown: env SSL_OFF>");
  // An edit through a method's result is not followed: the dict it started from is unknown.
  EXPECT_EQ(value_of(unknown, "DB").rfind("<unknown: item assignment", 0), 0u);
  EXPECT_EQ(value_of(unknown, "U").rfind("<unknown: ", 0), 0u);
  Environment given;
  given.complete = true;
  given.variables = {{"SSL_OFF", "1"}};
  EXPECT_EQ(value_of(project.run("s", given), "SET"), "False");
}

TEST(Settings, ItemAssignmentIntoCandidates) {
  Project project;
  project.add("s.py",
              "import os, environ\nenv = environ.Env()\n"
              "DATABASES = {'default': env.db('DATABASE_URL', default='postgres://h/n')}\n"
              "DATABASES['default']['ATOMIC_REQUESTS'] = True\n"
              "OTHER = {'default': env.db('OTHER_URL', default='postgres://h/n')}\n"
              "OTHER['default'].setdefault('OPTIONS', {})['sslmode'] = 'require'\n");
  const SettingsResult result = project.run("s");
  const std::string value = value_of(result, "DATABASES");
  EXPECT_NE(value.find("'ATOMIC_REQUESTS': True"), std::string::npos) << value;
  EXPECT_NE(value.find("<unknown: env DATABASE_URL>"), std::string::npos) << value;
  // setdefault on alternatives is not followed: unknown rather than missing the edit.
  EXPECT_EQ(value_of(result, "OTHER").rfind("<unknown: item assignment", 0), 0u);
}

TEST(Settings, SharedContainers) {
  // Python shares the object: an edit through one name shows in the other.
  Project project;
  project.add("s.py",
              "DATABASES = {'default': {'HOST': 'a'}, 'replica': {'HOST': 'b'}}\n"
              "db = DATABASES['default']\ndb['HOST'] = 'x'\n"
              "for conf in DATABASES.values():\n    conf['CONN_MAX_AGE'] = 60\n"
              "for name, conf in DATABASES.items():\n"
              "    conf.setdefault('OPTIONS', {})['app'] = name\n"
              "MIDDLEWARE = ['a']\nBASE = MIDDLEWARE\nBASE.append('b')\nMIDDLEWARE += ['c']\n"
              "DEFAULT = {'ENGINE': 'pg'}\nDBS = {'default': DEFAULT}\nDEFAULT['HOST'] = 'h'\n"
              "DBS['default']['PORT'] = 1\n"
              "GROUPS = [['x']]\nfor group in GROUPS:\n    group.append('y')\n"
              "OPTIONS = {'db': {'a': 1}}\nopts = OPTIONS['db']\nopts |= {'b': 2}\n");
  const SettingsResult result = project.run("s");
  EXPECT_EQ(value_of(result, "DATABASES"),
            "{'default': {'HOST': 'x', 'CONN_MAX_AGE': 60, 'OPTIONS': {'app': 'default'}}, "
            "'replica': {'HOST': 'b', 'CONN_MAX_AGE': 60, 'OPTIONS': {'app': 'replica'}}}");
  EXPECT_EQ(value_of(result, "MIDDLEWARE"), "['a', 'b', 'c']");
  EXPECT_EQ(value_of(result, "BASE"), "['a', 'b', 'c']");
  EXPECT_EQ(value_of(result, "DBS"), "{'default': {'ENGINE': 'pg', 'HOST': 'h', 'PORT': 1}}");
  EXPECT_EQ(value_of(result, "DEFAULT"), "{'ENGINE': 'pg', 'HOST': 'h', 'PORT': 1}");
  EXPECT_EQ(value_of(result, "GROUPS"), "[['x', 'y']]");
  EXPECT_EQ(value_of(result, "OPTIONS"), "{'db': {'a': 1, 'b': 2}}");
  // Rebinding ends the sharing.
  Project rebound;
  rebound.add("s.py", "A = ['a']\nB = A\nB = ['z']\nB.append('b')\n");
  EXPECT_EQ(value_of(rebound.run("s"), "A"), "['a']");
}

TEST(Settings, ConfigurationFilesCountWhenShipped) {
  // decouple reads a settings.ini or .env from the module's folder up (the environment first);
  // its values count when the deployment ships the file, else they only may. environ's
  // read_env loads the .env next to the module; its contents are not read: a variable the given
  // environment lacks is unknown, not its default.
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("preflight-settings-" + std::to_string(::getpid()));
  fs::create_directories(root / "app");
  Project project;
  project.add("app/__init__.py", "");
  project.add(
      "app/settings.py",
      "import environ\nfrom decouple import config\n"
      "DEBUG = config('DEBUG', default=False, cast=bool)\nHOSTS = config('HOSTS', default='x')\n"
      "NAME = config('NAME')\nPORT = config('PORT', default=1, cast=int)\n"
      "environ.Env.read_env()\nFLAG = environ.Env().bool('FLAG', default=False)\n");
  Environment given;
  given.complete = true;
  given.variables = {{"HOSTS", "y"}, {"NAME", "n"}};
  const SettingsResult without = project.run("app.settings", given, root.string());
  EXPECT_EQ(value_of(without, "DEBUG"), "False");
  EXPECT_EQ(value_of(without, "FLAG"), "False");
  std::ofstream(root / "app" / ".env")
      << "# local\nDEBUG=on\nHOSTS=z\n export PORT = '8000' \nNAME\n";
  // Not known to be shipped: the file's value or the default.
  const SettingsResult with = project.run("app.settings", given, root.string());
  EXPECT_EQ(value_of(with, "DEBUG"), "<one of: True, False>");
  EXPECT_EQ(value_of(with, "HOSTS"), "'y'");  // os.environ wins over the file
  EXPECT_EQ(value_of(with, "PORT"), "1");     // the key is "export PORT"
  EXPECT_NE(value_of(with, "FLAG").find("unknown: env FLAG"), std::string::npos);
  // Shipped: the file's value, unless the environment (not given) may set it.
  EvaluationOptions options;
  options.environment = given;
  options.file_root = root.string();
  options.shipped = [](const std::string& path) { return path == "app/.env"; };
  EXPECT_EQ(value_of(evaluate_settings(project.sources, "app.settings", options), "DEBUG"), "True");
  options.environment.complete = false;
  const std::string open =
      value_of(evaluate_settings(project.sources, "app.settings", options), "DEBUG");
  EXPECT_NE(open.find("True"), std::string::npos) << open;
  EXPECT_NE(open.find("env DEBUG"), std::string::npos) << open;
  EXPECT_EQ(open.find("False"), std::string::npos) << open;  // the default no longer applies
  // settings.ini comes first in a folder: configparser's [settings], keys in any case.
  std::ofstream(root / "app" / "settings.ini")
      << "[DEFAULT]\nport = 9\n[settings]\nDebug: off\nhosts = %(port)s\n";
  options.environment.complete = true;
  options.shipped = [](const std::string& path) { return path == "app/settings.ini"; };
  const SettingsResult ini = evaluate_settings(project.sources, "app.settings", options);
  EXPECT_EQ(value_of(ini, "DEBUG"), "False");
  EXPECT_EQ(value_of(ini, "PORT"), "9");
  EXPECT_EQ(value_of(ini, "HOSTS"), "'y'");
  fs::remove_all(root);
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
