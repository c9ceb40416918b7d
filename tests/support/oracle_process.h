// Running the oracles' real systems from tests: a command's output, and the rule that a missing
// oracle is a skip on a developer machine but a failure in CI.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace preflight::testing {

// The standard output of `command` (run by /bin/sh); nullopt when it cannot start or exits
// non-zero.
inline std::optional<std::string> command_output(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

// '…' quoting for /bin/sh.
inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline bool in_ci() {
  return std::getenv("CI") != nullptr;
}

}  // namespace preflight::testing

// Skips the test when the oracle is missing, except in CI, where that is a failure.
#define PREFLIGHT_REQUIRE_ORACLE(available, what)                                 \
  do {                                                                            \
    if (!(available)) {                                                           \
      if (::preflight::testing::in_ci()) FAIL() << (what) << " is missing in CI"; \
      GTEST_SKIP() << (what) << " is missing";                                    \
    }                                                                             \
  } while (false)
