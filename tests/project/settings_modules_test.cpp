// Where each settings module runs (issue 6): entry-point defaults, deployment files, config, and
// discovery when nothing names a module; production-likeness.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "project/project.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;

class SettingsModules : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("preflight-settings-modules-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& content) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << content;
  }

  const project::SettingsModule* find(const std::string& name) {
    for (const auto& module : project_->settings_modules()) {
      if (module.name == name) return &module;
    }
    return nullptr;
  }

  void load(Config config = Config()) {
    config.root = root_;
    config_ = config;
    project_.emplace(project::load_project(root_, config_, sources_, project::LoadOptions{}));
  }

  fs::path root_;
  Config config_;
  SourceMap sources_;
  std::optional<project::Project> project_;
};

TEST_F(SettingsModules, EntryPointsAndDeploymentFilesNameTheModules) {
  write("manage.py",
        "import os\n\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'shop.settings.dev')\n");
  write("shop/__init__.py", "");
  write("shop/wsgi.py", "import os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'shop.settings.web'\n");
  write("shop/settings/__init__.py", "");
  write("shop/settings/base.py", "DEBUG = False\nINSTALLED_APPS = []\n");
  write("shop/settings/dev.py", "from .base import *\nDEBUG = True\n");
  write("shop/settings/web.py", "from .base import *\n");
  write("shop/settings/worker.py", "from .base import *\nimport os\nDEBUG = os.environ.get('D')\n");
  write("Dockerfile", "FROM python\nENV DJANGO_SETTINGS_MODULE=shop.settings.web\n");
  write("docker-compose.yml",
        "services:\n  worker:\n    command: celery -A shop worker\n    environment:\n"
        "      DJANGO_SETTINGS_MODULE: shop.settings.worker\n");
  write(".github/workflows/ci.yml",
        "on: push\njobs:\n  test:\n    steps:\n      - run: python manage.py test "
        "--settings=shop.settings.test\n");
  load();
  const auto* dev = find("shop.settings.dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->production, project::ProductionLike::No);
  EXPECT_EQ(dev->uses.size(), 1u);
  EXPECT_EQ(dev->uses[0].kind, project::SettingsUse::Kind::EntryPoint);

  const auto* web = find("shop.settings.web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->uses.size(), 2u);  // wsgi.py and the Dockerfile
  EXPECT_TRUE(web->named_by_deployment());
  EXPECT_EQ(web->production, project::ProductionLike::Yes);
  ASSERT_TRUE(web->file);
  EXPECT_TRUE(web->settings.found);

  const auto* worker = find("shop.settings.worker");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ(worker->production, project::ProductionLike::Yes);  // named by compose
  EXPECT_EQ(worker->uses[0].span->start.line, 5u);

  // Named by a workflow command, but not in the project.
  const auto* test = find("shop.settings.test");
  ASSERT_NE(test, nullptr);
  EXPECT_FALSE(test->settings.found);
  EXPECT_FALSE(test->file);

  // base.py runs nowhere by itself.
  EXPECT_EQ(find("shop.settings.base"), nullptr);
}

TEST_F(SettingsModules, DiscoveryTakesTheModulesNoOtherImports) {
  write("conf/__init__.py", "");
  write("conf/settings/__init__.py", "");
  write("conf/settings/common.py", "INSTALLED_APPS = ['a']\nMIDDLEWARE = []\n");
  write("conf/settings/staging.py", "from conf.settings.common import *\n");
  write("conf/settings/local.py",
        "from .common import *\nimport os\nDEBUG = os.environ.get('DEBUG') == '1'\n");
  load();
  ASSERT_EQ(project_->settings_modules().size(), 2u);
  const auto* staging = find("conf.settings.staging");
  ASSERT_NE(staging, nullptr);
  EXPECT_EQ(staging->production, project::ProductionLike::Yes);  // its name says so
  const auto* local = find("conf.settings.local");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->production, project::ProductionLike::May);  // DEBUG from the environment
}

TEST_F(SettingsModules, ConfigNamesAModule) {
  write("site/__init__.py", "");
  write("site/conf.py", "DEBUG = True\n");
  Config config;
  config.django.settings = "site.conf";
  load(config);
  ASSERT_EQ(project_->settings_modules().size(), 1u);
  EXPECT_EQ(project_->settings_modules()[0].uses[0].kind, project::SettingsUse::Kind::Config);
  // Parsed although nothing imports it and its name is no seed of the files that matter.
  EXPECT_TRUE(project_->settings_modules()[0].settings.found);
}

TEST_F(SettingsModules, ModulesNamedOnlyByDeploymentFilesAreParsed) {
  write("ops/__init__.py", "");
  write("ops/container.py", "DEBUG = False\n");
  write("Dockerfile", "FROM python\nENV DJANGO_SETTINGS_MODULE=ops.container\n");
  load();
  ASSERT_EQ(project_->settings_modules().size(), 1u);
  EXPECT_TRUE(project_->settings_modules()[0].settings.found);
}

TEST(SettingsInCommand, FindsSettingsFlagsAndVariables) {
  const auto found = project::settings_in_command(
      "DJANGO_SETTINGS_MODULE=a.prod python manage.py migrate --settings b.stage && "
      "python manage.py check --settings='c.ci' --settingsx=no");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].first, "b.stage");
  EXPECT_EQ(found[1].first, "c.ci");
  EXPECT_EQ(found[2].first, "a.prod");
}

}  // namespace
}  // namespace preflight

namespace preflight {
namespace {

TEST_F(SettingsModules, DeployedModulesSeeTheLiteralEnvironmentOfTheirContainers) {
  write("shop/__init__.py", "");
  write("shop/prod.py",
        "import os\nDEBUG = False\n"
        "ALLOWED_HOSTS = os.environ.get('HOSTS', '').split(',')\n"
        "SECRET_KEY = os.environ.get('KEY', '')\nREGION = os.environ.get('REGION', 'eu')\n");
  write("Dockerfile", "FROM python\nENV DJANGO_SETTINGS_MODULE=shop.prod REGION=us\n");
  write("compose.yaml",
        "services:\n  web:\n    build: .\n    environment:\n"
        "      DJANGO_SETTINGS_MODULE: shop.prod\n      HOSTS: a.example,b.example\n"
        "      KEY: ${KEY}\n");
  load();
  ASSERT_EQ(project_->settings_modules().size(), 1u);
  const auto& module = project_->settings_modules()[0];
  EXPECT_EQ(module.environment_from.size(), 2u);
  using django::settings::repr;
  EXPECT_EQ(repr(module.settings.find("ALLOWED_HOSTS")->value), "['a.example', 'b.example']");
  EXPECT_EQ(repr(module.settings.find("REGION")->value), "'us'");         // the image's ENV
  EXPECT_FALSE(module.settings.find("SECRET_KEY")->value.fully_known());  // ${KEY}: deploy time
}

TEST_F(SettingsModules, ComposeEnvFilesInTheRepositoryCountAndEnvironmentOverridesThem) {
  write("shop/__init__.py", "");
  write("shop/prod.py",
        "import os\nALLOWED_HOSTS = os.environ.get('HOSTS', '').split(',')\n"
        "REGION = os.environ.get('REGION', 'eu')\nTIER = os.environ.get('TIER', 'free')\n"
        "ZONE = os.environ.get('ZONE', 'a')\n");
  write("deploy/web.env",
        "# shipped with the stack\nHOSTS=a.example,b.example\nREGION=us\n"
        "ZONE=${ZONE_FROM_SHELL}\n");
  write("deploy/compose.yaml",
        "services:\n  web:\n    env_file: [web.env, server-only.env]\n    environment:\n"
        "      DJANGO_SETTINGS_MODULE: shop.prod\n      REGION: ap\n");
  load();
  ASSERT_EQ(project_->settings_modules().size(), 1u);
  const auto& module = project_->settings_modules()[0];
  using django::settings::repr;
  EXPECT_EQ(repr(module.settings.find("ALLOWED_HOSTS")->value), "['a.example', 'b.example']");
  EXPECT_EQ(repr(module.settings.find("REGION")->value), "'ap'");  // environment wins
  // server-only.env is not in the repository: what it may set stays unknown.
  EXPECT_FALSE(module.settings.find("TIER")->value.fully_known());
  EXPECT_FALSE(module.settings.find("ZONE")->value.fully_known());  // interpolated
  ASSERT_EQ(module.environment_from.size(), 1u);
  EXPECT_EQ(module.environment_from[0], "compose.yaml service `web`, env_file web.env");
}

// python-decouple's .env counts when the Dockerfile copies it into the image (issue 6); one
// .dockerignore excludes, or no COPY names, only may (candidates with the environment's value).
TEST_F(SettingsModules, DecoupleFilesCountWhenTheDockerfileShipsThem) {
  const std::string settings =
      "from decouple import config\nDEBUG = config('DEBUG', default=True, cast=bool)\n"
      "NAME = config('NAME', default='local')\n";
  write("shop/__init__.py", "");
  write("shop/settings.py", settings);
  write("shop/.env", "# committed\nDEBUG=off\nNAME='from file'\n");
  write("Dockerfile",
        "FROM python AS build\nCOPY . /src\nFROM python\nENV DJANGO_SETTINGS_MODULE=shop.settings\n"
        "COPY requirements.txt /app/\nCOPY --chown=app:app [\"shop\", \"/app/shop\"]\n");
  load();
  using django::settings::repr;
  const auto* shipped = find("shop.settings");
  ASSERT_NE(shipped, nullptr);
  // The environment is not given: it may still set DEBUG, else the file's value applies.
  const auto& debug = shipped->settings.find("DEBUG")->value;
  ASSERT_TRUE(debug.is_candidates()) << repr(debug);
  EXPECT_EQ(debug.items.size(), 2u) << repr(debug);  // the file's False, the environment's
  EXPECT_EQ(repr(debug.items[0]), "False");

  // Excluded by .dockerignore (a parent-folder pattern, then a re-include of another file):
  // the default comes back as a candidate.
  write(".dockerignore", "**/.env\n!shop/example.env\n");
  load();
  const auto& ignored = find("shop.settings")->settings.find("NAME")->value;
  ASSERT_TRUE(ignored.is_candidates()) << repr(ignored);
  EXPECT_EQ(ignored.items.size(), 3u) << repr(ignored);  // file, default, environment

  // Only the first stage copies everything: not shipped either.
  write(".dockerignore", "");
  write("Dockerfile",
        "FROM python AS build\nCOPY . /src\nFROM python\nENV DJANGO_SETTINGS_MODULE=shop.settings\n"
        "COPY --from=build /src /app\n");
  load();
  EXPECT_EQ(find("shop.settings")->settings.find("NAME")->value.items.size(), 3u);
}

TEST_F(SettingsModules, KubernetesContainersNameModulesAndGiveThemTheirEnvironment) {
  write("shop/__init__.py", "");
  write("shop/k8s.py", "import os\nALLOWED_HOSTS = [os.environ.get('HOST', 'x')]\n");
  write("deploy/web.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  template:\n    spec:\n      containers:\n        - name: app\n          env:\n"
        "            - {name: DJANGO_SETTINGS_MODULE, value: shop.k8s}\n"
        "            - {name: HOST, value: api.example.com}\n");
  load();
  ASSERT_EQ(project_->settings_modules().size(), 1u);
  const auto& module = project_->settings_modules()[0];
  EXPECT_TRUE(module.named_by_deployment());
  EXPECT_TRUE(module.settings.found);
  EXPECT_EQ(django::settings::repr(module.settings.find("ALLOWED_HOSTS")->value),
            "['api.example.com']");
}

TEST_F(SettingsModules, InstalledAppsAndTheDatabaseEngineComeFromTheSettings) {
  write("manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_conf.settings')\n");
  write("site_conf/__init__.py", "");
  write("site_conf/settings.py",
        "INSTALLED_APPS = ['shop.apps.ShopConfig']\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'NAME': 'x'}}\n");
  write("shop/__init__.py", "");
  write("shop/apps.py",
        "from django.apps import AppConfig\nclass ShopConfig(AppConfig):\n"
        "    name = 'shop'\n");
  write("shop/models.py", "from django.db import models\nclass Order(models.Model):\n    pass\n");
  write("legacy/__init__.py", "");
  write("legacy/models.py", "from django.db import models\nclass Old(models.Model):\n    pass\n");
  load();
  const auto& models = project_->django().models;
  ASSERT_EQ(models.size(), 2u);
  for (const auto& model : models) {
    EXPECT_EQ(model.app_installed, model.app_label == "shop") << model.label();
  }
  EXPECT_EQ(project_->model_options().max_name_length, 64);  // MySQL
}

}  // namespace
}  // namespace preflight
