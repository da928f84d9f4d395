// show crypto ikev2 sa|session [detailed]: the formatter's rules (IOS 15 / XE 16 captures; the lab's
// ikev2-map transcripts check the same shows against a live engine).
#include <catch.hpp>

#include "engine/show/show_crypto_ikev2_sa.hpp"

using namespace routerd;

namespace {

handoff::Ikev2SaView sa(std::uint32_t id, std::uint32_t remote, const char* status) {
    handoff::Ikev2SaView v;
    v.tunnel_id = id;
    v.local = 0x0c010102;  // 12.1.1.2
    v.remote = remote;
    v.status = status;
    v.encryption = "AES-CBC";
    v.key_bits = 256;
    v.prf = v.hash = "SHA256";
    v.group = 14;
    v.local_spi = "6F86196AB2C574E3";
    v.remote_spi = "74AD695CF23C4805";
    return v;
}

handoff::Ikev2ChildView child(std::uint32_t spi_in, const char* encryption, int bits, const char* hmac, bool transport) {
    handoff::Ikev2ChildView c;
    c.selector.source = 0x0a010100;  // 10.1.1.0/24
    c.selector.source_mask = 0xffffff00;
    c.selector.destination = 0x02020202;  // host 2.2.2.2, tcp 443
    c.selector.destination_mask = 0xffffffff;
    c.selector.destination_port_low = c.selector.destination_port_high = 443;
    c.spi_in = spi_in;
    c.spi_out = 0xA6FDEB3;
    c.encryption = encryption;
    c.key_bits = bits;
    c.esp_hmac = hmac;
    c.transport = transport;
    return c;
}

}  // namespace

TEST_CASE("show crypto ikev2 session: one session per peer, its IKE SAs and Child SAs, IOS's status words") {
    auto a = sa(3, 0x0c010101, "READY");
    a.child_sas = {child(0x232CB82D, "AES-CBC", 256, "SHA256", false)};
    auto rekeyed = sa(1, 0x0c010101, "READY");  // the same peer: a second IKE SA during a rekey
    auto idle = sa(2, 0x0c010105, "READY");
    auto negotiating = sa(4, 0x0c010106, "IN-NEG");
    auto out = show::show_ikev2_session({a, rekeyed, idle, negotiating}, false);
    CHECK(out.rfind(" IPv4 Crypto IKEv2 Session\n\nSession-id:1, Status:UP-ACTIVE, IKE count:2, CHILD count:1\n\n", 0) == 0);
    CHECK(out.find("Session-id:2, Status:UP-IDLE, IKE count:1, CHILD count:0\n") != std::string::npos);
    CHECK(out.find("Session-id:4, Status:DOWN-NEGOTIATING, IKE count:1, CHILD count:0\n") != std::string::npos);
    CHECK(out.find("Child sa: local selector  10.1.1.0/0 - 10.1.1.255/65535\n"
                   "          remote selector 2.2.2.2/443 - 2.2.2.2/443\n"
                   "          ESP spi in/out: 0x232CB82D/0xA6FDEB3\n\n") != std::string::npos);
    CHECK(out.find("AH spi") == std::string::npos);
    const std::string end = "\n IPv6 Crypto IKEv2 Session\n\n";
    REQUIRE(out.size() > end.size());
    CHECK(out.substr(out.size() - end.size()) == end);
}

TEST_CASE("show crypto ikev2 session detailed: the transform lines, GCM's None, 3DES without a key size, transport mode") {
    auto a = sa(1, 0x0c010101, "READY");
    a.child_sas = {child(1, "AES-GCM", 256, "None", false), child(2, "3DES", 0, "SHA96", true)};
    auto out = show::show_ikev2_session({a}, true);
    CHECK(out.find("          AH spi in/out: 0x0/0x0\n          CPI in/out: 0x0/0x0\n"
                   "          Encr: AES-GCM, keysize: 256, esp_hmac: None\n"
                   "          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel\n") != std::string::npos);
    CHECK(out.find("          Encr: 3DES, esp_hmac: SHA96\n          ah_hmac: None, comp: IPCOMP_NONE, mode transport\n") != std::string::npos);
    CHECK(out.find("      Local spi: 6F86196AB2C574E3       Remote spi: 74AD695CF23C4805\n") != std::string::npos);
}

TEST_CASE("show crypto ikev2 sa detailed: the right column at 40, fragmentation and the NAT's side from state") {
    auto a = sa(1, 0x0c010101, "READY");
    a.local_next_message_id = 271;
    a.remote_next_message_id = 369;
    auto out = show::show_ikev2_sa({a}, true);
    CHECK(out.find("\n      Local req msg id:  271            Remote req msg id:  369\n") != std::string::npos);
    CHECK(out.find("      Fragmentation not configured.\n") != std::string::npos);
    CHECK(out.find("      NAT-T is not detected\n") != std::string::npos);
    a.fragmentation_mtu = 1000;
    a.nat_inside = true;
    out = show::show_ikev2_sa({a}, true);
    CHECK(out.find("      IETF Std Fragmentation  configured.\n") != std::string::npos);
    CHECK(out.find("MTU in use") == std::string::npos);
    CHECK(out.find("      NAT-T is detected inside\n") != std::string::npos);
    a.fragmentation_in_use = true;
    a.nat_inside = false;
    a.nat_outside = true;
    out = show::show_ikev2_sa({a}, true);
    CHECK(out.find("      IETF Std Fragmentation MTU in use: 1000 bytes.\n") != std::string::npos);
    CHECK(out.find("      NAT-T is detected outside\n") != std::string::npos);
}
