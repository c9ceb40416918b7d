// Glob patterns for `exclude` and `per-file-ignores`, with the meaning ruff and gitignore give
// them.
#pragma once

#include <string_view>

namespace preflight {

// Matches a '/'-separated relative path against a pattern: `*` and `?` never cross '/', `**`
// matches any number of directories, `[abc]`/`[!a-z]` are classes, `\` escapes. A pattern without
// '/' matches the last component of `path` as well as the whole path.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace preflight
