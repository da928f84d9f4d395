#pragma once
// The typed running-configuration: what `show running-config` prints and startup-config
// stores. Only configuration lives here; live state (links, SAs) belongs to other parts.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/acl_config.hpp"
#include "engine/config/crypto_config.hpp"
#include "engine/config/secrets.hpp"
#include "engine/config/stored_config.hpp"
#include "grammar/interface_name.hpp"

namespace routerd::config {

struct Ipv4WithMask {
    std::uint32_t address = 0;
    std::uint32_t mask = 0;
    bool operator==(const Ipv4WithMask&) const = default;
};

// IOS's "Method" column of `show ip interface brief`: where the address came from.
enum class AddressMethod { Unset, Nvram, Manual };

struct InterfaceConfig {
    grammar::InterfaceName name;
    std::string description;
    std::optional<Ipv4WithMask> address;
    std::vector<Ipv4WithMask> secondaries;
    bool shutdown = false;
    AddressMethod method = AddressMethod::Unset;
    std::optional<grammar::InterfaceName> unnumbered;
    std::string crypto_map;
    std::optional<std::uint32_t> mtu;       // `ip mtu`
    std::optional<std::uint32_t> link_mtu;  // `mtu`
    std::optional<std::uint32_t> tcp_adjust_mss;
    // Tunnel interfaces
    std::string tunnel_source;       // address or interface, as typed
    std::string tunnel_destination;
    std::string tunnel_mode;         // "" = gre ip (the default), "ipsec ipv4", ...
    std::string tunnel_protection;   // IPsec profile name
    bool tunnel_protection_shared = false;
    // `interface Virtual-Template1 type tunnel`, `interface Serial0/0.1 point-to-point`
    std::string header_suffix;
    std::optional<std::uint32_t> dot1q_vlan;  // `encapsulation dot1Q N` (sub-interfaces)
    bool dot1q_native = false;
    std::vector<StoredLine> stored;  // kept lines (duplex, ip nat inside, ...), see stored_config.hpp
    bool operator==(const InterfaceConfig&) const = default;
    // `tunnel mode ipsec ipv4|ipv6`: a static VTI.
    bool ipsec_tunnel() const { return tunnel_mode.rfind("ipsec", 0) == 0; }

    static InterfaceConfig named(grammar::InterfaceName n) {
        InterfaceConfig c;
        c.name = std::move(n);
        return c;
    }
};

struct StaticRoute {
    std::uint32_t prefix = 0, mask = 0;
    std::optional<std::uint32_t> next_hop;
    std::optional<grammar::InterfaceName> interface;
    std::uint32_t distance = 1;
    std::string name;
    bool permanent = false;
    bool operator==(const StaticRoute&) const = default;
};

enum class LineKind { Console, Aux, Vty };

struct LineConfig {
    std::optional<std::pair<std::uint32_t, std::uint32_t>> exec_timeout;  // minutes, seconds
    bool logging_synchronous = false;
    std::optional<StoredSecret> password;  // type 0 or 7
    enum class Login { None, Password, Local } login = Login::None;
    std::string transport_input;  // "" = default
    std::optional<std::uint32_t> privilege;
    std::string access_class_in, access_class_out;  // ACL names ("" = none)
    bool access_class_vrf_also = false;
    std::vector<StoredLine> stored;  // lines kept without effect (stopbits, length, ...)
    bool operator==(const LineConfig&) const = default;
};

struct TimestampStyle {
    bool uptime = false;
    bool msec = false, localtime = false, show_timezone = false, year = false;
    bool operator==(const TimestampStyle&) const = default;
};

struct User {
    std::string name;
    std::uint32_t privilege = 1;
    bool is_secret = true;  // `secret` (hashed) rather than `password`
    StoredSecret secret;
};

struct LoggingBuffered {
    std::uint32_t size = 8192;
    std::uint32_t level = 7;  // debugging
};

struct Banner {
    std::string delimiter;  // "^C" or one character
    std::string text;
};

// `ip ssh ...` (IOS defaults: version 1.99 = both, 120 s, 3 retries).
struct SshConfig {
    std::uint32_t version = 0;  // 0: not set (IOS answers 1.99)
    std::uint32_t timeout = 120;
    std::uint32_t retries = 3;
    std::optional<std::pair<std::uint32_t, std::uint32_t>> port_rotary;  // `ip ssh port N rotary M`
    bool operator==(const SshConfig&) const = default;
};

// `aaa new-model` and the method lists routerd carries out (local ones).
struct AaaConfig {
    bool new_model = false;
    std::map<std::string, std::vector<std::string>> authentication_login;  // list name -> methods
    std::map<std::string, std::vector<std::string>> authorization_exec;
    bool operator==(const AaaConfig&) const = default;
};

// The router's RSA key pair. IOS keeps it in private NVRAM, not in the running-config: it is
// never shown by `show running-config` nor saved in startup-config, and it survives
// `write erase` and reloads (routerd keeps it in its config directory).
struct RsaKeyPair {
    std::string name;  // "R1.example.com", from hostname and domain when generated
    std::uint32_t bits = 0;
    std::string private_pem;
    bool operator==(const RsaKeyPair&) const = default;
};

struct RunningConfig {
    std::string hostname = "Router";
    std::optional<StoredSecret> enable_secret;
    std::vector<User> users;
    bool password_encryption = false;
    TimestampStyle timestamps_debug{false, true, false, false, false};
    TimestampStyle timestamps_log{false, true, false, false, false};
    std::optional<LoggingBuffered> logging_buffered;
    std::map<grammar::InterfaceName, InterfaceConfig> interfaces;  // IOS order
    std::vector<StaticRoute> routes;                              // kept sorted as IOS shows them
    LineConfig console, aux;
    std::vector<LineConfig> vty = std::vector<LineConfig>(5, vty_default());  // lines 0..4 exist
    std::optional<Banner> motd;
    std::map<std::string, Banner> banners;  // exec, incoming, login, prompt-timeout, slip-ppp
    CryptoConfig crypto;
    AccessLists access_lists;
    bool domain_lookup = true;
    std::string domain_name;
    SshConfig ssh;
    AaaConfig aaa;
    std::optional<RsaKeyPair> rsa_key;
    std::vector<StoredLine> stored;  // kept global lines and blocks, see stored_config.hpp
    std::chrono::system_clock::time_point last_change{};
    std::optional<std::chrono::system_clock::time_point> last_saved;

    static LineConfig vty_default() {
        LineConfig l;
        l.login = LineConfig::Login::Password;  // IOS vty lines ask for a password by default
        return l;
    }
};

std::string format_ipv4(std::uint32_t address);
std::uint32_t prefix_to_mask(int length);
int mask_length(std::uint32_t mask);  // 255.255.255.0 -> 24 (a contiguous mask)
bool contiguous_mask(std::uint32_t mask);
// Whether two subnets share an address (the shorter prefix holds the other).
bool subnets_overlap(const Ipv4WithMask& a, const Ipv4WithMask& b);

}  // namespace routerd::config
