#pragma once
// startup-config in routerd's config directory ("NVRAM"): written atomically, mode 0600
// (it holds secrets).
#include <chrono>
#include <optional>
#include <string>

namespace routerd::control {

class StartupStore {
public:
    explicit StartupStore(std::string config_dir) : dir_(std::move(config_dir)) {}
    std::string path() const { return dir_ + "/startup-config"; }
    const std::string& dir() const { return dir_; }
    std::optional<std::string> load() const;
    // An error text, or nullopt when saved.
    std::optional<std::string> save(const std::string& text) const;
    // `write erase`: startup-config is removed (gone is "empty" to IOS); nullopt when done.
    std::optional<std::string> erase() const;
    // private-config: what IOS keeps in private NVRAM, apart from the startup-config (the
    // master key of type 6 keys), as configuration lines. Written at once when it changes,
    // removed when empty.
    std::string private_path() const { return dir_ + "/private-config"; }
    std::optional<std::string> load_private() const;
    std::optional<std::string> save_private(const std::string& text) const;
    // When startup-config was last written (IOS: "NVRAM config last updated").
    std::optional<std::chrono::system_clock::time_point> saved_at() const;

private:
    std::string dir_;
};

}  // namespace routerd::control
