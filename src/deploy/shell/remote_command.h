// Commands run on another machine: `ssh [options] [user@]host 'script'`, or a here-document
// given to ssh (`ssh host <<'EOF'`) as the script.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deploy/shell/script.h"

namespace preflight::deploy::shell {

struct RemoteCommand {
  Word destination;  // as given: `deploy@example.com`, `ssh://host:22`
  std::string user;  // from `user@` or `-l`; empty when not given
  std::string host;
  std::optional<int> port;  // `-p`, `-o Port=`, or `ssh://host:port`
  // The remote shell's script: ssh joins the command words with spaces. Offsets in `script`
  // point into the outer text (see split_words_as_script).
  std::string script_text;
  Script script;
};

// `text` is the text the command's offsets point into; `remote_known` are variables known on
// the remote side (usually none: the local environment does not travel).
std::optional<RemoteCommand> remote_command(const SimpleCommand& command, std::string_view text,
                                            const Variables& remote_known = {});

}  // namespace preflight::deploy::shell
