#pragma once
// File operations the config store needs, done the crash-safe way.
#include <chrono>
#include <optional>
#include <string>

namespace routerd::platform {

// Writes `content` to `path` so that a crash leaves either the old or the new file: a temp file
// in the same directory, fsync, rename over the target, fsync the directory. Returns an error
// text, or nullopt on success.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content, unsigned mode);
// Removes the temporary file a write of `path` killed before its rename left behind.
void remove_leftover_temporaries(const std::string& path);
std::optional<std::string> read_file(const std::string& path);
// When the file was last written.
std::optional<std::chrono::system_clock::time_point> modification_time(const std::string& path);

}  // namespace routerd::platform
