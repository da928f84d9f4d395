#pragma once
// What the engine needs to know about the box's network links (Linux links behind IOS names).
#include <cstdint>
#include <string>
#include <vector>

namespace routerd::platform {

struct Ipv4Prefix {
    std::uint32_t address = 0;  // host byte order
    int length = 0;
};

struct LinkInfo {
    std::string name;  // Linux name: "eth0", "lo"
    int index = 0;
    bool admin_up = false;  // IFF_UP
    bool oper_up = false;   // carrier / operstate
    bool loopback = false;
    std::uint32_t mtu = 0;
    std::vector<Ipv4Prefix> addresses;  // primary first, as the kernel lists them
};

class Links {
public:
    virtual ~Links() = default;
    virtual std::vector<LinkInfo> list() = 0;
};

// A fixed set of links, for unit tests.
class FakeLinks final : public Links {
public:
    explicit FakeLinks(std::vector<LinkInfo> links) : links_(std::move(links)) {}
    std::vector<LinkInfo> list() override { return links_; }

private:
    std::vector<LinkInfo> links_;
};

}  // namespace routerd::platform
