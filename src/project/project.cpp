#include "project/project.h"

#include <optional>

#include "core/parallel.h"

namespace preflight::project {

Project load_project(const std::filesystem::path& root, const Config& config, SourceMap& sources,
                     const LoadOptions& options) {
  DiscoveryOptions discovery;
  discovery.exclude = config.exclude.empty() ? default_excludes() : config.exclude;
  discovery.exclude.insert(discovery.exclude.end(), config.extend_exclude.begin(),
                           config.extend_exclude.end());
  discovery.pattern_base = config.root;
  discovery.max_file_size = config.max_file_size;
  discovery.all_files = options.all_files;

  const std::vector<DiscoveredFile> found = discover(root, discovery);
  std::vector<ReadResult> read(found.size());
  parallel_for(found.size(), options.jobs,
               [&](std::size_t i) { read[i] = read_source(found[i], config.max_file_size); });

  Project project(root, config, sources);
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (read[i].text) {
      const FileId id = sources.add(found[i].path, found[i].kind, std::move(*read[i].text));
      project.add_file(ProjectFile{id, found[i].kind});
    } else if (read[i].skipped) {
      const FileId id = sources.add(found[i].path, found[i].kind, std::string());
      project.add_skipped(SkippedProjectFile{id, std::move(*read[i].skipped)});
    }
  }
  return project;
}

}  // namespace preflight::project
