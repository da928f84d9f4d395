#include "engine/show/show_ip_nat.hpp"

namespace routerd::show {
namespace {

std::string protocol_name(std::uint8_t p) {
    switch (p) {
        case 0: return "---";
        case 1: return "icmp";
        case 6: return "tcp";
        case 17: return "udp";
        default: return std::to_string(p);
    }
}

std::string endpoint(std::uint32_t a, std::uint16_t port, bool with_port) {
    std::string s = config::format_ipv4(a);
    return with_port ? s + ":" + std::to_string(port) : s;
}

std::string column(std::string s) {
    if (s.size() < 21) s.resize(21, ' ');
    return s + " ";
}

}  // namespace

std::string show_ip_nat_translations(const std::vector<config::NatStatic>& statics,
                                     const std::vector<platform::NatTranslation>& translated) {
    std::string out = "Pro " + column("Inside global") + column("Inside local") + column("Outside local") + "Outside global\n";
    // A static mapping is listed whether or not traffic used it (IOS), with "---" for the
    // outside it does not name.
    for (const auto& s : statics) {
        bool ports = s.protocol.has_value();
        out += (ports ? protocol_name(*s.protocol) : std::string("---")) + " " + column(endpoint(s.global, s.global_port, ports)) +
               column(endpoint(s.local, s.local_port, ports)) + column("---") + "---\n";
    }
    for (const auto& t : translated) {
        // IOS writes ports for TCP, UDP and ICMP (the echo id) translations.
        bool ports = t.protocol == 1 || t.protocol == 6 || t.protocol == 17;
        out += protocol_name(t.protocol) + " " + column(endpoint(t.inside_global, t.inside_global_port, ports)) +
               column(endpoint(t.inside_local, t.inside_local_port, ports)) +
               column(endpoint(t.outside_local, t.outside_local_port, ports)) +
               endpoint(t.outside_global, t.outside_global_port, ports) + "\n";
    }
    return out;
}

}  // namespace routerd::show
