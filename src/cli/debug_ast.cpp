// `preflight debug ast FILE... [--attributes]`: what CPython 3.11 prints for
// `print(ast.dump(ast.parse(open(FILE, 'rb').read())))`, for many files in one process (the
// structure and position oracles compare it with CPython). Each file's output follows a
// "==> FILE <==" line; a file that does not parse gives its SyntaxError line instead.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/options.h"
#include "python/dump.h"

namespace preflight::cli {

int run_debug_ast(const DebugAstOptions& options) {
  int status = kExitClean;
  for (const std::string& file : options.files) {
    std::cout << "==> " << file << " <==\n";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cout << "OSError: cannot read " << file << "\n";
      status = kExitError;
      continue;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::cout << python::dump_file(bytes.str(), file, options.attributes);
  }
  std::cout.flush();
  return status;
}

}  // namespace preflight::cli
