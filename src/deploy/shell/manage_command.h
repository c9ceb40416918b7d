// Django management commands as shell command lines: `python manage.py SUB …`, `./manage.py`,
// `python -m django`, `django-admin`, also through `poetry run`, `pipenv run`, `uv run`, `pdm run`.
// Only the command line is recognised here; what the subcommand does is django/'s business.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "deploy/shell/script.h"

namespace preflight::deploy::shell {

enum class SettingsSource { None, Option, Environment };

struct ManageCommand {
  std::string program;     // `manage.py` as written (a path), `django-admin` or `-m django`
  std::string subcommand;  // the first word after the program, as Django takes it; empty if none
  std::optional<Word> subcommand_word;
  std::vector<Word> args;  // after the subcommand, `--settings` included
  // `--settings=M` / `--settings M`, else `DJANGO_SETTINGS_MODULE=M` given to the command.
  std::optional<Word> settings;
  SettingsSource settings_source = SettingsSource::None;
  std::size_t begin = 0;  // the command
  std::size_t end = 0;
};

std::optional<ManageCommand> manage_command(const SimpleCommand& command);

}  // namespace preflight::deploy::shell
