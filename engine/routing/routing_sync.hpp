#pragma once
// Keeps routerd's FRR holding what the running-config says (frr_config.hpp): after a change it
// sends FRR only the difference, `no` lines for what went and the changed blocks again (FRR
// takes a line it has as a no-op), so an unchanged BGP session is never reset. FRR is started
// the first time the configuration has something for it, and again if it dies, with the whole
// configuration. What FRR refuses is said once, as a log message naming the IOS line.
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "engine/routing/frr_config.hpp"
#include "platform/routing_suite.hpp"

namespace routerd::routing {

class RoutingSync {
public:
    using Log = std::function<void(int severity, const std::string& message)>;
    RoutingSync(platform::RoutingSuite& suite, Log log) : suite_(suite), log_(std::move(log)) {}

    void reconcile(const config::RunningConfig& config, const interfaces::LinkNames& links);

    // The vtysh commands that take FRR from `from` to `to`.
    static std::vector<FrrLine> difference(const FrrConfig& from, const FrrConfig& to);

private:
    platform::RoutingSuite& suite_;
    Log log_;
    std::optional<FrrConfig> applied_;  // what FRR holds, when it runs
    std::set<std::string> told_;        // messages said already
    void say_once(int severity, const std::string& message);
    // Says what of one vtysh run FRR refused, naming the IOS lines.
    void apply_batch(const std::vector<const FrrLine*>& batch, const std::string& output);
};

}  // namespace routerd::routing
