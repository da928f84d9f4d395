#pragma once
// `show crypto ipsec sa` in the IOS 15 layout of 004_*.txt and reference A.3.2. Every figure
// comes from a view the caller fills from real state: counters from the kernel's SAs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/policy/selectors.hpp"

namespace routerd::show {

struct EspSaView {
    std::uint32_t spi = 0;
    std::string transform;  // "esp-3des esp-md5-hmac"
    bool tunnel = true, udp_encapsulation = false;
    std::uint32_t conn_id = 0;
    std::uint64_t kilobytes_left = 0;
    std::uint32_t seconds_left = 0;
    int iv_size = 0;
    std::uint32_t replay_window = 0;  // the kernel SA's window (0: replay detection off)
};

struct IpsecFlowView {
    policy::Selector selector;  // local -> remote
    std::string peer;
    std::uint16_t peer_port = 500;
    std::uint64_t encaps = 0, decaps = 0;  // packets out / in, from the kernel
    std::uint32_t replay_failures = 0, verify_failures = 0;
    std::uint32_t local_endpoint = 0, remote_endpoint = 0;
    std::uint32_t path_mtu = 0;
    std::uint32_t plaintext_mtu = 0;  // what fits path_mtu once ESP is added (detail)
    std::string mtu_interface;
    std::optional<int> pfs_group;
    // The flow's live SAs, oldest first: two of each while a rekeyed pair overlaps the old.
    std::vector<EspSaView> inbound, outbound;
};

struct IpsecInterfaceView {
    std::string interface;
    std::string map;
    std::uint32_t local_address = 0;
    std::vector<IpsecFlowView> flows;
};

// `detail` is `show crypto ipsec sa detail`: the error counters one by one, the plaintext MTU
// and each SA's replay window (the layout ntc-templates' cisco_ios_show_crypto_ipsec_sa_detail reads).
std::string show_ipsec_sa(const std::vector<IpsecInterfaceView>& interfaces, bool detail = false);

}  // namespace routerd::show
