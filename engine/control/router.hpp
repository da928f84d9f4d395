#pragma once
// Everything one routerd owns, in one place: the grammar, the running-config, the
// startup-config store, the log bus, the view of the OS, and the sessions.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"
#include "engine/config/startup_store.hpp"
#include "engine/control/interface_map.hpp"
#include "engine/control/session.hpp"
#include "engine/show/log_bus.hpp"
#include "grammar/command_table.hpp"
#include "platform/links.hpp"

namespace routerd::control {

class Router {
public:
    Router(std::string config_dir, platform::Links& links);
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    grammar::CommandTable table;
    config::RunningConfig config;
    config::StartupStore store;
    show::LogBus log;
    platform::Links& links;
    InterfaceMap interface_map;
    std::chrono::system_clock::time_point booted_wall = std::chrono::system_clock::now();
    std::chrono::steady_clock::time_point booted = std::chrono::steady_clock::now();

    // Sessions by id (owned by their connections); `show users` and logging walk them.
    std::map<int, Session*> sessions;
    int add_session(Session& s);
    void remove_session(int id);

    // After any configuration change: remember when, and follow `logging buffered` and
    // `service timestamps`.
    void config_changed(bool from_startup);
    // IOS interface names with their configuration and real links, in IOS order.
    std::vector<std::pair<grammar::InterfaceName, std::optional<platform::LinkInfo>>> interfaces();
    std::string timestamp_prefix() const;

private:
    int next_session_ = 1;
};

}  // namespace routerd::control
