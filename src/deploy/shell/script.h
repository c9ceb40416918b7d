// POSIX shell as written in deployment files (`run:` blocks, ssh-action scripts, Dockerfile RUN,
// compose commands), split into simple commands with their words and places. This is not a shell:
// nothing is executed, and expansions that depend on the run (command output, unknown variables)
// stay as written with the word marked non-literal, so rules never act on a guessed value.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight::deploy::shell {

// Variables whose values are known before the script runs (a workflow's `env`, a Dockerfile's
// `ENV`). Only literal values belong here.
using Variables = std::map<std::string, std::string, std::less<>>;

struct Word {
  std::string text;       // after quote removal and expansion of known variables
  std::size_t begin = 0;  // byte offsets of the word as written in the script text
  std::size_t end = 0;
  bool literal = true;  // false when some expansion could not be resolved (`$X`, `$(…)`, `${{ }}`)
};

// A prefix `NAME=value` of a simple command (or a command made only of assignments).
struct Assignment {
  std::string name;
  Word value;  // the value's text; begin/end cover the whole `NAME=value`
};

// A here-document given to a command (`<<EOF`): data, not commands, unless the command is a shell
// or ssh reading its script from it.
struct HereDocument {
  std::string body;       // the lines between the operator's line and the delimiter, as written
  std::size_t begin = 0;  // the body's byte range in the script text
  std::size_t end = 0;
  bool expands = true;  // the delimiter was unquoted: `$X` and `$(…)` in the body are expanded
};

// How a command follows the previous command of the same group.
enum class Joiner { Sequence, And, Or, Pipe, Background };

struct SimpleCommand {
  std::vector<Assignment> assignments;
  std::vector<Word> words;  // redirections and their targets are left out
  std::vector<HereDocument> here_documents;
  std::size_t begin = 0;  // from the first assignment or word through the last word
  std::size_t end = 0;
  // 0 at the top level; k inside the k-th command substitution (`$(…)` or backticks) of the
  // script, counted from 1 in source order.
  int group = 0;
  // The command whose word or assignment holds this command's substitution (group > 0).
  std::optional<std::size_t> parent;
  // Joined to the previous command of the same group; Sequence for the first one.
  Joiner joined_by = Joiner::Sequence;

  // The command name (first word), empty for a command of assignments only.
  std::string_view name() const { return words.empty() ? std::string_view() : words[0].text; }
};

struct ScriptError {
  std::string message;
  std::size_t offset = 0;
};

struct Script {
  // In source order; a command comes before the commands of its substitutions.
  std::vector<SimpleCommand> commands;
  std::vector<ScriptError>
      errors;  // unterminated quotes or substitutions, with best-effort commands
};

// Splits `text` into its simple commands. `known` variables are expanded, as are literal
// assignments made earlier in the script (`X=1`, `export X=1`). Never throws.
Script split_script(std::string_view text, const Variables& known = {});

// Splits words as a script of their own, as `sh -c WORD` or `ssh host WORDS…` run them (several
// words are joined with spaces). `text` is the text the words' offsets point into; offsets in the
// result point into that same text: exactly when the script is one word written plainly or in
// quotes without escapes, otherwise every offset falls back to the range of the words.
Script split_words_as_script(const std::vector<Word>& words, std::string_view text,
                             const Variables& known = {});

// Splits `text[begin, end)` as a script of its own, with offsets into `text`.
Script split_range(std::string_view text, std::size_t begin, std::size_t end,
                   const Variables& known = {});

// The index of the next command of the same group after `index`, when it is joined with `joiner`:
// for `$(curl … || echo 000)`, the `echo` after the curl.
std::optional<std::size_t> next_joined(const Script& script, std::size_t index, Joiner joiner);

// The assignment of the command's parent whose value holds the command's substitution:
// `STATUS` for the curl of `STATUS=$(curl …)`; nullptr otherwise.
const Assignment* assignment_holding(const Script& script, std::size_t index);

// The command's `sh -c 'script'` / `bash -c 'script'` argument split as a script (also with
// `-e`, `-x`, `-l`… before `-c`); nullopt when the command is not a shell given a script.
std::optional<Script> shell_c_script(const SimpleCommand& command, std::string_view text,
                                     const Variables& known = {});

// The index of the word that names the program actually run, past `sudo [-u U]`, `exec`,
// `command`, `nohup`, `time`, `nice [-n N]`, `timeout [opts] DURATION` and `env [K=V…]` (whose
// assignments are appended to `env` when given); words.size() when none is left.
std::size_t program_index(const SimpleCommand& command, std::vector<Assignment>* env = nullptr);

// The file name of a command word: `/usr/bin/python3` → `python3`.
std::string_view base_name(std::string_view path);

}  // namespace preflight::deploy::shell
