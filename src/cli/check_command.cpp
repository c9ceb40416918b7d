// `preflight check`: configuration, discovery, rules, filtering, report.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <system_error>

#include "cli/environment_options.h"
#include "cli/options.h"
#include "cli/output_file.h"
#include "core/config.h"
#include "core/glob.h"
#include "core/selection.h"
#include "core/suppression.h"
#include "project/project.h"
#include "rules/registry.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;

int usage_error(const std::string& message) {
  std::cerr << "preflight: error: " << message << "\n";
  return kExitError;
}

// Loads each configuration file once, however many paths share it.
class ConfigCache {
 public:
  explicit ConfigCache(const RuleCatalog& catalog) : catalog_(catalog) {}

  const Config& for_file(const fs::path& file) {
    auto it = by_file_.find(file);
    if (it == by_file_.end()) {
      it = by_file_.emplace(file, std::make_unique<Config>(load_config(file, catalog_))).first;
    }
    return *it->second;
  }

  const Config& defaults(const fs::path& root) {
    auto it = defaults_.find(root);
    if (it == defaults_.end()) {
      auto config = std::make_unique<Config>();
      config->root = root;
      it = defaults_.emplace(root, std::move(config)).first;
    }
    return *it->second;
  }

 private:
  const RuleCatalog& catalog_;
  std::map<fs::path, std::unique_ptr<Config>> by_file_;
  std::map<fs::path, std::unique_ptr<Config>> defaults_;
};

std::optional<std::string> first_unknown_selector(const std::vector<std::string>& selectors,
                                                  const RuleCatalog& catalog) {
  for (const std::string& selector : selectors) {
    if (!catalog.is_selector(selector)) return selector;
  }
  return std::nullopt;
}

bool per_file_ignored(const Config& config, const fs::path& path, std::string_view code) {
  if (config.per_file_ignores.empty()) return false;
  const std::string relative = display_path(path, config.root);
  for (const PerFileIgnore& entry : config.per_file_ignores) {
    if (!glob_match(entry.pattern, relative)) continue;
    for (const std::string& selector : entry.selectors) {
      if (selector_matches(selector, code)) return true;
    }
  }
  return false;
}

// Drops what `# noqa` comments and per-file-ignores suppress. Comments are scanned once per file,
// and only in files that have findings.
std::vector<Diagnostic> filter_suppressed(std::vector<Diagnostic> diagnostics,
                                          const SourceMap& sources, const Config& config) {
  std::map<FileId, Suppressions> by_file;
  std::vector<Diagnostic> kept;
  for (Diagnostic& d : diagnostics) {
    const SourceFile& file = sources.file(d.span.file);
    if (per_file_ignored(config, file.path(), d.rule->code)) continue;
    auto it = by_file.find(d.span.file);
    if (it == by_file.end()) it = by_file.emplace(d.span.file, Suppressions::scan(file)).first;
    if (it->second.suppresses(d.span.start.line, d.rule->code)) continue;
    kept.push_back(std::move(d));
  }
  return kept;
}

bool use_color(const CheckOptions& options) {
  if (options.no_color || options.output) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return isatty(fileno(stdout)) != 0;
}

void write_report(const report::ReportInput& input, const CheckOptions& options,
                  std::ostream& out) {
  using report::Format;
  switch (options.format) {
    case Format::Text:
      report::write_text(
          input, report::TextOptions{use_color(options), options.quiet, options.statistics}, out);
      break;
    case Format::Json:
      report::write_json(input, out);
      break;
    case Format::Sarif:
      report::write_sarif(input, out);
      break;
    case Format::Github:
      report::write_github(input, out);
      break;
    case Format::Markdown:
      report::write_markdown(input, out);
      break;
    case Format::Junit:
      report::write_junit(input, out);
      break;
  }
}

}  // namespace

int run_check(const CheckOptions& options) {
  const RuleCatalog catalog = rules::catalog();
  for (const auto* list : {&options.selection.extend_select, &options.selection.ignore}) {
    if (auto bad = first_unknown_selector(*list, catalog)) {
      return usage_error("unknown rule code or prefix '" + *bad + "'");
    }
  }
  if (options.selection.select) {
    if (auto bad = first_unknown_selector(*options.selection.select, catalog)) {
      return usage_error("unknown rule code or prefix '" + *bad + "'");
    }
  }

  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  ConfigCache configs(catalog);
  const Config* explicit_config = nullptr;
  try {
    if (options.config) {
      if (!fs::is_regular_file(*options.config, ec)) {
        return usage_error("configuration file '" + *options.config + "' does not exist");
      }
      explicit_config = &configs.for_file(fs::absolute(*options.config).lexically_normal());
    }
  } catch (const ConfigError& error) {
    return usage_error(error.what());
  }

  const std::optional<django::settings::Environment> environment =
      load_environment(options.environment);
  if (!environment) return kExitError;

  SourceMap sources;
  std::vector<Diagnostic> diagnostics;
  std::optional<Severity> config_fail_on;
  std::set<std::tuple<std::string, Position, std::string_view, std::string>> seen;
  for (const std::string& path_text : options.paths) {
    const fs::path path = fs::absolute(path_text, ec).lexically_normal();
    if (ec || !fs::exists(path, ec)) {
      return usage_error("path '" + path_text + "' does not exist");
    }
    const Config* config = explicit_config;
    try {
      if (config == nullptr) {
        if (auto file = find_config(path)) {
          config = &configs.for_file(*file);
        } else {
          config = &configs.defaults(fs::is_directory(path) ? path : path.parent_path());
        }
      }
    } catch (const ConfigError& error) {
      return usage_error(error.what());
    }
    if (config->fail_on) config_fail_on = config->fail_on;

    std::vector<SelectionLayer> layers;
    layers.push_back(SelectionLayer{config->select, config->extend_select, config->ignore});
    layers.push_back(options.selection);
    const CodeSelection selection(layers);

    project::LoadOptions load;
    load.all_files = options.all_files;
    load.jobs = options.jobs;
    load.django_version = options.django_version;
    load.environment = *environment;
    const project::Project project = project::load_project(path, *config, sources, load);
    if (options.show_files) {
      for (const project::ProjectFile& file : project.files()) {
        std::cout << display_path(sources.file(file.id).path(), cwd) << "\n";
      }
      for (const project::SkippedProjectFile& file : project.skipped()) {
        std::cout << display_path(sources.file(file.id).path(), cwd) << "\n";
      }
      continue;
    }
    std::vector<Diagnostic> found =
        rules::run_rules(project, [&](std::string_view code) { return selection.enabled(code); });
    for (Diagnostic& d : filter_suppressed(std::move(found), sources, *config)) {
      // Overlapping PATH arguments must not report a finding twice.
      auto key = std::make_tuple(sources.file(d.span.file).path().generic_string(), d.span.start,
                                 d.rule->code, d.message);
      if (seen.insert(std::move(key)).second) diagnostics.push_back(std::move(d));
    }
  }
  if (options.show_files) return kExitClean;
  sort_diagnostics(diagnostics, sources);

  const report::ReportInput input{sources, diagnostics, catalog, cwd, PREFLIGHT_VERSION};
  if (options.output) {
    std::ostringstream buffer;
    write_report(input, options, buffer);
    if (auto error = write_file_atomically(*options.output, buffer.str())) {
      return usage_error("cannot write '" + *options.output + "': " + *error);
    }
  } else {
    write_report(input, options, std::cout);
    std::cout.flush();
  }

  const Severity fail_on = options.fail_on.value_or(config_fail_on.value_or(Severity::Warning));
  if (options.exit_zero) return kExitClean;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity >= fail_on) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace preflight::cli
