#include <malloc.h>

#include <exception>
#include <iostream>

#include "cli/options.h"

int main(int argc, char** argv) {
  using namespace preflight::cli;
  // Each parsed file allocates and frees a few large buffers (tokens, syntax tree). glibc would
  // map and unmap them, or trim the heap, each time, and the page faults cost more than parsing:
  // keep freed memory in the process instead.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  try {
    const ParseResult parsed = parse_arguments(argc, argv);
    if (!parsed.options) return parsed.exit_code;
    const Options& options = *parsed.options;
    switch (options.command) {
      case Command::Check:
        return run_check(options.check);
      case Command::Rules:
        return run_rules(options.rules_json);
      case Command::Explain:
        return run_explain(options.code);
      case Command::RuleDocs:
        return run_rule_docs(options.docs_dir);
      case Command::DebugAst:
        return run_debug_ast(options.debug_ast);
      case Command::DebugModels:
        return run_debug_models(options.debug_models_path);
      case Command::DebugMigrations:
        return run_debug_migrations(options.debug_migrations_path);
      case Command::DebugUrls:
        return run_debug_urls(options.debug_urls);
      case Command::Settings:
        return run_settings(options.settings);
      case Command::Version:
        std::cout << "preflight " << PREFLIGHT_VERSION << "\n";
        return 0;
    }
  } catch (const std::exception& error) {
    // preflight's own failure: never a finding, always exit 2.
    std::cerr << "preflight: internal error: " << error.what() << "\n";
  }
  return kExitError;
}
