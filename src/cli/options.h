// The parsed command line, free of the parser library so that commands and tests stay light.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/rule_info.h"
#include "core/selection.h"
#include "report/reporter.h"

namespace preflight::cli {

enum class Command {
  Check,
  Rules,
  Explain,
  RuleDocs,
  DebugAst,
  DebugMigrations,
  DebugModels,
  DebugUrls,
  Settings,
  Version
};

// `--env KEY=VALUE` and `--env-file FILE`: the environment settings modules are evaluated under;
// giving any means the whole environment is given.
struct EnvironmentOptions {
  std::vector<std::string> env;
  std::vector<std::string> env_files;
  bool given() const { return !env.empty() || !env_files.empty(); }
};

struct CheckOptions {
  std::vector<std::string> paths;
  SelectionLayer selection;
  report::Format format = report::Format::Text;
  std::optional<std::string> output;
  std::optional<std::string> config;
  bool no_color = false;
  bool quiet = false;
  bool statistics = false;
  bool exit_zero = false;
  std::optional<Severity> fail_on;
  unsigned jobs = 0;  // 0: one per core
  bool all_files = false;
  bool show_files = false;                    // list the files that would be checked, then stop
  std::optional<std::string> django_version;  // "MAJOR.MINOR", over config and requirements
  EnvironmentOptions environment;
};

// `preflight debug ast FILE... [--attributes]`: CPython's ast.dump of each file.
struct DebugAstOptions {
  std::vector<std::string> files;
  bool attributes = false;
};

// `preflight debug urls PATH --urlconf MODULE`: the resolved URL configuration as JSON.
struct DebugUrlsOptions {
  std::string path;
  std::string urlconf;
};

// `preflight settings PATH --module M [--env KEY=VALUE ...] [--env-file FILE ...]
// [--format text|json]`.
struct SettingsOptions {
  std::string path;
  std::string module;
  EnvironmentOptions environment;
  bool json = false;
};

struct Options {
  Command command = Command::Check;
  CheckOptions check;
  std::string code;      // explain
  std::string docs_dir;  // debug rule-docs
  DebugAstOptions debug_ast;
  std::string debug_models_path;      // debug models
  std::string debug_migrations_path;  // debug migrations
  DebugUrlsOptions debug_urls;
  bool rules_json = false;  // rules --format json
  SettingsOptions settings;
};

// Exit codes, as ruff and flake8 use them.
constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

// The outcome of parsing: options to run, or an exit with text already printed (help, errors).
struct ParseResult {
  std::optional<Options> options;
  int exit_code = kExitClean;
};

ParseResult parse_arguments(int argc, const char* const* argv);

int run_check(const CheckOptions& options);
int run_rules(bool json);
int run_explain(const std::string& code);
int run_rule_docs(const std::string& directory);
int run_debug_ast(const DebugAstOptions& options);
int run_debug_models(const std::string& path);
int run_debug_migrations(const std::string& path);
int run_debug_urls(const DebugUrlsOptions& options);
int run_settings(const SettingsOptions& options);

}  // namespace preflight::cli
