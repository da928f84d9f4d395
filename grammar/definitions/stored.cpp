// Commands an IOS router accepts that this box keeps, shows in `show running-config` and saves,
// without carrying them out (yet): routing protocols, NAT, NTP, SNMP, AAA, QoS, DHCP, PKI,
// IKEv2 and the interface knobs Linux has no counterpart for. Each is a real IOS command with
// IOS's help text; what follows its keywords is kept as typed. A paste of a whole router
// config therefore loses no line, and a line IOS itself rejects still gets IOS's error.
// Lines that open a block (`router bgp 1`, `route-map X permit 10`, `ip dhcp pool P`) enter
// Mode::ConfigBlock, where every line is a child of the block.
#include <string>

#include "grammar/command.hpp"

namespace routerd::grammar {
namespace {

constexpr std::string_view kRestHelp = "Command arguments (kept as typed)";

enum class Args { None, Optional, Required };

struct Stored {
    std::string_view words;                // canonical keywords, spelled as IOS shows them
    std::vector<std::string_view> help;    // one per keyword ("" = as listed elsewhere)
    Args args = Args::Optional;
};

void add(std::vector<CommandDef>& out, Mode mode, CommandId id, const std::vector<Stored>& list) {
    for (const auto& s : list) {
        CommandDef d{mode, id, std::string(s.words), s.help};
        if (s.args == Args::Required) d.syntax += " LINE";
        if (s.args == Args::Optional) d.syntax += " [LINE]";
        if (s.args != Args::None) {
            d.help.push_back(kRestHelp);
            d.no_syntax = std::string(s.words) + " [LINE]";
        }
        out.push_back(std::move(d));
    }
}

// Global configuration lines kept as typed (no sub-mode).
std::vector<Stored> global_lines() {
    using enum Args;
    return {
        {"aaa", {"Authentication, Authorization and Accounting."}, Required},
        {"alias", {"Create command alias"}, Required},
        {"boot", {"Modify system boot parameters"}, Required},
        {"boot-start-marker", {"Boot Start Marker"}, None},
        {"boot-end-marker", {"Boot End Marker"}, None},
        {"bridge", {"Bridge Group."}, Required},
        {"cdp", {"Global CDP configuration subcommands"}, Required},
        {"clock", {"Configure time-of-day clock"}, Required},
        {"crypto ca", {"Encryption module", "Certification authority"}, Required},
        {"crypto ctcp", {"", "Configure cTCP encapsulation"}, Optional},
        {"crypto engine", {"", "Configure crypto engine"}, Required},
        {"crypto ipsec fragmentation", {"", "", "IPsec fragmentation policy"}, Required},
        {"crypto ipsec nat-transparency spi-matching", {"", "", "IPsec NAT transparency model",
                                                        "Match inbound SPI to outbound SPI"}, None},
        {"crypto ikev2 certificate-cache", {"", "", "Cache for storing certs fetched from HTTP URLs"}, Required},
        {"crypto ikev2 diagnose", {"", "", "Diagnose IKEv2"}, Required},
        {"crypto ikev2 http-url", {"", "", "Enable http URL lookup"}, Required},
        {"crypto ikev2 window", {"", "", "Window size for concurrent IKEv2 requests"}, Required},
        {"crypto isakmp xauth", {"", "Configure ISAKMP policy", "Xauth parameters"}, Required},
        {"crypto isakmp diagnose", {"", "", "Diagnose ISAKMP"}, Required},
        {"crypto pki token", {"", "Public Key components", "Configure token"}, Required},
        {"crypto pki crl", {"", "", "CRL cache"}, Required},
        {"crypto vpn", {"", "Configure VPN feature"}, Required},
        {"crypto logging", {"", "logging messages"}, Required},
        {"diagnostic", {"Configure diagnostic information"}, Required},
        {"ethernet", {"Ethernet configuration"}, Required},
        {"fhrp", {"Configure First Hop Redundancy Protocol (FHRP)"}, Required},
        {"netconf-yang", {"Configure YANG model-driven NETCONF"}, Optional},
        {"restconf", {"Enable RESTCONF"}, Optional},
        {"dialer-list", {"Create a dialer list entry"}, Required},
        {"dot11", {"IEEE 802.11 config commands"}, Required},
        {"enable password", {"Modify enable password parameters", "Assign the privileged level password"}, Required},
        {"errdisable", {"Error disable"}, Required},
        {"file", {"Adjust file system parameters"}, Required},
        {"hw-module", {"Control of individual components in the system"}, Required},
        {"ip accounting-threshold", {"Global IP configuration subcommands", "Sets the maximum number of accounting entries"}, Required},
        {"ip admission", {"", "Network Admission Control (NAC)"}, Required},
        {"ip as-path", {"", "BGP autonomous system path filter"}, Required},
        {"ip auth-proxy", {"", "Authentication Proxy"}, Required},
        {"ip bgp-community", {"", "format for BGP community"}, Required},
        {"ip bootp", {"", "Config BOOTP services"}, Required},
        {"ip cef", {"", "Cisco Express Forwarding"}, Optional},
        {"ip classless", {"", "Follow classless routing forwarding rules"}, None},
        {"ip community-list", {"", "Add a community list entry"}, Required},
        {"ip ddns", {"", "Configure dynamic DNS"}, Required},
        {"ip default-gateway", {"", "Specify default gateway (if not routing IP)"}, Required},
        {"ip default-network", {"", "Flags networks as candidates for default routes"}, Required},
        {"ip dhcp", {"", "Configure DHCP server and relay parameters"}, Required},
        {"ip dns", {"", "Configure DNS server for a zone"}, Required},
        {"ip domain list", {"", "IP DNS Resolver", "Domain name to complete unqualified host names"}, Required},
        {"ip domain retry", {"", "", "Number of times to retry"}, Required},
        {"ip domain timeout", {"", "", "Timeout time to wait for response"}, Required},
        {"ip domain-list", {"", "Domain name to complete unqualified host names."}, Required},
        {"ip explicit-path", {"", "Configure explicit-path"}, Required},
        {"ip extcommunity-list", {"", "Add a extended community list entry"}, Required},
        {"ip finger", {"", "finger server"}, Optional},
        {"ip flow-aggregation", {"", "Configure netflow aggregation cache"}, Required},
        {"ip flow-cache", {"", "Configure netflow cache parameters"}, Required},
        {"ip flow-export", {"", "Specify host/port to send flow statistics"}, Required},
        {"ip forward-protocol", {"", "Controls forwarding of physical and directed IP broadcasts"}, Required},
        {"ip ftp", {"", "FTP configuration commands"}, Required},
        {"ip gratuitous-arps", {"", "Generate gratuitous ARPs for PPP/SLIP peer addresses"}, Optional},
        {"ip host", {"", "Add an entry to the ip hostname table"}, Required},
        {"ip http", {"", "HTTP server configuration"}, Required},
        {"ip icmp", {"", "ICMP options"}, Required},
        {"ip igmp", {"", "IGMP global configuration"}, Required},
        {"ip inspect", {"", "Context-based Access Control Engine"}, Required},
        {"ip ips", {"", "Intrusion Prevention System"}, Required},
        {"ip local", {"", "Specify local options"}, Required},
        {"ip msdp", {"", "MSDP configuration commands"}, Required},
        {"ip multicast", {"", "Global IP Multicast Commands"}, Required},
        {"ip multicast-routing", {"", "Enable IP multicast forwarding"}, Optional},
        {"ip name-server", {"", "Specify address of name server to use"}, Required},
        {"ip nat", {"", "NAT configuration commands"}, Required},
        // Bare, `ip nat inside` and `ip nat outside` are interface commands: globally IOS wants
        // the translation's direction, and a global line equal to an interface's would join
        // the interface above it when the running-config is read back (found by
        // config_load_fuzz).
        {"ip nat inside {source|destination}", {"", "", "Inside address translation", "Source address translation",
                                                "Destination address translation"}, Required},
        {"ip nat outside source", {"", "", "Outside address translation", "Source address translation"}, Required},
        {"ip options", {"", "IP options processing"}, Required},
        {"ip pim", {"", "PIM global commands"}, Required},
        {"ip prefix-list", {"", "Build a prefix list"}, Required},
        {"ip radius", {"", "RADIUS configuration commands"}, Required},
        {"ip rcmd", {"", "Rcmd commands"}, Required},
        {"ip route vrf", {"", "Establish static routes", "Configure static route for a VPN Routing/Forwarding instance"}, Required},
        {"ip routing", {"", "Enable IP routing"}, Optional},
        {"ip scp", {"", "Scp commands"}, Required},
        {"ip security", {"", "Specify system wide security information"}, Required},
        {"ip source-route", {"", "Process packets with source routing header options"}, None},
        {"ip ssh", {"", "Configure ssh options"}, Required},
        {"ip subnet-zero", {"", "Allow 'subnet zero' subnets"}, None},
        {"ip tacacs", {"", "TACACS configuration commands"}, Required},
        // IOS's global `ip tcp ?` lists these; `ip tcp adjust-mss` is an interface command,
        // refused globally (the caret under its `d`: `a` could begin `async-mobility`).
        {"ip tcp async-mobility", {"", "Global TCP parameters", "Configure async-mobility"}, Required},
        {"ip tcp chunk-size", {"", "", "TCP chunk size"}, Required},
        {"ip tcp ecn", {"", "", "Enable Explicit Congestion Notification"}, None},
        {"ip tcp finwait-time", {"", "", "Set FIN-WAIT timeout"}, Required},
        {"ip tcp mss", {"", "", "Set TCP MSS value"}, Required},
        {"ip tcp path-mtu-discovery", {"", "", "Enable path-MTU discovery on new TCP connections"}, Optional},
        {"ip tcp queuemax", {"", "", "Maximum queue of outgoing TCP packets"}, Required},
        {"ip tcp selective-ack", {"", "", "Enable TCP selective-ACK"}, None},
        {"ip tcp synwait-time", {"", "", "Set time to wait on new TCP connections"}, Required},
        {"ip tcp timestamp", {"", "", "Enable TCP timestamp option"}, None},
        {"ip tcp window-size", {"", "", "TCP window size"}, Required},
        {"ip telnet", {"", "Telnet options"}, Required},
        {"ip tftp", {"", "tftp configuration commands"}, Required},
        {"ip wccp", {"", "Web-Cache Coordination Protocol Commands"}, Required},
        {"ipv6", {"Global IPv6 configuration commands"}, Required},
        {"isdn", {"ISDN configuration commands"}, Required},
        {"license", {"Configure license features"}, Required},
        {"lldp", {"Global LLDP configuration subcommands"}, Required},
        {"logging", {"Modify message logging facilities"}, Required},
        {"login", {"Enable secure login checking"}, Required},
        {"mac", {"Global MAC configuration subcommands"}, Required},
        {"mac-address-table", {"Configure the MAC address table"}, Required},
        {"memory", {"Configure memory management"}, Required},
        {"memory-size", {"Adjust memory size by percentage"}, Required},
        {"mls", {"mls global commands"}, Required},
        {"mmi", {"mmi"}, Required},
        {"monitor", {"Monitoring different system events"}, Required},
        {"mpls", {"Configure MPLS parameters"}, Required},
        {"multilink", {"PPP multilink global configuration"}, Required},
        {"network-clock", {"Configure Network-clock"}, Required},
        {"network-clock-participate", {"Participate in Network Clocking"}, Required},
        {"ntp", {"Configure NTP"}, Required},
        {"platform", {"platform specific configuration"}, Required},
        {"port-channel", {"EtherChannel configuration"}, Required},
        {"power", {"Power configure"}, Required},
        {"priority-list", {"Build a priority list"}, Required},
        {"password", {"Configure encryption password (key)"}, Required},
        {"privilege", {"Command privilege parameters"}, Required},
        {"process-max-time", {"Maximum time for process to run before voluntary suspend"}, Required},
        {"qos", {"Global QoS configuration subcommands"}, Required},
        {"radius-server", {"Modify RADIUS query parameters"}, Required},
        {"scheduler", {"Scheduler parameters"}, Required},
        {"security", {"Infra Security CLIs"}, Required},
        {"service", {"Modify use of network based services"}, Required},
        {"snmp", {"Modify snmp parameters"}, Required},
        {"snmp-server", {"Modify SNMP engine parameters"}, Required},
        {"spanning-tree", {"Spanning Tree Subsystem"}, Required},
        {"subscriber", {"Subscriber parameters"}, Required},
        {"system", {"System configuration"}, Required},
        {"tacacs-server", {"Modify TACACS query parameters"}, Required},
        {"udld", {"Configure global UDLD setting"}, Required},
        {"vlan internal", {"Vlan commands", "internal vlan"}, Required},
        {"vpdn", {"Virtual Private Dialup Network"}, Required},
        {"vtp", {"Configure global VTP state"}, Required},
        {"wsma", {"Configure Web Services Management Agents"}, Required},
        {"xconnect", {"Configure xconnect options"}, Required},
    };
}

// Global lines that open a block, and the prompt IOS shows inside it is chosen by
// engine/config (stored_catalog.cpp).
std::vector<Stored> global_blocks() {
    using enum Args;
    return {
        {"aaa group", {"", "AAA group definitions"}, Required},
        {"archive", {"Archive the configuration"}, None},
        {"call-home", {"Enter call-home configuration mode"}, None},
        {"class-map", {"Configure CPL Class Map"}, Required},
        {"control-plane", {"Configure control plane services"}, Optional},
        {"controller", {"Configure controller"}, Required},
        {"crypto gdoi", {"", "Configure GDOI policy"}, Required},
        {"crypto ikev2 authorization", {"", "", "Ikev2 authorization data"}, Required},
        {"crypto ikev2 client", {"", "", "Configure IKEv2 client"}, Required},
        {"crypto ipsec client", {"", "", "Configure a Remote Access Client"}, Required},
        {"crypto isakmp client", {"", "", "Set client configuration policy"}, Required},
        {"crypto key pubkey-chain", {"", "Long term key operations", "Peer public key chain management"}, Required},
        {"crypto pki certificate", {"", "", "Actions on certificates"}, Required},
        {"crypto pki profile", {"", "", "Define a PKI profile"}, Required},
        {"crypto pki server", {"", "", "Enable IOS Certificate Server"}, Required},
        {"crypto pki trustpoint", {"", "", "Define a CA trustpoint"}, Required},
        {"crypto pki trustpool", {"", "", "Configure trustpool"}, Required},
        {"dial-peer", {"Dial Map (Peer) configuration commands"}, Required},
        {"event", {"Event related configuration commands"}, Required},
        {"flow", {"Global Flow configuration subcommands"}, Required},
        {"ip access-list logging", {"", "Named access-list", "Control access list logging"}, Required},
        {"ip dhcp pool", {"", "", "Configure DHCP address pools"}, Required},
        {"ip sla", {"", "IP Service Level Agreement"}, Required},
        {"ip flow-top-talkers", {"", "Display top talkers"}, None},
        {"ip vrf", {"", "Configure an IP VPN Routing/Forwarding instance (VRF)"}, Required},
        {"ipv6 access-list", {"", "Configure access lists"}, Required},
        {"ipv6 dhcp pool", {"", "IPv6 DHCP configuration", "Configure IPv6 DHCP pool"}, Required},
        {"ipv6 router", {"", "Enable an IPV6 routing process"}, Required},
        {"key", {"Key management"}, Required},
        {"kron", {"Kron interval Configuration"}, Required},
        {"l2tp-class", {"Configure l2tp class"}, Required},
        {"object-group", {"Configure object group"}, Required},
        {"parameter-map", {"parameter map"}, Required},
        {"policy-map", {"Configure QoS Policy Map"}, Required},
        {"pseudowire-class", {"Pseudowire-class configuration"}, Required},
        {"radius", {"radius server configuration"}, Required},
        {"redundancy", {"Enter redundancy mode"}, None},
        {"resource", {"Configure resource"}, Required},
        {"route-map", {"Create route-map or enter route-map command mode"}, Required},
        {"router {bgp|eigrp|isis|lisp|mobile|odr|ospf|ospfv3|rip}",
         {"Enable a routing process", "Border Gateway Protocol (BGP)", "Enhanced Interior Gateway Routing Protocol (EIGRP)",
          "ISO IS-IS", "Locator/ID Separation Protocol", "Mobile routes", "On Demand stub Routes",
          "Open Shortest Path First (OSPF)", "OSPFv3", "Routing Information Protocol (RIP)"},
         Optional},
        {"tacacs", {"TACACS+ server configuration"}, Required},
        {"template", {"Template configuration"}, Required},
        {"track", {"Object tracking configuration commands"}, Required},
        {"vlan", {""}, Required},
        {"voice", {"Global voice configuration"}, Required},
        {"vpdn-group", {"VPDN group configuration"}, Required},
        {"vrf", {"VRF commands"}, Required},
        {"webvpn", {"WebVPN configuration"}, Required},
        {"zone", {"FW with zoning"}, Required},
        {"zone-pair", {"Zone pair command"}, Required},
    };
}

// Interface lines kept as typed. `ip address dhcp|negotiated` are here too: addresses a
// DHCP or PPP peer hands out are not asked for on this box.
std::vector<Stored> interface_lines() {
    using enum Args;
    return {
        {"arp", {"Set arp type (arpa, probe, snap) or timeout or log options"}, Required},
        {"atm", {"Modify ATM parameters"}, Required},
        {"auto", {"Configure Automation"}, Required},
        {"autostate", {"Enable or disable autostate"}, Optional},
        {"bandwidth", {"Set bandwidth informational parameter"}, Required},
        {"bfd", {"BFD interface configuration commands"}, Required},
        {"carrier-delay", {"Specify delay for interface transitions"}, Required},
        {"cdp enable", {"CDP interface subcommands", "Enable CDP on interface"}, None},
        {"channel-group", {"Etherchannel/port bundling configuration"}, Required},
        {"clock rate", {"Configure serial interface clock", "Configure serial interface clock speed"}, Required},
        {"crypto engine", {"Encryption/Decryption commands", "Select the crypto engine"}, Required},
        {"crypto ipsec {df-bit|fragmentation}", {"", "IPSec interface commands", "Handling of encapsulated DF bit.",
                                                  "Fragmentation settings"}, Required},
        {"delay", {"Specify interface throughput delay"}, Required},
        {"dialer", {"Dial-on-demand routing (DDR) commands"}, Required},
        {"dialer-group", {"Assign interface to dialer-list"}, Required},
        {"down-when-looped", {"Force looped serial interface down"}, None},
        {"dsl", {"Configure DSL interface"}, Required},
        {"duplex", {"Configure duplex operation."}, Required},
        {"encapsulation", {"Set encapsulation type for an interface"}, Required},
        {"flowcontrol", {"Configure flow operation."}, Required},
        {"full-duplex", {"Configure full-duplex operational mode"}, None},
        {"glbp", {"Gateway Load Balancing Protocol interface commands"}, Required},
        {"ip access-group", {"Interface Internet Protocol config commands", "Specify access control for packets"}, Required},
        {"ip accounting", {"", "Enable IP accounting on this interface"}, Optional},
        {"ip address dhcp", {"", "Set the IP address of an interface", "IP Address negotiated via DHCP"}, Optional},
        {"ip address negotiated", {"", "", "IP Address negotiated over PPP"}, Optional},
        {"ip admission", {"", "Apply Network Admission Control"}, Required},
        {"ip authentication", {"", "authentication subcommands"}, Required},
        {"ip bandwidth-percent", {"", "Set EIGRP bandwidth limit"}, Required},
        {"ip broadcast-address", {"", "Set the broadcast address of an interface"}, Required},
        {"ip dhcp", {"", "Configure DHCP parameters for this interface"}, Required},
        {"ip directed-broadcast", {"", "Enable forwarding of directed broadcasts"}, Optional},
        {"ip flow", {"", "NetFlow related commands"}, Required},
        {"ip hello-interval", {"", "Configures EIGRP-IPv4 hello interval"}, Required},
        {"ip helper-address", {"", "Specify a destination address for UDP broadcasts"}, Required},
        {"ip hold-time", {"", "Configures EIGRP-IPv4 hold time"}, Required},
        {"ip igmp", {"", "IGMP interface commands"}, Required},
        {"ip information-reply", {"", "Enable sending ICMP Information Reply messages"}, None},
        {"ip inspect", {"", "Apply inspect name"}, Required},
        {"ip ips", {"", "Create IPS rule"}, Required},
        {"ip local-proxy-arp", {"", "Enable local-proxy ARP"}, None},
        {"ip mask-reply", {"", "Enable sending ICMP Mask Reply messages"}, None},
        {"ip mroute-cache", {"", "Enable switching cache for incoming multicast packets"}, Optional},
        {"ip next-hop-self", {"", "Configures EIGRP-IPv4 next-hop-self"}, Required},
        {"ip multicast", {"", "IP multicast interface commands"}, Required},
        {"ip nat {enable|inside|outside}", {"", "NAT interface commands", "Enable Interface for NAT",
                                            "Inside interface for address translation",
                                            "Outside interface for address translation"}, None},
        {"ip nbar", {"", "Network-Based Application Recognition"}, Required},
        {"ip nhrp", {"", "NHRP interface subcommands"}, Required},
        {"ip ospf", {"", "OSPF interface commands"}, Required},
        {"ip pim", {"", "PIM interface commands"}, Required},
        {"ip policy", {"", "Enable policy routing"}, Required},
        {"ip proxy-arp", {"", "Enable proxy ARP"}, None},
        {"ip redirects", {"", "Enable sending ICMP Redirect messages"}, None},
        {"ip rip", {"", "Router Information Protocol"}, Required},
        {"ip route-cache", {"", "Enable fast-switching cache for outgoing packets"}, Optional},
        {"ip sap", {"", "Session Advertisement Protocol interface commands"}, Required},
        {"ip split-horizon", {"", "Perform split horizon"}, Optional},
        {"ip summary-address", {"", "Perform address summarization"}, Required},
        {"ip unreachables", {"", "Enable sending ICMP Unreachable messages"}, None},
        {"ip verify", {"", "Enable per packet validation"}, Required},
        {"ip virtual-reassembly", {"", "Virtual Reassembly"}, Optional},
        {"ip virtual-reassembly-out", {"", "Virtual Reassembly (Outbound)"}, Optional},
        {"ip vrf", {"", "VPN Routing/Forwarding parameters on the interface"}, Required},
        {"ip wccp", {"", "WCCP interface commands"}, Required},
        {"ipv6 {address|cef|dhcp|eigrp|enable|flow|inspect|mld|mtu|nd|nhrp|ospf|pim|policy|redirects|rip|router|"
         "tcp|traffic-filter|unnumbered|unreachables|verify|virtual-reassembly}",
         {"IPv6 interface subcommands", "Configure IPv6 address on interface", "Cisco Express Forwarding for IPv6",
          "IPv6 DHCP interface subcommands", "Enable EIGRP on the interface", "Enable IPv6 on interface",
          "NetFlow Related commands", "Apply inspect name", "interface commands", "Set IPv6 Maximum Transmission Unit",
          "IPv6 interface Neighbor Discovery subcommands", "NHRP interface subcommands", "OSPF interface commands",
          "PIM interface commands", "Enable IPv6 policy routing", "Enable sending of ICMP Redirect messages",
          "Configure RIP routing protocol", "IPv6 Router interface commands", "TCP header compression and other parameters",
          "Access control list for packets", "Preferred interface for source address selection",
          "Enable sending of ICMP Unreachable messages", "Enable per packet validation", "Virtual Reassembly"},
         Optional},
        {"isis", {"IS-IS commands"}, Required},
        {"keepalive", {"Enable keepalive"}, Optional},
        {"lldp {receive|transmit}", {"LLDP interface subcommands", "Enable LLDP reception on interface",
                                     "Enable LLDP transmission on interface"}, None},
        {"load-interval", {"Specify interval for load calculation for an interface"}, Required},
        {"logging event", {"Configure logging for interface", "Interface events"}, Required},
        {"mac-address", {"Manually set interface MAC address"}, Required},
        {"media-type", {"Media type"}, Required},
        {"mls", {"mls interface commands"}, Required},
        {"mop", {"DEC MOP server commands"}, Required},
        {"mpls {bgp|ip|label|ldp|mtu|traffic-eng}", {"Configure MPLS interface parameters", "MPLS BGP",
                                                    "Configure dynamic MPLS forwarding for IP", "Label properties",
                                                    "Label Distribution Protocol interface subcommands",
                                                    "Set MPLS Maximum Transmission Unit", "Configure Traffic Engineering parameters"},
         Optional},
        {"negotiation", {"Select Autonegotiation mode"}, Required},
        {"nameif", {"Assign a name to an interface"}, Required},
        {"ntp {broadcast|disable|multicast}", {"Configure NTP", "Configure NTP broadcast service",
                                               "Disable NTP", "Configure NTP multicast service"}, Optional},
        {"peer", {"Peer parameters for point to point interfaces"}, Required},
        {"ppp", {"Point-to-Point Protocol"}, Required},
        {"pppoe", {"pppoe interface subcommands"}, Required},
        {"pppoe-client", {"pppoe client"}, Required},
        {"priority-group", {"Assign a priority group to an interface"}, Required},
        {"pvc", {"Configure ATM PVC parameters"}, Required},
        {"qos", {"Quality of Service related commands"}, Required},
        {"rate-limit", {"Rate Limit"}, Required},
        {"serial", {"serial interface commands"}, Required},
        {"service-module", {"Service module configuration"}, Required},
        {"service-policy", {"Configure CPL Service Policy"}, Required},
        {"snmp", {"Modify SNMP interface parameters"}, Required},
        {"spanning-tree", {"Spanning Tree Subsystem"}, Required},
        {"speed", {"Configure speed operation."}, Required},
        {"standby", {"HSRP interface configuration commands"}, Required},
        {"storm-control", {"storm configuration"}, Required},
        {"switchport", {"Set switching mode characteristics"}, Optional},
        {"tunnel key", {"protocol-over-protocol tunneling", "security or selector key"}, Required},
        {"tunnel path-mtu-discovery", {"", "Enable Path MTU Discovery on tunnel"}, Optional},
        {"tunnel vrf", {"", "set tunnel vrf membership"}, Required},
        {"tunnel checksum", {"", "enable end to end checksumming of packets"}, None},
        {"tunnel ttl", {"", "set time to live"}, Required},
        {"tunnel tos", {"", "set type of service byte"}, Required},
        {"tunnel bandwidth", {"", "Set tunnel bandwidth informational parameter"}, Required},
        {"udld", {"Configure UDLD enabled or disabled and ignore global UDLD setting"}, Required},
        {"virtual-template", {"Virtual Template interface"}, Required},
        {"vrf forwarding", {"VPN Routing/Forwarding parameters on the interface", "Configure forwarding table"}, Required},
        {"vrrp", {"VRRP Interface configuration commands"}, Required},
        {"xconnect", {"Xconnect commands"}, Required},
        {"zone-member", {"Apply zone name"}, Required},
    };
}

}  // namespace

std::vector<CommandDef> stored_commands() {
    using enum CommandId;
    std::vector<CommandDef> out;
    add(out, Mode::Config, StoredLine, global_lines());
    // Easy VPN server lines of a crypto map set (the map's name, then what they configure).
    out.push_back({Mode::Config, StoredLine, "crypto map WORD client LINE",
                   {"", "Enter a crypto map", "Crypto map tag", "Specify client configuration settings", kRestHelp},
                   "crypto map WORD client [LINE]"});
    out.push_back({Mode::Config, StoredLine, "crypto map WORD isakmp LINE",
                   {"", "", "", "Specify isakmp configuration settings", kRestHelp}, "crypto map WORD isakmp [LINE]"});
    out.push_back({Mode::Config, StoredLine, "crypto map WORD gdoi LINE",
                   {"", "", "", "Configure crypto map gdoi features", kRestHelp}, "crypto map WORD gdoi [LINE]"});
    add(out, Mode::Config, StoredBlock, global_blocks());
    add(out, Mode::ConfigIf, StoredInterfaceLine, interface_lines());
    // IOS's syntax is `hold-queue <0-240000> {in|out}`: a line without it (`hold-queue R2`) is
    // refused with the caret under the length [mem], never kept as typed.
    out.push_back({Mode::ConfigIf, StoredInterfaceLine, "hold-queue <0-240000> {in|out}",
                   {"Set hold queue depth", "Queue length", "Input queue", "Output queue"},
                   "hold-queue [<0-240000>] [in|out]"});
    // Lines of the modelled sub-modes that this box keeps without effect (IKEv2 profiles
    // come with IKEv2; Easy VPN server settings; terminal line settings of a serial port).
    using enum Args;
    add(out, Mode::ConfigCryptoMap, StoredSubmodeLine,
        {{"set security-policy", {"", "Security Policy"}, Required},
         {"set reverse-route", {"", "Reverse Route Injection."}, Required},
         {"set ip", {"", "Interface Internet Protocol config commands"}, Required},
         {"qos", {"Quality of Service related commands"}, Required}});
    add(out, Mode::IpsecProfile, StoredSubmodeLine,
        {{"set security-policy", {"", "Security Policy"}, Required},
         {"set reverse-route", {"", "Reverse Route Injection."}, Required},
         {"set mixed-mode", {"", "Allow mixed-mode for VTI"}, None},
         {"set security-association replay", {"", "Security association parameters", "Set replay checking."}, Required},
         {"set security-association idle-time", {"", "", "Automatically delete IPSec SAs after a given idle period."}, Required},
         {"set security-association dfbit", {"", "", "Handling of encapsulated DF bit."}, Required}});
    add(out, Mode::ConfIsaProf, StoredSubmodeLine,
        {{"ca", {"Specify certificate authorities to trust"}, Required},
         {"client", {"Specify client configuration settings"}, Required},
         {"isakmp", {"ISAKMP options"}, Required},
         {"match certificate", {"Match values of peer", "Peer certificate attributes"}, Required},
         {"accounting", {"Enable AAA accounting"}, Required},
         {"qos-group", {"Apply a Qos Group label"}, Required}});
    // IKEv2 profile and keyring peer lines beyond PSK site-to-site (AAA, certificates, FlexVPN).
    add(out, Mode::Ikev2Profile, StoredSubmodeLine,
        {{"aaa", {"AAA configuration"}, Required},
         {"config-exchange", {"config-exchange options"}, Required},
         {"ivrf", {"Set the inside VRF"}, Required},
         {"keyring aaa", {"", "AAA based keyring"}, Required},
         {"match certificate", {"", "Certificate map"}, Required},
         {"authentication remote eap", {"", "", "Extensible Authentication Protocol"}, Optional},
         {"authentication remote rsa-sig", {"", "", "Rivest-Shamir-Adleman Signature"}, None},
         {"authentication local rsa-sig", {"", "", "Rivest-Shamir-Adleman Signature"}, None},
         {"authentication remote ecdsa-sig", {"", "", "Elliptic Curve Digital Signature Algorithm"}, None},
         {"authentication local eap", {"", "", "Extensible Authentication Protocol"}, Optional},
         {"identity local dn", {"", "", "Distinguished Name"}, None},
         {"authentication local ecdsa-sig", {"", "", "Elliptic Curve Digital Signature Algorithm"}, None},
         {"pki", {"Specify pki trustpoint"}, Required},
         {"redirect", {"IKEv2 redirect"}, Required},
         {"shutdown", {"Shut down the profile"}, None}});
    add(out, Mode::Ikev2KeyringPeer, StoredSubmodeLine, {{"ipv6", {"IPv6 address"}, Required}});
    add(out, Mode::ConfigLine, StoredSubmodeLine,
        {{"activation-character", {"Define the activation character"}, Required},
         {"absolute-timeout", {"Set absolute timeout for line disconnection"}, Required},
         {"authorization", {"For exec (shell) configuration."}, Required},
         {"accounting", {"Accounting parameters"}, Required},
         {"autoselect", {"Set line to autoselect"}, Required},
         {"escape-character", {"Change the current line's escape character"}, Required},
         {"exec", {"Start an EXEC process"}, None},
         {"flowcontrol", {"Set the flow control"}, Required},
         {"history", {"Enable and control the command history function"}, Optional},
         {"ipv6", {"IPv6 options"}, Required},
         {"length", {"Set number of lines on a screen"}, Required},
         {"location", {"Enter terminal location description"}, Required},
         {"login authentication", {"Enable password checking", "Authentication parameters."}, Required},
         {"modem", {"Configure the Modem Control Lines"}, Required},
         {"session-timeout", {"Set interval for closing connection when there is no input traffic"}, Required},
         {"speed", {"Set the transmit and receive speeds"}, Required},
         {"stopbits", {"Set async line stop bits"}, Required},
         {"transport output", {"Define transport protocols for line", "Define which protocols to use for outgoing connections"}, Required},
         {"transport preferred", {"", "Specify the preferred protocol to use"}, Required},
         {"width", {"Set width of the display terminal"}, Required}});
    // Inside a kept block every line is the block's own (`neighbor ...`, `match ...`); only
    // exit, end and do (exact keywords, which outrank LINE) leave or escape it.
    out.push_back({Mode::ConfigBlock, StoredChild, "LINE", {"A line of this block (kept as typed)"}, {}, kNoNegation});
    out.push_back({Mode::ConfigSubif, EncapsulationDot1q, "encapsulation dot1Q <1-4094> [native]",
                   {"Set encapsulation type for an interface", "IEEE 802.1Q Virtual LAN", "IEEE 802.1Q VLAN ID",
                    "Make this as native vlan"},
                   "encapsulation dot1Q [<1-4094> [native]]"});
    return out;
}

}  // namespace routerd::grammar
