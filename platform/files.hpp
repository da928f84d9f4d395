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
// `dir` when it is missing: mode `mode` exactly, whatever the umask, and never for a moment
// wider (a process that opened it then could list it later); its missing parents 0755 (not
// the umask's mode: a folder others may write in would let them swap what is below). An
// existing `dir` is left as it is. Returns an error text, or nullopt on success.
std::optional<std::string> make_directory(const std::string& dir, unsigned mode);
// `dir` for routerd's secrets: made as make_directory(dir, 0700) does; an existing one is set
// to 0700 too.
std::optional<std::string> make_private_directory(const std::string& dir);
// When the file was last written.
std::optional<std::chrono::system_clock::time_point> modification_time(const std::string& path);

}  // namespace routerd::platform
