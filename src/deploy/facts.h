// What deployment files say, as plain facts with their places: the variables they set for a
// process and the commands they run. No Django knowledge lives in deploy/ (DESIGN.md "Layers").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/source.h"

namespace preflight::deploy {

// A variable a deployment file sets for the processes it starts.
struct EnvVar {
  std::string name;
  // The value when the file gives it literally; nullopt when it comes from elsewhere at deploy
  // time (`${VAR}` interpolation, `${{ secrets.X }}`, a compose list entry without `=`).
  std::optional<std::string> value;
  std::string written;  // the value as written, for messages
  Span span;            // the name through the value
};

// A command as written (a `RUN`, a `run:` block, a compose `command`), with the place of its text.
struct Command {
  std::string text;
  Span span;
};

// The literal value of `name` among `vars` (the last assignment wins, as in a shell); nullptr
// when it is not set.
const EnvVar* find_env(const std::vector<EnvVar>& vars, const std::string& name);

}  // namespace preflight::deploy
