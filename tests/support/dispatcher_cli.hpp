#pragma once
// A privileged session on a Router with fake links (eth0, eth1), talking to the dispatcher
// as routersh would: for tests of EXEC commands without a daemon.
#include <string>

#include "engine/control/dispatcher.hpp"

namespace routerd::test {

inline platform::LinkInfo veth(std::string name, int index) {
    platform::LinkInfo l;
    l.name = std::move(name);
    l.index = index;
    l.kind = "veth";
    return l;
}

struct DispatcherCli {
    platform::FakeLinks links{{veth("eth0", 2), veth("eth1", 3)}};
    control::Router router{"/nonexistent-config-dir", links};
    control::Dispatcher dispatcher{router};
    control::Session s;
    DispatcherCli() { begin(); }
    // Sharing a compiled command table (compiling one is most of a Router's cost).
    explicit DispatcherCli(std::shared_ptr<const grammar::CommandTable> table)
        : router{"/nonexistent-config-dir", links, std::move(table)} {
        begin();
    }
    void begin() {
        s.trusted = true;
        router.add_session(s);
        dispatcher.line(s, "enable");
    }
    ~DispatcherCli() { router.remove_session(s.id); }
    DispatcherCli(const DispatcherCli&) = delete;
    DispatcherCli& operator=(const DispatcherCli&) = delete;
    std::string run(const std::string& line) { return dispatcher.line(s, line).output; }
};

}  // namespace routerd::test
