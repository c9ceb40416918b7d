#include <exception>
#include <iostream>

#include "cli/options.h"

int main(int argc, char** argv) {
  using namespace preflight::cli;
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
