#include "deploy/shell/manage_command.h"

#include <algorithm>

namespace preflight::deploy::shell {
namespace {

// python, python3, python3.11, pypy3
bool is_python(std::string_view name) {
  if (name.starts_with("pypy"))
    name.remove_prefix(4);
  else if (name.starts_with("python"))
    name.remove_prefix(6);
  else
    return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

bool is_manage_py(std::string_view word) {
  return base_name(word) == "manage.py";
}

// Past `poetry run`, `pipenv run`, `uv run [--flags]`, `pdm run`, `hatch run`.
std::size_t skip_runner(const std::vector<Word>& words, std::size_t i) {
  if (i + 1 >= words.size() || words[i + 1].text != "run") return i;
  const std::string_view runner = base_name(words[i].text);
  if (runner != "poetry" && runner != "pipenv" && runner != "uv" && runner != "pdm" &&
      runner != "hatch") {
    return i;
  }
  i += 2;
  while (i < words.size() && words[i].text.starts_with("-")) ++i;  // `uv run --frozen python`
  return i;
}

}  // namespace

std::optional<ManageCommand> manage_command(const SimpleCommand& command) {
  std::vector<Assignment> env = command.assignments;
  const std::vector<Word>& words = command.words;
  std::size_t i = skip_runner(words, program_index(command, &env));
  if (i >= words.size()) return {};

  ManageCommand manage;
  const std::string_view program = base_name(words[i].text);
  if (is_manage_py(words[i].text) || program == "django-admin" || program == "django-admin.py") {
    manage.program = words[i].text;
    ++i;
  } else if (is_python(program)) {
    ++i;
    // Interpreter options before the script or module.
    while (i < words.size() && words[i].text.size() > 1 && words[i].text[0] == '-') {
      const std::string_view option = words[i].text;
      if (option == "-m") {
        if (i + 1 < words.size() && words[i + 1].text == "django") {
          manage.program = "-m django";
          i += 2;
        }
        break;
      }
      if (option == "-c") return {};
      i += (option == "-W" || option == "-X") ? 2 : 1;
    }
    if (manage.program.empty()) {
      if (i >= words.size() || !is_manage_py(words[i].text)) return {};
      manage.program = words[i].text;
      ++i;
    }
  } else {
    return {};
  }

  if (i < words.size()) {
    manage.subcommand = words[i].text;
    manage.subcommand_word = words[i];
    ++i;
  }
  for (; i < words.size(); ++i) {
    manage.args.push_back(words[i]);
    const std::string_view arg = words[i].text;
    if (arg.starts_with("--settings=")) {
      manage.settings = words[i];
      manage.settings->text = std::string(arg.substr(11));
      manage.settings_source = SettingsSource::Option;
    } else if (arg == "--settings" && i + 1 < words.size()) {
      manage.settings = words[i + 1];
      manage.settings_source = SettingsSource::Option;
    }
  }
  if (!manage.settings) {
    for (const Assignment& assignment : env) {  // the last one wins, as in the shell
      if (assignment.name == "DJANGO_SETTINGS_MODULE") {
        manage.settings = assignment.value;
        manage.settings_source = SettingsSource::Environment;
      }
    }
  }
  manage.begin = command.begin;
  manage.end = command.end;
  return manage;
}

}  // namespace preflight::deploy::shell
