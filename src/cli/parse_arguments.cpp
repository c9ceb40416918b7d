// The only file that includes CLI11 (a heavy header; DESIGN.md toolchain facts).
#include <CLI/CLI.hpp>

#include <iostream>
#include <set>
#include <string_view>
#include <thread>

#include "cli/options.h"

namespace preflight::cli {
namespace {

// "--select PF1,PF2 --select PF3" -> {PF1, PF2, PF3}; blanks are dropped.
std::vector<std::string> split_codes(const std::vector<std::string>& values) {
  std::vector<std::string> codes;
  for (const std::string& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string code = value.substr(start, comma - start);
      code.erase(0, code.find_first_not_of(" \t"));
      code.erase(code.find_last_not_of(" \t") + 1);
      if (!code.empty()) codes.push_back(code);
      start = comma + 1;
    }
  }
  return codes;
}

// List flags take one comma-separated value per occurrence (`--select A,B --select C`), so that
// a following PATH is never swallowed as a code.
void add_environment_options(CLI::App& app, EnvironmentOptions& environment) {
  app.add_option("--env", environment.env,
                 "KEY=VALUE the settings see (repeatable; any --env or --env-file means the "
                 "whole environment is given)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  app.add_option("--env-file", environment.env_files,
                 "A .env file of KEY=VALUE lines the settings see (repeatable; --env wins)")
      ->type_name("FILE")
      ->allow_extra_args(false);
}

std::optional<std::string> check_environment_options(const EnvironmentOptions& environment) {
  for (const std::string& assignment : environment.env) {
    const std::size_t equal = assignment.find('=');
    if (equal == std::string::npos || equal == 0) {
      // Only the name part is echoed: the rest may be a secret.
      return "--env takes KEY=VALUE, found '" + assignment.substr(0, equal) + "' without '='";
    }
  }
  return std::nullopt;
}

void add_check_flags(CLI::App& app, CheckOptions& check, std::vector<std::string>& select,
                     std::vector<std::string>& extend_select, std::vector<std::string>& ignore,
                     std::string& format, std::string& fail_on) {
  app.add_option("paths", check.paths, "Files or directories to check (default: .)");
  app.add_option("--select", select, "Enable only these codes or prefixes (comma-separated)")
      ->type_name("CODES")
      ->allow_extra_args(false);
  app.add_option("--extend-select", extend_select, "Enable these codes or prefixes as well")
      ->type_name("CODES")
      ->allow_extra_args(false);
  app.add_option("--ignore", ignore, "Disable these codes or prefixes")
      ->type_name("CODES")
      ->allow_extra_args(false);
  app.add_option("--format", format, "Output format: text, json, sarif, github, markdown, junit")
      ->type_name("FORMAT");
  app.add_option("--output", check.output, "Write the report to FILE instead of stdout")
      ->type_name("FILE");
  app.add_option("--config", check.config,
                 "Use this preflight.toml or pyproject.toml; turns configuration discovery off")
      ->type_name("FILE");
  app.add_flag("--no-color", check.no_color, "No colours (also when NO_COLOR is set)");
  app.add_flag("-q,--quiet", check.quiet, "Print findings only, one line each");
  app.add_flag("--statistics", check.statistics, "Print a count per rule instead of findings");
  app.add_flag("--exit-zero", check.exit_zero, "Exit 0 even when there are findings");
  app.add_option("--fail-on", fail_on,
                 "Lowest severity that makes the exit code 1: error, warning (default), info")
      ->type_name("SEVERITY");
  app.add_option("-j,--jobs", check.jobs, "Threads to read and parse with (default: cores)")
      ->type_name("N");
  app.add_flag("--all-files", check.all_files,
               "Parse every file of a known kind, not only those that matter");
  app.add_flag("--show-files", check.show_files,
               "List the files that would be checked (read or skipped), then exit");
  add_environment_options(app, check.environment);
  app.add_option("--django-version", check.django_version,
                 "Django version to check against, MAJOR.MINOR (default: configuration, then "
                 "requirements, then 4.2)")
      ->type_name("X.Y");
}

bool is_django_version(const std::string& text) {
  const std::size_t dot = text.find('.');
  auto digits = [](std::string_view part) {
    return !part.empty() && part.size() <= 3 &&
           part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return dot != std::string::npos && digits(std::string_view(text).substr(0, dot)) &&
         digits(std::string_view(text).substr(dot + 1));
}

// One line naming what is wrong, as the issue asks: "preflight: error: ...".
int usage_error(const std::string& message) {
  std::cerr << "preflight: error: " << message << "\n";
  return kExitError;
}

}  // namespace

ParseResult parse_arguments(int argc, const char* const* argv) {
  // `preflight PATH` and `preflight --select X PATH` mean `preflight check ...`, as `ruff`
  // once did: insert the default command unless a command or a global flag comes first.
  static const std::set<std::string_view> kCommands = {"check", "rules", "explain", "debug",
                                                       "settings"};
  static const std::set<std::string_view> kGlobal = {"-h", "--help", "--version", "-V"};
  std::vector<std::string> args(argv, argv + argc);
  if (args.size() == 1 || (!kCommands.count(args[1]) && !kGlobal.count(args[1]))) {
    args.insert(args.begin() + 1, "check");
  }

  CLI::App app{"preflight: catches what breaks Django + PostgreSQL deployments, before they do."};
  app.name("preflight");
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("-V,--version", version, "Print the version and exit");

  Options options;
  std::vector<std::string> select, extend_select, ignore;
  std::string format = "text", fail_on;
  CLI::App* check = app.add_subcommand("check", "Analyse a repository without running it");
  add_check_flags(*check, options.check, select, extend_select, ignore, format, fail_on);

  CLI::App* rules = app.add_subcommand("rules", "List every rule");
  std::string rules_format = "text";
  rules->add_option("--format", rules_format, "text or json")->type_name("FORMAT");

  CLI::App* explain = app.add_subcommand("explain", "Print a rule's explanation");
  explain->add_option("code", options.code, "The rule code, e.g. PF101")->required();

  CLI::App* debug = app.add_subcommand("debug", "Tools for preflight's developers");
  debug->require_subcommand(1);
  CLI::App* rule_docs = debug->add_subcommand("rule-docs", "Write docs/rules/*.md");
  rule_docs->add_option("directory", options.docs_dir, "Output directory")->required();
  CLI::App* debug_ast =
      debug->add_subcommand("ast", "Print CPython 3.11's ast.dump of Python files");
  debug_ast->add_option("files", options.debug_ast.files, "Python files")->required();
  debug_ast->add_flag("--attributes", options.debug_ast.attributes,
                      "Include positions, as ast.dump(..., include_attributes=True)");
  CLI::App* debug_models =
      debug->add_subcommand("models", "Print the Django project model of PATH as JSON");
  debug_models->add_option("path", options.debug_models_path, "Project directory")->required();
  CLI::App* debug_migrations = debug->add_subcommand(
      "migrations", "Print the migrations and migration graph of PATH as JSON");
  debug_migrations->add_option("path", options.debug_migrations_path, "Project directory")
      ->required();
  CLI::App* debug_urls =
      debug->add_subcommand("urls", "Print the URL configuration of PATH as JSON");
  debug_urls->add_option("path", options.debug_urls.path, "Project directory")->required();
  debug_urls->add_option("--urlconf", options.debug_urls.urlconf, "ROOT_URLCONF module")
      ->required();

  CLI::App* settings_command = app.add_subcommand(
      "settings", "Print the effective settings of a settings module, without running it");
  std::string settings_format = "text";
  settings_command->add_option("path", options.settings.path, "Project directory")->required();
  settings_command->add_option(
      "--module", options.settings.module,
      "Dotted settings module (default: list the settings modules that run, and where)");
  add_environment_options(*settings_command, options.settings.environment);
  settings_command->add_option("--format", settings_format, "text or json")->type_name("FORMAT");

  std::vector<const char*> raw;
  for (const std::string& arg : args) raw.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(raw.size()), raw.data());
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return {std::nullopt, kExitClean};
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return {std::nullopt, kExitClean};
  } catch (const CLI::ParseError& error) {
    std::string message = error.what();
    if (const auto newline = message.find('\n'); newline != std::string::npos) {
      message.resize(newline);
    }
    return {std::nullopt, usage_error(message)};
  }

  if (version) {
    options.command = Command::Version;
    return {options, kExitClean};
  }
  if (rules->parsed()) {
    if (rules_format != "text" && rules_format != "json") {
      return {std::nullopt, usage_error("unknown format '" + rules_format + "' (text, json)")};
    }
    options.command = Command::Rules;
    options.rules_json = rules_format == "json";
    return {options, kExitClean};
  }
  if (explain->parsed()) {
    options.command = Command::Explain;
    return {options, kExitClean};
  }
  if (rule_docs->parsed()) {
    options.command = Command::RuleDocs;
    return {options, kExitClean};
  }
  if (settings_command->parsed()) {
    if (settings_format != "text" && settings_format != "json") {
      return {std::nullopt, usage_error("unknown format '" + settings_format + "' (text, json)")};
    }
    if (const auto error = check_environment_options(options.settings.environment)) {
      return {std::nullopt, usage_error(*error)};
    }
    options.command = Command::Settings;
    options.settings.json = settings_format == "json";
    return {options, kExitClean};
  }
  if (debug_ast->parsed()) {
    options.command = Command::DebugAst;
    return {options, kExitClean};
  }
  if (debug_models->parsed()) {
    options.command = Command::DebugModels;
    return {options, kExitClean};
  }
  if (debug_migrations->parsed()) {
    options.command = Command::DebugMigrations;
    return {options, kExitClean};
  }
  if (debug_urls->parsed()) {
    options.command = Command::DebugUrls;
    return {options, kExitClean};
  }

  CheckOptions& checked = options.check;
  const auto parsed_format = report::parse_format(format);
  if (!parsed_format) {
    return {std::nullopt, usage_error("unknown format '" + format +
                                      "' (text, json, sarif, github, markdown, junit)")};
  }
  checked.format = *parsed_format;
  if (checked.django_version && !is_django_version(*checked.django_version)) {
    return {std::nullopt, usage_error("--django-version must be MAJOR.MINOR like 4.2, found '" +
                                      *checked.django_version + "'")};
  }
  if (const auto error = check_environment_options(checked.environment)) {
    return {std::nullopt, usage_error(*error)};
  }
  if (!fail_on.empty()) {
    checked.fail_on = parse_severity(fail_on);
    if (!checked.fail_on) {
      return {std::nullopt, usage_error("unknown severity '" + fail_on +
                                        "' for --fail-on (error, warning, info)")};
    }
  }
  if (!select.empty()) checked.selection.select = split_codes(select);
  checked.selection.extend_select = split_codes(extend_select);
  checked.selection.ignore = split_codes(ignore);
  if (checked.paths.empty()) checked.paths.push_back(".");
  if (checked.jobs == 0) checked.jobs = std::max(1u, std::thread::hardware_concurrency());
  return {options, kExitClean};
}

}  // namespace preflight::cli
