#pragma once
// The IKEv1 engine: one UDP socket, the IKE SA database, Main Mode and Quick Mode as
// initiator and responder with pre-shared keys, negotiating what the PolicySet says. It never
// touches the kernel: negotiated SAs go out through `on_child_sa`.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/ike/ike_sa.hpp"
#include "engine/ike/proposals.hpp"

namespace routerd::ike {

struct EngineOptions {
    std::uint32_t local_address = 0;  // IPv4 host order; 0 = any
    std::uint16_t port = 500;
    std::uint16_t peer_port = 500;  // where peers listen (the same in a lab of ours)
    // Retransmission of an unanswered message: the first wait, doubled each time, and how
    // many times before the SA is given up (IOS: 5 attempts).
    std::chrono::milliseconds retransmit_base{1000};
    int retransmit_attempts = 5;
    std::uint16_t natt_port = 4500;  // ours and the peers' NAT-T port (RFC 3947 4)
    // Behave as if a NAT were in the way (strongSwan's forceencaps): for tests and for paths
    // that break plain ESP.
    bool force_encapsulation = false;
    // What one second of configured time means (keepalives, lifetimes): tests make it shorter.
    std::chrono::milliseconds time_unit{1000};
};

struct EngineHooks {
    std::function<std::shared_ptr<const policy::PolicySet>()> policy;
    std::function<void(const ChildSa&)> on_child_sa;
    // The responder's inbound SA, as it answers QM1 and before QM3: the initiator starts
    // sending on the new pair as soon as it has QM2, so the inbound SA must already be there
    // (a rekey under traffic loses nothing). on_child_sa follows with the whole pair.
    std::function<void(const ChildSa&)> on_inbound_sa;
    Debug isakmp_debug;  // `debug crypto isakmp` lines (without the "ISAKMP:" prefix handling)
    Debug ipsec_debug;   // `debug crypto ipsec`
    std::function<void(int severity, const std::string&)> log;  // %CRYPTO-... messages
    // With no fixed local address: the address the kernel would use toward a peer.
    std::function<std::optional<std::uint32_t>(std::uint32_t peer)> local_address_for;
    // Each IKE socket once bound (its native handle): the platform exempts it from IPsec
    // policies, so that IKE is never caught by the SAs it negotiates. Returns an error text.
    std::function<std::optional<std::string>(int fd)> on_socket_bound;
    // The NAT-T socket once bound: the platform has the kernel take the ESP that arrives on it
    // (UDP-encapsulated SAs), leaving IKE to us. Returns an error text.
    std::function<std::optional<std::string>(int fd)> on_natt_socket_bound;
    // DPD found the peer dead: its IPsec SAs must go too.
    std::function<void(std::uint32_t peer)> on_peer_dead;
    // The peer deleted the pair whose outbound SPI (our sending direction) is `spi_out`.
    std::function<void(std::uint32_t peer, std::uint32_t spi_out)> on_child_deleted;
};

// What `show crypto isakmp sa` shows of one SA: dst is the responder, src the initiator (IOS).
struct IkeSaView {
    std::uint32_t dst = 0, src = 0;
    std::uint32_t local = 0, remote = 0;
    std::uint16_t remote_port = 500;
    std::string remote_identity;  // the peer's phase 1 ID ("" before it is authenticated)
    std::string encryption, hash, auth;
    int encryption_bits = 0;  // AES key size
    int group = 0;
    std::uint32_t remaining_seconds = 0;
    std::string state;
    std::uint32_t conn_id = 0;
    bool active = true;
};

class IkeEngine {
public:
    IkeEngine(boost::asio::io_context& io, EngineOptions options, EngineHooks hooks);
    ~IkeEngine();
    IkeEngine(const IkeEngine&) = delete;
    IkeEngine& operator=(const IkeEngine&) = delete;

    // Binds the socket; an error text on failure.
    std::optional<std::string> start();
    // Traffic for `selector` needs SAs for policy entry `entry_key`: negotiate them.
    void initiate(const std::string& entry_key, const policy::Selector& selector);
    std::vector<IkeSaView> sas() const;
    // `clear crypto isakmp [conn-id]`: forget the SA(s).
    void clear(std::optional<std::uint32_t> conn_id);
    // `clear crypto sa`: the pair with inbound SPI `spi_in` is gone here; tell the peer.
    void delete_child(std::uint32_t peer, std::uint32_t spi_in);

private:
    void exempt(int fd);
    void receive();
    void handle(const Bytes& datagram, const boost::asio::ip::udp::endpoint& from, bool natt);
    void receive_natt();
    void nat_detection(IkeSa& sa, const std::vector<Payload>& payloads);
    std::vector<Payload> nat_d_payloads(const IkeSa& sa) const;
    void nat_keepalives();
    void send(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads, bool encrypt, Bytes* iv);
    void transmit(const IkeSa& sa, const Bytes& message);
    void debug(const IkeSa* sa, const std::string& text) const;
    void transition(IkeSa& sa, Phase1Step to);

    void start_phase1(std::uint32_t peer, const std::string& entry_key, const policy::Selector& selector, bool aggressive);
    // Registers a new initiator SA and sends its first message (MM1 or AM1); the Quick Mode it
    // was started for waits in `pending`.
    void send_first(std::unique_ptr<IkeSa> sa, ExchangeType exchange, const std::vector<Payload>& payloads,
                    std::pair<std::string, policy::Selector> waiting);
    void aggressive_responder(const Header& h, const std::vector<Payload>& payloads, std::uint32_t from, std::uint16_t port);
    void aggressive(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads);
    void main_mode_responder(const Header& h, const std::vector<Payload>& payloads, std::uint32_t from, std::uint16_t port);
    void main_mode(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads);
    bool derive_keys(IkeSa& sa);
    void phase1_complete(IkeSa& sa);

    void start_quick_mode(IkeSa& sa, const std::string& entry_key, const policy::Selector& selector);
    void quick_mode(IkeSa& sa, const Header& h, const Bytes& body);
    std::optional<ChildSa> child_of(const IkeSa& sa, const QuickMode& qm) const;
    void install(IkeSa& sa, QuickMode& qm);
    void informational(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads);
    void send_delete(IkeSa& sa);
    // Keeps `message` to send again if no answer comes (the initiator's side of an exchange).
    void arm_retransmit(IkeSa& sa, Bytes message);
    void disarm_retransmit(const Cookie& cky_i);
    void retransmit(const Cookie& cky_i);
    // Once a time unit: DPD (RFC 3706, `crypto isakmp keepalive`), SA lifetimes and rekeys.
    void schedule_housekeeping();
    void dpd_tick();
    void lifetimes_tick();
    void session_status(std::uint32_t peer, bool up);
    void send_notify(IkeSa& sa, NotifyType type, const Bytes& data);
    void send_informational(IkeSa& sa, Payload payload);
    // Before phase 1 keys exist a refusal goes in clear (RFC 2408 5.5: NO_PROPOSAL_CHOSEN).
    void send_clear_notify(const Header& to, std::uint32_t peer, std::uint16_t port, NotifyType type);

    IkeSa* find(const Cookie& cky_i);
    std::uint32_t next_conn_id();
    std::uint32_t local_for(std::uint32_t peer) const;

    boost::asio::io_context& io_;
    EngineOptions options_;
    EngineHooks hooks_;
    boost::asio::ip::udp::socket socket_;
    std::array<std::uint8_t, 65536> buffer_{};
    boost::asio::ip::udp::endpoint from_;
    std::map<Cookie, std::unique_ptr<IkeSa>> sas_;  // by initiator cookie
    struct Pending {
        Bytes message;
        int attempts = 0;
        std::unique_ptr<boost::asio::steady_timer> timer;
    };
    std::map<Cookie, Pending> retransmits_;
    boost::asio::steady_timer dpd_timer_;
    // IPsec SA pairs we negotiated, for rekeying before they expire.
    struct Installed {
        std::string entry_key;
        policy::Selector selector;
        std::uint32_t peer = 0;
        bool initiator = false;
        std::chrono::steady_clock::time_point installed;
        std::uint32_t lifetime_seconds = 3600;
        bool rekeyed = false;
        std::uint32_t spi_in = 0, spi_out = 0;
    };
    std::vector<Installed> installed_;
    boost::asio::ip::udp::socket natt_socket_;
    std::array<std::uint8_t, 65536> natt_buffer_{};
    boost::asio::ip::udp::endpoint natt_from_;
    boost::asio::steady_timer natt_keepalive_timer_;
    std::uint32_t conn_ids_ = 1000;
};

}  // namespace routerd::ike
