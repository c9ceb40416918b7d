#pragma once

#include <optional>
#include <string>

namespace preflight::cli {

// Writes `content` to `path` through a temporary file in the same directory and a rename, so a
// reader never sees half a report. Returns the error text on failure.
std::optional<std::string> write_file_atomically(const std::string& path,
                                                 const std::string& content);

}  // namespace preflight::cli
