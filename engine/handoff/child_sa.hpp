#pragma once
// What IKE hands to IPsec when a Quick Mode (or, later, a CREATE_CHILD_SA) completes: one
// negotiated pair of ESP SAs. IPsec installs it without knowing anything of IKE's internals.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/policy/selectors.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::handoff {

struct ChildSa {
    std::string entry_key;  // the protection policy (crypto map entry, dynamic template, tunnel) it serves
    std::uint32_t local = 0, peer = 0;
    policy::Selector selector;  // local -> remote
    policy::TransformDescriptor transform;
    std::uint32_t spi_in = 0, spi_out = 0;
    std::vector<std::uint8_t> encryption_key_in, authentication_key_in, encryption_key_out, authentication_key_out;
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;
    // The PFS group negotiated for this pair (not the configured one: a responder follows
    // what the initiator proposed, a dynamic map has none of its own).
    std::optional<int> pfs_group;
    std::uint32_t ike_conn_id = 0;
    // ESP in UDP (RFC 3948) when a NAT sits between the peers: the ports to use.
    bool udp_encapsulation = false;
    std::uint16_t local_port = 0, peer_port = 0;
    // Only the inbound SA goes in for now; the outbound one waits for IKE to say the peer can
    // receive on it (ike::EngineHooks::on_child_outbound). The responder of an IKEv2 rekey keeps
    // sending on the old pair until then (RFC 7296 2.8).
    bool outbound_held = false;
};

}  // namespace routerd::handoff
