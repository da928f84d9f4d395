#pragma once
// platform::Dataplane on Linux XFRM through libnl-xfrm: policies with the index we choose
// (so an ACQUIRE names the policy it came from), SAs with the kernel's algorithm names, and
// ACQUIRE and EXPIRE events read from the XFRM multicast groups.
#include <memory>
#include <optional>
#include <string>

#include "platform/dataplane.hpp"

namespace routerd::platform {

class LinuxDataplane final : public Dataplane {
public:
    // nullopt (with the reason) when XFRM netlink cannot be opened.
    static std::unique_ptr<LinuxDataplane> open(std::string* error);
    ~LinuxDataplane() override;

    std::optional<std::uint64_t> add_policy(const PolicySpec& policy, std::string* error) override;
    void remove_policy(std::uint64_t id) override;
    std::optional<std::string> add_sa(const SaSpec& sa) override;
    void remove_sa(std::uint32_t destination, std::uint32_t spi) override;
    std::optional<SaCounters> counters(std::uint32_t destination, std::uint32_t spi) override;

    // The event socket, for the event loop to wait on; then call read_events().
    int event_fd() const;
    void read_events();

private:
    struct Impl;
    explicit LinuxDataplane(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace routerd::platform
