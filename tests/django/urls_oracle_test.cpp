// The URL resolver against real Django: each fixture project under tests/django/urls_oracle/ is
// resolved statically by resolve_urls and imported by /usr/bin/python3 with Debian's Django 3.2
// (dump_urls.py walks get_resolver()). The route lists must be equal (pattern text, joined regex,
// view, namespaced name, admin sites as one opaque entry); a route preflight marks conditional
// may be absent from Django (its condition was false there). Each example path preflight builds
// must resolve, in Django, to the same view and name.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "django/urls/urls.h"
#include "python/parser.h"
#include "support/parsed_project.h"

namespace preflight::django::urls {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ParsedProject;

const std::string kRoot = std::string(PREFLIGHT_SOURCE_DIR) + "/tests/django/urls_oracle";

std::string quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::optional<std::string> run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

bool under_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

json route_json(const Route& route) {
  return {{"route", route.route},
          {"regex", route.regex},
          {"view", route.view},
          {"name", route.name},
          {"opaque", route.opaque}};
}

TEST(UrlsOracle, RoutesMatchDjango) {
  if (!run("/usr/bin/python3 -c 'import django' 2>&1")) {
    if (under_ci()) FAIL() << "CI=true but /usr/bin/python3 cannot import django";
    GTEST_SKIP() << "needs /usr/bin/python3 with Debian's python3-django";
  }
  std::ifstream manifest_file(kRoot + "/fixtures.json");
  const json manifest = json::parse(manifest_file);
  ASSERT_GE(manifest.size(), 10u);
  int compared = 0, equal = 0, conditional_absent = 0, examples = 0, examples_equal = 0, health = 0,
      shadowed = 0;
  for (const json& fixture : manifest) {
    const std::string dir = fixture["dir"];
    const fs::path root = fs::path(kRoot) / dir;
    const ParsedProject project(root);
    for (const ModuleSource& module : project.modules) EXPECT_TRUE(module.tree) << module.path;
    UrlConf conf =
        resolve_urls(project.modules, fixture["urlconf"].get<std::string>(), DjangoVersion{3, 2});
    const std::vector<std::string> extra = fixture["extra_health_paths"];
    mark_health_endpoints(conf, extra);
    EXPECT_TRUE(conf.found) << dir;
    for (const std::string& note : conf.notes)
      std::printf("  note: %s: %s\n", dir.c_str(), note.c_str());

    json example_paths = json::array();
    std::vector<std::string> health_routes;
    for (const Route& route : conf.routes) {
      if (!route.example_path.empty()) example_paths.push_back(route.example_path);
      if (route.is_health) {
        ++health;
        health_routes.push_back(route.route);
        std::printf("  health: %s: %s (%s)\n", dir.c_str(), route.route.c_str(),
                    route.health_reason.c_str());
      }
    }
    // The health endpoints each fixture is written to have (decided by hand, not by Django).
    EXPECT_EQ(health_routes, fixture["health"].get<std::vector<std::string>>()) << dir;
    char temp_name[] = "/tmp/preflight-urls-XXXXXX";
    const int fd = ::mkstemp(temp_name);
    ASSERT_GE(fd, 0);
    const std::string examples_text = example_paths.dump();
    ASSERT_EQ(::write(fd, examples_text.data(), examples_text.size()),
              static_cast<ssize_t>(examples_text.size()));
    ::close(fd);
    const auto real_text =
        run("env -i PATH=/usr/bin:/bin /usr/bin/python3 " + quote(kRoot + "/dump_urls.py") + " " +
            quote(root.string()) + " " + quote(fixture["settings"].get<std::string>()) + " " +
            quote(temp_name));
    ::unlink(temp_name);
    ASSERT_TRUE(real_text) << dir << ": Django could not import it";
    const json real = json::parse(*real_text);
    const json& real_routes = real["routes"];

    std::size_t next = 0;
    for (const Route& route : conf.routes) {
      const json mine = route_json(route);
      if (next < real_routes.size() && real_routes[next] == mine) {
        ++compared;
        ++equal;
        ++next;
        continue;
      }
      if (route.conditional) {
        ++conditional_absent;
        std::printf("  conditional, absent in Django: %s: %s\n", dir.c_str(), mine.dump().c_str());
        continue;
      }
      ++compared;
      ADD_FAILURE() << dir << ": preflight " << mine.dump() << "\n   Django "
                    << (next < real_routes.size() ? real_routes[next].dump() : "(none)");
      if (next < real_routes.size()) ++next;
    }
    for (; next < real_routes.size(); ++next) {
      ++compared;
      ADD_FAILURE() << dir << ": Django has " << real_routes[next].dump() << ", preflight not";
    }

    // Routes whose every sample an earlier route takes (checked with Django when written).
    std::vector<std::string> shadowed_routes;
    for (const Route& route : conf.routes) {
      if (!route.shadowed_by.empty()) {
        std::printf("  shadowed: %s: %s by %s\n", dir.c_str(), route.route.c_str(),
                    route.shadowed_by.c_str());
        shadowed_routes.push_back(route.route);
        ++shadowed;
      }
    }
    EXPECT_EQ(shadowed_routes, fixture["shadowed"].get<std::vector<std::string>>()) << dir;
    for (const Route& route : conf.routes) {
      if (route.example_path.empty()) continue;
      const json& got = real["examples"][route.example_path];
      const bool present_in_django = !got.is_null();
      if (!present_in_django && route.conditional) continue;
      ++examples;
      const json expected = {{"view", route.view}, {"name", route.name}};
      if (got == expected) {
        ++examples_equal;
      } else {
        ADD_FAILURE() << dir << ": " << route.example_path << " (for " << route.route
                      << ") resolves in Django to " << got.dump() << ", preflight "
                      << expected.dump();
      }
    }
  }
  std::printf(
      "urls oracle: %d routes compared, %d equal; %d conditional routes absent in Django; %d "
      "example paths resolved, %d to the same view and name; %d health endpoints; %d routes "
      "shadowed\n",
      compared, equal, conditional_absent, examples, examples_equal, health, shadowed);
}

// `preflight debug urls` prints the same routes as JSON.
TEST(DebugUrlsCommand, PrintsRoutesAsJson) {
  const auto out = run(std::string(PREFLIGHT_BINARY) + " debug urls " +
                       quote(kRoot + "/u03_api_namespaces") + " --urlconf config.urls");
  ASSERT_TRUE(out);
  const json printed = json::parse(*out);
  EXPECT_TRUE(printed["found"].get<bool>());
  ASSERT_EQ(printed["routes"].size(), 8u);
  const json& first = printed["routes"][0];
  EXPECT_EQ(first["route"], "api/v1/tenants/current/");
  EXPECT_EQ(first["name"], "api:v1:current");
  EXPECT_EQ(first["example_path"], "/api/v1/tenants/current/");
  EXPECT_EQ(first["at"], "config/urls.py:6");
  EXPECT_EQ(first["include_chain"].size(), 2u);
  EXPECT_FALSE(run(std::string(PREFLIGHT_BINARY) + " debug urls " +
                   quote(kRoot + "/u03_api_namespaces") + " --urlconf missing.urls 2>/dev/null"));
}

}  // namespace
}  // namespace preflight::django::urls
