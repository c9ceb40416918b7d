// Oracle for the rules that reproduce `manage.py check --deploy` (PF310-PF333): real Django 3.2
// (Debian's python3-django under /usr/bin/python3) runs on each fixture project of
// tests/settings_rules/deploy_check_oracle/, and the security check ids it prints must equal the
// ids of preflight's findings, project by project. Newer versions are covered by hand-written
// expectations below, labelled as such.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "run_preflight.h"

namespace preflight::testing {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& django_ids() {
  static const std::map<std::string, std::string> ids = {
      {"PF310", "security.W001"}, {"PF311", "security.W002"}, {"PF312", "security.W003"},
      {"PF313", "security.W004"}, {"PF314", "security.W005"}, {"PF315", "security.W006"},
      {"PF316", "security.W008"}, {"PF317", "security.W009"}, {"PF318", "security.W010"},
      {"PF319", "security.W011"}, {"PF320", "security.W012"}, {"PF321", "security.W013"},
      {"PF322", "security.W014"}, {"PF323", "security.W015"}, {"PF324", "security.W016"},
      {"PF325", "security.W018"}, {"PF326", "security.W019"}, {"PF327", "security.W020"},
      {"PF328", "security.W021"}, {"PF329", "security.W022"}, {"PF330", "security.E023"},
      {"PF331", "security.E024"}, {"PF332", "security.W025"}, {"PF333", "security.E100"},
  };
  return ids;
}

std::string selected_codes() {
  std::string codes;
  for (const auto& [code, id] : django_ids()) codes += (codes.empty() ? "" : ",") + code;
  return codes;
}

// Runs a shell command, returning what it prints on stdout and stderr.
std::string run_shell(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

bool django_available() {
  if (!fs::exists("/usr/bin/python3")) return false;
  return std::system("/usr/bin/python3 -c 'import django' >/dev/null 2>&1") == 0;
}

// KEY=VALUE lines of the project's oracle.env, as a shell prefix for `env -i`.
std::string environment_prefix(const fs::path& env_file) {
  std::istringstream lines(read_file(env_file));
  std::string line;
  std::string prefix;
  while (std::getline(lines, line)) {
    if (!line.empty()) prefix += " " + shell_quote(line);
  }
  return prefix;
}

std::set<std::string> django_reports(const fs::path& project) {
  // A fixed environment: nothing from the test's own environment reaches the settings, and no
  // __pycache__ is written into the source tree.
  const std::string command =
      "cd " + shell_quote(project.string()) +
      " && env -i PATH=/usr/bin:/bin HOME=/tmp PYTHONDONTWRITEBYTECODE=1 LANG=C.UTF-8" +
      environment_prefix(project / "oracle.env") +
      " /usr/bin/python3 manage.py check --deploy --fail-level WARNING";
  const std::string output = run_shell(command);
  static const std::regex id(R"(\((security\.[EW]\d{3})\))");
  std::set<std::string> ids;
  for (std::sregex_iterator it(output.begin(), output.end(), id), end; it != end; ++it) {
    ids.insert((*it)[1]);
  }
  // Django ran the checks (a settings error would print a traceback instead).
  EXPECT_NE(output.find(ids.empty() ? "System check identified no issues"
                                    : "System check identified some issues"),
            std::string::npos)
      << project << ": unexpected Django output:\n"
      << output;
  return ids;
}

std::set<std::string> preflight_reports(const fs::path& project, const std::string& django_version,
                                        const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"check",          project.string(),   "--select",
                                   selected_codes(), "--format",         "json",
                                   "--exit-zero",    "--django-version", django_version};
  args.insert(args.end(), extra.begin(), extra.end());
  const RunResult result = run_preflight(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::set<std::string> ids;
  // Kept in a variable: a range-for over a member of a temporary would dangle.
  const nlohmann::json report = nlohmann::json::parse(result.out);
  for (const auto& finding : report["findings"]) {
    const auto it = django_ids().find(finding["code"].get<std::string>());
    if (it != django_ids().end()) ids.insert(it->second);
  }
  return ids;
}

std::string joined(const std::set<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "(none)" : out;
}

TEST(DeployCheckOracle, PreflightEqualsDjango32CheckDeployOnEveryProject) {
  if (!django_available()) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") {
      FAIL() << "CI=true but /usr/bin/python3 with Django is missing: the oracle must run";
    }
    GTEST_SKIP() << "/usr/bin/python3 with Django (python3-django) is not installed";
  }
  const fs::path root = fs::path(PREFLIGHT_SOURCE_DIR) / "tests/settings_rules/deploy_check_oracle";
  std::set<fs::path> projects;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) projects.insert(entry.path());
  }
  ASSERT_GE(projects.size(), 8u);
  std::size_t compared = 0;
  std::size_t equal = 0;
  std::set<std::string> seen;
  for (const fs::path& project : projects) {
    SCOPED_TRACE(project.filename().string());
    const std::set<std::string> django = django_reports(project);
    const std::set<std::string> preflight =
        preflight_reports(project, "3.2", {"--env-file", (project / "oracle.env").string()});
    compared += django.size();
    seen.insert(django.begin(), django.end());
    EXPECT_EQ(preflight, django) << "Django: " << joined(django)
                                 << "\npreflight: " << joined(preflight);
    if (preflight == django) ++equal;
  }
  std::cout << "[ oracle   ] " << projects.size() << " projects, " << compared
            << " check ids from Django (" << seen.size() << " distinct), " << equal
            << " projects equal\n";
  // Every id Django 3.2 has, except the ones no fixture can trigger on 3.2 (E024, W025).
  EXPECT_EQ(seen.size(), django_ids().size() - 2) << joined(seen);
}

// Hand-written expectations for Django versions newer than 3.2 (which is the only one installed):
// small projects written at test time, checked against what Django 4.2's source says.
class HandWritten : public ::testing::Test {
 protected:
  std::set<std::string> ids(const std::string& settings_tail, const std::string& version) {
    TempDir project;
    project.write("manage.py",
                  "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", "
                  "\"shop.settings.production\")\n");
    project.write("shop/__init__.py", "");
    project.write("shop/settings/__init__.py", "");
    project.write("shop/settings/production.py",
                  "import os\n"
                  "SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n"
                  "DEBUG = False\n"
                  "ALLOWED_HOSTS = [\"shop.example.com\"]\n"
                  "INSTALLED_APPS = [\"django.contrib.sessions\"]\n"
                  "MIDDLEWARE = [\n"
                  "    \"django.middleware.security.SecurityMiddleware\",\n"
                  "    \"django.contrib.sessions.middleware.SessionMiddleware\",\n"
                  "    \"django.middleware.csrf.CsrfViewMiddleware\",\n"
                  "    \"django.middleware.clickjacking.XFrameOptionsMiddleware\",\n"
                  "]\n"
                  "SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")\n"
                  "SECURE_SSL_REDIRECT = True\n"
                  "SECURE_HSTS_SECONDS = 31536000\n"
                  "SECURE_HSTS_INCLUDE_SUBDOMAINS = True\n"
                  "SECURE_HSTS_PRELOAD = True\n"
                  "CSRF_COOKIE_SECURE = True\n" +
                      settings_tail);
    return preflight_reports(project.path(), version);
  }
};

TEST_F(HandWritten, Django42_W025_WeakSecretKeyFallback) {
  const std::string tail =
      "SESSION_COOKIE_SECURE = True\nSECRET_KEY_FALLBACKS = [\"previous-key\"]\n";
  EXPECT_EQ(ids(tail, "4.2"), std::set<std::string>{"security.W025"});
  EXPECT_EQ(ids(tail, "5.1"), std::set<std::string>{"security.W025"});
  EXPECT_TRUE(ids(tail, "3.2").empty());  // no SECRET_KEY_FALLBACKS before 4.1, no W025
}

TEST_F(HandWritten, Django42_E024_InvalidCrossOriginOpenerPolicy) {
  const std::string tail =
      "SESSION_COOKIE_SECURE = True\nSECURE_CROSS_ORIGIN_OPENER_POLICY = \"same_origin\"\n";
  EXPECT_EQ(ids(tail, "4.2"), std::set<std::string>{"security.E024"});
  EXPECT_TRUE(ids("SESSION_COOKIE_SECURE = True\nSECURE_CROSS_ORIGIN_OPENER_POLICY = None\n", "4.2")
                  .empty());
  EXPECT_TRUE(ids(tail, "3.2").empty());  // the setting and E024 are new in 4.0
}

TEST_F(HandWritten, Django42_W012_TruthyStringIsNotTrue) {
  // 3.2 tests `not SESSION_COOKIE_SECURE`; 4.x `is not True` (research §8).
  const std::string tail = "SESSION_COOKIE_SECURE = \"yes\"\n";
  EXPECT_EQ(ids(tail, "4.2"), std::set<std::string>{"security.W012"});
  EXPECT_TRUE(ids(tail, "3.2").empty());
}

TEST_F(HandWritten, Django42_E100_IsGoneAfter32) {
  const std::string tail = "SESSION_COOKIE_SECURE = True\nDEFAULT_HASHING_ALGORITHM = \"md5\"\n";
  EXPECT_EQ(ids(tail, "3.2"), std::set<std::string>{"security.E100"});
  EXPECT_TRUE(ids(tail, "4.2").empty());
}

}  // namespace
}  // namespace preflight::testing
