// `.env` files as docker compose, python-dotenv and `--env-file` read them: `KEY=VALUE` lines,
// `export ` prefixes, `#` comments, single quotes literal, double quotes with `\n`/`\"` escapes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight::deploy {

struct EnvFileEntry {
  std::string name;
  std::string value;
  int line = 0;
};

struct EnvFileParse {
  std::vector<EnvFileEntry> entries;
  std::optional<std::string> error;  // the first line that is not an assignment
  int error_line = 0;
};

EnvFileParse parse_env_file(std::string_view text);

}  // namespace preflight::deploy
