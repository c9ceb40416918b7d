#include "project/project.h"

#include <optional>

#include "core/parallel.h"

namespace preflight::project {

int python_minor_version(const Config& config) {
  constexpr int kDefaultMinor = 11;
  if (!config.target_version) return kDefaultMinor;
  // Validated by the configuration loader as "py3" followed by the minor version.
  const std::string& version = *config.target_version;
  return version.size() > 3 ? std::stoi(version.substr(3)) : kDefaultMinor;
}

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
  project.set_python_minor(python_minor_version(config));
  std::vector<FileId> python_files;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (read[i].text) {
      const FileId id = sources.add(found[i].path, found[i].kind, std::move(*read[i].text));
      project.add_file(ProjectFile{id, found[i].kind});
      if (found[i].kind == FileKind::Python) python_files.push_back(id);
    } else if (read[i].skipped) {
      const FileId id = sources.add(found[i].path, found[i].kind, std::string());
      project.add_skipped(SkippedProjectFile{id, std::move(*read[i].skipped)});
    }
  }

  // Until the Django model knows which modules matter (what settings, URL confs and apps import),
  // every Python file is parsed; `--all-files` will then widen the set again.
  const python::ParseOptions parse_options{project.python_minor()};
  std::vector<std::unique_ptr<python::ParsedModule>> parsed(python_files.size());
  parallel_for(python_files.size(), options.jobs, [&](std::size_t i) {
    parsed[i] = python::parse_module(sources.file(python_files[i]).text(), parse_options);
  });
  for (std::size_t i = 0; i < python_files.size(); ++i) {
    project.add_module(PythonModule{python_files[i], std::move(parsed[i])});
  }
  return project;
}

}  // namespace preflight::project
