// What deployment files say, as plain facts with their places: the variables they set for a
// process and the commands they run. No Django knowledge lives in deploy/ (DESIGN.md "Layers").
#pragma once

#include <optional>
#include <string>
#include <utility>
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
  // The file offset of each byte of `text`, and one past its end: where the text is not a copy of
  // the file (block scalars lose their indentation, YAML and JSON strings their escapes, Dockerfile
  // continuation lines their backslashes). Empty when unknown: places fall back to `span`.
  std::vector<std::uint32_t> offsets;

  // The place of text[begin, end) in the file.
  Span span_of(const SourceFile& file, std::size_t begin, std::size_t end) const;
};

// `command` with each `${{ inputs.NAME }}` replaced by the value `inputs` gives NAME (a reusable
// workflow's or a composite action's input, as its caller's `with:` sets it); every byte of a
// replacement maps to the expression's place. Inputs not given stay as written.
Command substitute_inputs(const Command& command,
                          const std::vector<std::pair<std::string, std::string>>& inputs);

// Maps each byte of `produced` to the offset of the byte it came from in `file_text[from, to)`,
// where `produced` is that text with something dropped or decoded: indentation (`indent` leading
// blanks of each line, for YAML block scalars), quotes, escapes, line continuations, exec-form
// brackets. Equal bytes are matched in order, within a short window, and a line break may stand
// for a space (YAML folding). Gives produced.size() + 1 offsets; a byte without a match takes the
// offset reached so far.
std::vector<std::uint32_t> align_offsets(std::string_view produced, std::string_view file_text,
                                         std::uint32_t from, std::uint32_t to,
                                         std::uint32_t indent = 0);

// The literal value of `name` among `vars` (the last assignment wins, as in a shell); nullptr
// when it is not set.
const EnvVar* find_env(const std::vector<EnvVar>& vars, const std::string& name);

}  // namespace preflight::deploy
