// IKE's UDP transport on real loopback sockets (engine/ike/core/udp_transport.cpp): a burst that
// waits in the socket's queue is read in wake-ups of many datagrams; none may be lost, reordered
// or mixed up, on the IKE port or the NAT-T port (whose keepalives and ESP are not IKE's). Bound
// to the wildcard address, it says which of the host's addresses each datagram was sent to, and
// answers from the one it is told to.
#include <catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/ike/core/udp_transport.hpp"

using namespace routerd;
using boost::asio::ip::udp;

namespace {

constexpr std::uint32_t kLoopback = 0x7f000001;

// A free UDP port on 127.0.0.1, as the kernel hands one out (there is a window before it is
// bound again; nothing else on a test machine takes ports this way in it).
std::uint16_t free_port(boost::asio::io_context& io) {
    udp::socket s(io, udp::endpoint(boost::asio::ip::address_v4(kLoopback), 0));
    return s.local_endpoint().port();
}

// A transport bound to `local_address` (0: every address) on two free ports, open, keeping
// what it receives.
struct Opened {
    explicit Opened(std::uint32_t local_address) {
        o.local_address = local_address;
        o.port = free_port(io);
        o.natt_port = free_port(io);
        transport.emplace(io, o);
        REQUIRE_FALSE(transport->open([this](const ike::core::Received& r) { got.push_back(r); }));
    }
    boost::asio::io_context io;
    ike::core::UdpTransportOptions o;
    std::optional<ike::core::UdpTransport> transport;
    std::vector<ike::core::Received> got;
};

}  // namespace

TEST_CASE("UDP transport: a burst of 100 datagrams on each port arrives whole and in order") {
    Opened t(kLoopback);
    auto& [io, o, transport, got] = t;

    udp::socket peer(io, udp::endpoint(boost::asio::ip::address_v4(kLoopback), 0));
    boost::asio::socket_base::send_buffer_size big(1 << 20);
    peer.set_option(big);
    udp::endpoint ike_port(boost::asio::ip::address_v4(kLoopback), o.port), natt_port(boost::asio::ip::address_v4(kLoopback), o.natt_port);
    // Everything is queued before the event loop runs: the drain's case.
    const int n = 100;  // within the default receive buffer, which drops what overflows it
    for (int i = 0; i < n; ++i) {
        std::string m = "ike " + std::to_string(i);
        peer.send_to(boost::asio::buffer(m), ike_port);
        std::string natt = std::string(4, '\0') + "natt " + std::to_string(i);  // the non-ESP marker
        peer.send_to(boost::asio::buffer(natt), natt_port);
        if (i % 10 == 0) {
            const char keepalive = '\xff';  // RFC 3948 2.3
            peer.send_to(boost::asio::buffer(&keepalive, 1), natt_port);
            std::string esp = "\x12\x34\x56\x78 esp";  // an SPI where the marker would be
            peer.send_to(boost::asio::buffer(esp), natt_port);
        }
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (got.size() < 2 * n && std::chrono::steady_clock::now() < deadline) io.run_for(std::chrono::milliseconds(50));
    REQUIRE(got.size() == 2 * n);
    int next_ike = 0, next_natt = 0;
    for (const auto& r : got) {
        std::string text(r.message.begin(), r.message.end());
        CHECK(r.from.address == kLoopback);
        CHECK(r.from.port == peer.local_endpoint().port());
        CHECK(r.local == kLoopback);
        if (r.natt) CHECK(text == "natt " + std::to_string(next_natt++));
        else CHECK(text == "ike " + std::to_string(next_ike++));
    }
    CHECK(next_ike == n);
    CHECK(next_natt == n);

    // And the way back, on each port.
    std::string answer = "answer";
    CHECK_FALSE(transport->send(0, {kLoopback, peer.local_endpoint().port()}, false,
                               std::span(reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size())));
    CHECK_FALSE(transport->send(0, {kLoopback, peer.local_endpoint().port()}, true,
                               std::span(reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size())));
    std::array<char, 64> buf{};
    udp::endpoint from;
    auto len = peer.receive_from(boost::asio::buffer(buf), from);
    CHECK(std::string(buf.data(), len) == "answer");
    CHECK(from.port() == o.port);
    len = peer.receive_from(boost::asio::buffer(buf), from);
    CHECK(std::string(buf.data(), len) == std::string(4, '\0') + "answer");
    CHECK(from.port() == o.natt_port);
}

// 127.0.0.0/8 is all local on lo, so 127.0.0.2 and 127.0.0.3 are two addresses of this host; the
// route toward a peer at 127.0.0.1 would choose 127.0.0.1 as the source.
TEST_CASE("UDP transport on the wildcard address: each datagram's local address, and answers from a chosen one") {
    constexpr std::uint32_t kSecond = 0x7f000002, kThird = 0x7f000003;
    Opened t(0);
    auto& [io, o, transport, got] = t;

    udp::socket peer(io, udp::endpoint(boost::asio::ip::address_v4(kLoopback), 0));
    auto to = [](std::uint32_t a, std::uint16_t port) { return udp::endpoint(boost::asio::ip::address_v4(a), port); };
    peer.send_to(boost::asio::buffer(std::string("to second")), to(kSecond, o.port));
    peer.send_to(boost::asio::buffer(std::string(4, '\0') + "to third"), to(kThird, o.natt_port));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (got.size() < 2 && std::chrono::steady_clock::now() < deadline) io.run_for(std::chrono::milliseconds(50));
    REQUIRE(got.size() == 2);
    CHECK(std::string(got[0].message.begin(), got[0].message.end()) == "to second");
    CHECK(got[0].local == kSecond);
    CHECK_FALSE(got[0].natt);
    CHECK(std::string(got[1].message.begin(), got[1].message.end()) == "to third");
    CHECK(got[1].local == kThird);
    CHECK(got[1].natt);

    std::string answer = "answer";
    auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size());
    ike::core::Endpoint back{kLoopback, peer.local_endpoint().port()};
    CHECK_FALSE(transport->send(kSecond, back, false, bytes));
    CHECK_FALSE(transport->send(kThird, back, true, bytes));
    CHECK_FALSE(transport->send(0, back, false, bytes));
    std::array<char, 64> buf{};
    udp::endpoint from;
    auto len = peer.receive_from(boost::asio::buffer(buf), from);
    CHECK(std::string(buf.data(), len) == "answer");
    CHECK(from == to(kSecond, o.port));
    len = peer.receive_from(boost::asio::buffer(buf), from);
    CHECK(std::string(buf.data(), len) == std::string(4, '\0') + "answer");
    CHECK(from == to(kThird, o.natt_port));
    len = peer.receive_from(boost::asio::buffer(buf), from);
    CHECK(from == to(kLoopback, o.port));  // no address named: the route's choice

    // An address this host does not have is refused, with the kernel's reason.
    auto refused = transport->send(0x0a0b0c0d, back, false, bytes);
    REQUIRE(refused);
    CHECK_FALSE(refused->empty());
}
