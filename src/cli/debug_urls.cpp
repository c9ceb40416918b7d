// `preflight debug urls PATH --urlconf MODULE`: the statically resolved URL configuration as JSON,
// every route with its regex, a sample path, view, name, health verdict and view facts.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/options.h"
#include "cli/project_config.h"
#include "core/config.h"
#include "django/urls/urls.h"
#include "project/project.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json optional_list(const std::optional<std::vector<std::string>>& list) {
  return list ? json(*list) : json(nullptr);
}

std::string at(const Span& span, const SourceMap& sources, const fs::path& root) {
  return display_path(sources.file(span.file).path(), root) + ":" + std::to_string(span.start.line);
}

}  // namespace

int run_debug_urls(const DebugUrlsOptions& options) {
  std::error_code ec;
  const fs::path path = fs::absolute(options.path, ec).lexically_normal();
  if (ec || !fs::exists(path, ec)) {
    std::cerr << "preflight: error: path '" << options.path << "' does not exist\n";
    return kExitError;
  }
  const std::optional<Config> loaded = config_for(path);
  if (!loaded) return kExitError;
  SourceMap sources;
  project::LoadOptions load;
  load.jobs = std::max(1u, std::thread::hardware_concurrency());
  const project::Project project = project::load_project(path, *loaded, sources, load);
  const django::urls::UrlConf conf = django::urls::resolve_urls(
      project.module_sources(), options.urlconf, project.model_options().django_version);

  json routes = json::array();
  for (const django::urls::Route& route : conf.routes) {
    json chain = json::array();
    for (const Span& span : route.include_chain) chain.push_back(at(span, sources, project.root()));
    const django::urls::ViewFacts& facts = route.facts;
    routes.push_back({{"route", route.route},
                      {"regex", route.regex},
                      {"example_path", route.example_path},
                      {"shadowed_by", route.shadowed_by},
                      {"view", route.view},
                      {"name", route.name},
                      {"at", at(route.span, sources, project.root())},
                      {"include_chain", chain},
                      {"conditional", route.conditional},
                      {"opaque", route.opaque},
                      {"is_health", route.is_health},
                      {"health_reason", route.health_reason},
                      {"facts",
                       {{"is_class", facts.is_class},
                        {"in_project", facts.in_project},
                        {"url_wrappers", facts.url_wrappers},
                        {"decorators", facts.decorators},
                        {"method_decorators", facts.method_decorators},
                        {"bases", facts.bases},
                        {"permission_classes", optional_list(facts.permission_classes)},
                        {"authentication_classes", optional_list(facts.authentication_classes)}}}});
  }
  std::cout << json{{"root", conf.root},
                    {"found", conf.found},
                    {"complete", conf.complete},
                    {"notes", conf.notes},
                    {"routes", routes}}
                   .dump(2)
            << "\n";
  return conf.found ? kExitClean : kExitError;
}

}  // namespace preflight::cli
