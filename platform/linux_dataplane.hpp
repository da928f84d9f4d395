#pragma once
// platform::Dataplane on Linux XFRM through libnl-xfrm: policies with the index we choose
// (so an ACQUIRE names the policy it came from), SAs with the kernel's algorithm names, and
// ACQUIRE and EXPIRE events read from the XFRM multicast groups.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/dataplane.hpp"

namespace routerd::platform {

// What a routerd that died without cleaning up (SIGKILL, a crash) left in the kernel, removed
// by the next one before it installs anything.
struct Leftovers {
    std::size_t policies = 0, sas = 0;
    std::size_t failed = 0;  // found but not removed (the kernel refused)
};

class LinuxDataplane final : public Dataplane {
public:
    // nullopt (with the reason) when XFRM netlink cannot be opened. `owner` names this
    // routerd among others in the same network namespace (its config directory): every
    // policy and SA it installs carries a tag derived from it (see linux_dataplane.cpp), by
    // which the next routerd of the same name finds them.
    static std::unique_ptr<LinuxDataplane> open(std::string* error, std::string_view owner = {});
    ~LinuxDataplane() override;

    // Removes the XFRM policies and SAs that carry this owner's tag: left by a routerd of the
    // same owner that was killed. Policies and SAs of anyone else (strongSwan, `ip xfrm`,
    // another routerd) are left alone. Call before installing anything.
    Leftovers remove_leftovers();
    // The owner's tag: the bits every policy index and reqid this dataplane installs has set.
    std::uint32_t owner_tag() const;

    std::optional<std::uint64_t> add_policy(const PolicySpec& policy, std::string* error) override;
    void remove_policy(std::uint64_t id) override;
    std::optional<std::string> add_sa(const SaSpec& sa) override;
    void remove_sa(std::uint32_t destination, std::uint32_t spi) override;
    std::optional<SaCounters> counters(std::uint32_t destination, std::uint32_t spi) override;
    std::optional<CounterTable> all_counters() override;

    // The event socket, for the event loop to wait on; then call read_events().
    int event_fd() const;
    void read_events();

private:
    struct Impl;
    explicit LinuxDataplane(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace routerd::platform
