#include "project/required_variables.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "django/settings/evaluator.h"
#include "project/command_settings.h"

namespace preflight::project {
namespace {

using django::settings::Value;

constexpr std::string_view kRaises = " raises ";

// Variables every GitHub-hosted runner sets, whatever the workflow says.
bool runner_variable(const std::string& name) {
  static constexpr std::array kNames = {"HOME", "PATH", "CI",     "USER",       "SHELL",
                                        "PWD",  "LANG", "TMPDIR", "RUNNER_TEMP"};
  return name.starts_with("GITHUB_") || name.starts_with("RUNNER_") ||
         std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

struct Stop {
  std::string type;   // KeyError, UndefinedValueError, ImproperlyConfigured
  std::string where;  // "path:line" or "config('X')"
};

// The exception that stops the import, from the evaluation's notes.
std::optional<Stop> stop_of(const django::settings::SettingsResult& result) {
  for (const std::string& note : result.notes) {
    if (!note.starts_with("importing ")) continue;
    const std::size_t raises = note.find(kRaises);
    if (raises == std::string::npos) continue;
    const std::size_t at = note.find(" at ", raises);
    if (at == std::string::npos) continue;
    return Stop{note.substr(raises + kRaises.size(), at - raises - kRaises.size()),
                note.substr(at + 4)};
  }
  return std::nullopt;
}

// `config('X')`, `env('X')`, `env.db_url('X')`: X.
std::optional<std::string> quoted_variable(const std::string& where) {
  const std::size_t open = where.find("('");
  const std::size_t close = where.rfind("')");
  if (open == std::string::npos || close == std::string::npos || close <= open + 2) {
    return std::nullopt;
  }
  return where.substr(open + 2, close - open - 2);
}

// "mysite/settings.py:12" as the span of that line.
std::optional<Span> line_span(const Project& project, const std::string& where) {
  const std::size_t colon = where.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string path = where.substr(0, colon);
  std::uint32_t line = 0;
  for (const char c : where.substr(colon + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    line = line * 10 + static_cast<std::uint32_t>(c - '0');
  }
  for (const django::ModuleSource& source : project.module_sources()) {
    if (source.path != path || !source.source) continue;
    if (line == 0 || line > source.source->line_count()) return std::nullopt;
    const std::string_view text = source.source->line_text(line);
    const std::size_t indent = text.find_first_not_of(" \t");
    const std::uint32_t begin = source.source->offset_at(Position{line, 1});
    return source.source->span(
        source.file,
        begin + static_cast<std::uint32_t>(indent == std::string_view::npos ? 0 : indent),
        begin + static_cast<std::uint32_t>(text.size()));
  }
  return std::nullopt;
}

}  // namespace

// The variables a value was read from: "env K" and "env K (…)" unknowns.
void read_variables(const Value& value, std::set<std::string>& out) {
  if (value.is_unknown() && value.text.starts_with("env ")) {
    std::string name = value.text.substr(4);
    out.insert(name.substr(0, name.find(' ')));
  }
  for (const Value& item : value.items) read_variables(item, out);
  for (const auto& entry : value.entries) read_variables(entry.second, out);
}

std::vector<Required> required_variables(const Project& project, const std::string& module,
                                         const std::vector<deploy::EnvVar>& env, bool runner) {
  django::settings::EvaluationOptions options = exact_environment_options(project, env);
  // Candidates for a KeyError: the variables the module reads at all.
  std::set<std::string> candidates;
  {
    django::settings::EvaluationOptions open = project.evaluation_options();
    open.environment = {};
    const auto anything =
        django::settings::evaluate_settings(project.module_sources(), module, open);
    if (stop_of(anything)) return {};  // it stops whatever the environment holds
    for (const django::settings::Setting& setting : anything.settings) {
      read_variables(setting.value, candidates);
    }
  }
  auto evaluate = [&] {
    return django::settings::evaluate_settings(project.module_sources(), module, options);
  };
  std::vector<Required> found;
  for (int round = 0; round < 8; ++round) {
    const auto result = evaluate();
    const std::optional<Stop> stop = stop_of(result);
    if (!stop) break;
    std::optional<std::string> variable;
    if (stop->type == "UndefinedValueError" || stop->type == "ImproperlyConfigured") {
      variable = quoted_variable(stop->where);
    } else if (stop->type == "KeyError") {
      for (const std::string& candidate : candidates) {
        if (options.environment.variables.count(candidate) ||
            options.environment.unknown_values.count(candidate)) {
          continue;
        }
        options.environment.unknown_values[candidate] = "tried";
        const std::optional<Stop> then = stop_of(evaluate());
        options.environment.unknown_values.erase(candidate);
        if (!then || then->where != stop->where || then->type != stop->type) {
          variable = candidate;
          break;
        }
      }
    }
    if (!variable || options.environment.variables.count(*variable) ||
        options.environment.unknown_values.count(*variable)) {
      return {};  // a stop that is not a missing variable: not this rule's
    }
    if (runner && runner_variable(*variable)) return {};
    found.push_back(Required{*variable, stop->type, line_span(project, stop->where)});
    options.environment.unknown_values[*variable] = "required";
  }
  return found;
}

}  // namespace preflight::project
