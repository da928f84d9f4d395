#pragma once
// What ESP adds to a packet under a transform (RFC 4303 2): the IV, the padding to the cipher's
// block, the trailer and the ICV. `show crypto ipsec sa` prints the IV size and the largest
// plaintext packet that still fits the path MTU once encrypted.
#include <cstdint>

#include "engine/policy/algorithms.hpp"

namespace routerd::policy {

int esp_iv_size(const TransformDescriptor& t);
// The unit ESP pads the payload + trailer to: the cipher's block, at least 4 octets (RFC 4303 2.4).
int esp_block_size(const TransformDescriptor& t);
int esp_icv_size(const TransformDescriptor& t);
// The largest IP packet that leaves as one packet of at most `path_mtu` octets once ESP (and
// UDP encapsulation, RFC 3948) is added: IOS's "plaintext mtu".
std::uint32_t esp_plaintext_mtu(const TransformDescriptor& t, std::uint32_t path_mtu, bool udp_encapsulation);

}  // namespace routerd::policy
