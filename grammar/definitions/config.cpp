// Global configuration commands, and what every config mode has (exit, end, do).
#include "grammar/command.hpp"

namespace routerd::grammar {
namespace {

// Every config mode leaves with `exit`/`end` and reaches EXEC through `do`.
void add_mode_navigation(std::vector<CommandDef>& out) {
    using enum CommandId;
    struct M { Mode mode; std::string_view exit_help; };
    static constexpr M modes[] = {
        {Mode::Config, "Exit from configure mode"},
        {Mode::ConfigIf, "Exit from interface configuration mode"},
        {Mode::ConfigLine, "Exit from line configuration mode"},
        {Mode::ConfigIsakmp, "Exit from ISAKMP policy configuration mode"},
        {Mode::CfgCryptoTrans, "Exit from crypto transform configuration mode"},
        {Mode::ConfigCryptoMap, "Exit from crypto map configuration mode"},
        {Mode::IpsecProfile, "Exit from crypto ipsec profile configuration mode"},
        {Mode::ConfigExtNacl, "Exit from access-list configuration mode"},
        {Mode::ConfigStdNacl, "Exit from access-list configuration mode"},
        {Mode::ConfIsaProf, "Exit from crypto isakmp profile sub mode"},
        {Mode::ConfKeyring, "Exit from crypto keyring sub mode"},
        {Mode::ConfigBlock, "Exit from this configuration block"},
        {Mode::Ikev2Proposal, "Exit from crypto ikev2 proposal sub mode"},
        {Mode::Ikev2Policy, "Exit from crypto ikev2 policy sub mode"},
        {Mode::Ikev2Keyring, "Exit from crypto ikev2 keyring sub mode"},
        {Mode::Ikev2KeyringPeer, "Exit from crypto ikev2 keyring peer sub mode"},
        {Mode::Ikev2Profile, "Exit from crypto ikev2 profile sub mode"},
    };
    for (const auto& m : modes) {
        out.push_back({m.mode, ConfigExit, "exit", {m.exit_help}, {}, kNoNegation});
        out.push_back({m.mode, ConfigEnd, "end", {"Exit from configure mode"}, {}, kNoNegation});
        out.push_back({m.mode, ConfigDo, "do LINE", {"To run exec commands in config mode", "Exec Command"}, {}, kNoNegation});
    }
}

}  // namespace

std::vector<CommandDef> config_commands() {
    using enum CommandId;
    constexpr Mode C = Mode::Config;
    std::vector<CommandDef> out{
        {C, Hostname, "hostname WORD", {"Set system's network name", "This system's network name"}, "hostname [WORD]"},
        {C, Interface, "interface IFNAME", {"Select an interface to configure", ""}},
        // `interface Virtual-Template1 type tunnel` (a dynamic VTI's template), and the
        // point-to-point or multipoint kind of a serial/ATM sub-interface.
        {C, Interface, "interface IFNAME type {ethernet|serial|tunnel}",
         {"", "", "type of the virtual-template", "Ethernet", "Serial", "Tunnel"}, "interface IFNAME"},
        {C, Interface, "interface IFNAME {multipoint|point-to-point}",
         {"", "", "Treat as a multipoint link", "Treat as a point-to-point link"}, "interface IFNAME"},
        {C, EnableSecret, "enable secret [0|5|8|9] LINE",
         {"Modify enable password parameters", "Assign the privileged level secret (MAX of 25 characters)",
          "Specifies an UNENCRYPTED password will follow", "Specifies a MD5 HASHED secret will follow",
          "Specifies a PBKDF2 HASHED secret will follow", "Specifies a SCRYPT HASHED secret will follow",
          "The UNENCRYPTED (cleartext) 'enable' secret"},
         "enable secret"},
        {C, Username, "username WORD [privilege <0-15>] {secret [0|5|8|9] LINE|password [0|7] LINE}",
         {"Establish User Name Authentication", "User name", "Set user privilege level", "User privilege level",
          "Specify the secret for the user", "Specifies an UNENCRYPTED secret will follow",
          "Specifies a MD5 HASHED secret will follow", "Specifies a PBKDF2 HASHED secret will follow",
          "Specifies a SCRYPT HASHED secret will follow", "The UNENCRYPTED (cleartext) user secret",
          "Specify the password for the user", "Specifies an UNENCRYPTED password will follow",
          "Specifies a HIDDEN password will follow", "The UNENCRYPTED (cleartext) user password"},
         "username WORD"},
        {C, ServicePasswordEncryption, "service password-encryption",
         {"Modify use of network based services", "Encrypt system passwords"}},
        {C, ServiceTimestamps,
         "service timestamps [debug|log] [datetime [msec] [localtime] [show-timezone] [year]|uptime]",
         {"", "Timestamp debug/log messages", "Timestamp debug messages", "Timestamp log messages",
          "Timestamp with date and time", "Include milliseconds in timestamp", "Use local time zone for timestamps",
          "Add time zone information to timestamp", "Include year in timestamp", "Timestamp with system uptime"},
         "service timestamps [debug|log]"},
        {C, LoggingBuffered,
         "logging buffered [<4096-2147483647>] [<0-7>|alerts|critical|debugging|emergencies|errors|informational|notifications|warnings]",
         {"Modify message logging facilities", "Set buffered logging parameters", "Logging buffer size",
          "Logging severity level", "Immediate action needed           (severity=1)",
          "Critical conditions               (severity=2)", "Debugging messages                (severity=7)",
          "System is unusable                (severity=0)", "Error conditions                  (severity=3)",
          "Informational messages            (severity=6)", "Normal but significant conditions (severity=5)",
          "Warning conditions                (severity=4)"},
         "logging buffered"},
        {C, Line, "line {aux|console} <0-0>",
         {"Configure a terminal line", "Auxiliary line", "Primary terminal line", "First Line number"}, {}, kNoNegation},
        {C, Line, "line vty <0-15> [<1-15>]", {"", "Virtual terminal", "First Line number", "Last Line number"}, {}, kNoNegation},
        {C, BannerMotd, "banner motd LINE",
         {"Define a login banner", "Set Message of the Day banner", "c banner-text c, where 'c' is a delimiting character"},
         "banner motd"},
        {C, BannerMotd, "banner {exec|incoming|login|prompt-timeout|slip-ppp} LINE",
         {"", "Set EXEC process creation banner", "Set incoming terminal line banner", "Set login banner",
          "Set Message for login authentication timeout", "Set Message for SLIP/PPP",
          "c banner-text c, where 'c' is a delimiting character"},
         "banner {exec|incoming|login|prompt-timeout|slip-ppp}"},
        {C, IpRoute, "ip route A.B.C.D A.B.C.D {A.B.C.D|IFNAME [A.B.C.D]} [<1-255>] [name WORD] [permanent]",
         {"Global IP configuration subcommands", "Establish static routes", "Destination prefix",
          "Destination prefix mask", "Forwarding router's address", "", "Forwarding router's address",
          "Distance metric for this route", "Specify name of the next hop", "Name of the next hop", "permanent route"},
         // `no ip route P M` removes every path to P/M.
         "ip route A.B.C.D A.B.C.D [{A.B.C.D|IFNAME [A.B.C.D]} [<1-255>] [name WORD] [permanent]]"},
        {C, Version, "version WORD", {"Version", "Version number"}, {}, kNoNegation},
        {C, IpDomainLookup, "ip domain-lookup", {"", "Enable IP Domain Name System hostname translation"}},
        {C, IpDomainName, "ip domain-name WORD", {"", "Define the default domain name", "Default domain name"}, "ip domain-name"},
        // IOS 15 spells them `ip domain lookup` / `ip domain name` too.
        {C, IpDomainLookup, "ip domain lookup", {"", "IP DNS Resolver", "Enable IP Domain Name System hostname translation"}},
        {C, IpDomainName, "ip domain name WORD", {"", "", "Define the default domain name", "Default domain name"},
         "ip domain name"},
        // The SSH server (issue 17). IOS keeps the RSA key pair outside the configuration;
        // `crypto key generate rsa` is a command, not a line of `show running-config`.
        {C, CryptoKeyGenerateRsa, "crypto key generate rsa [general-keys] [modulus <360-4096>]",
         {"Encryption module", "Long term key operations", "Generate new keys", "Generate RSA keys",
          "Generate a general purpose RSA key pair for signing and encryption",
          "Provide number of modulus bits on the command line", "size of the key modulus [360-4096]"},
         {}, kNoNegation},
        {C, CryptoKeyZeroizeRsa, "crypto key zeroize rsa", {"", "", "Remove keys", "Remove RSA keys"}, {}, kNoNegation},
        {C, IpSshVersion, "ip ssh version <1-2>",
         {"", "Configure ssh options", "Specify protocol version to be supported", "Protocol version"}, "ip ssh version"},
        {C, IpSshTimeout, "ip ssh time-out <1-120>",
         {"", "", "Specify SSH time-out interval", "SSH time-out interval (secs)"}, "ip ssh time-out"},
        {C, IpSshAuthenticationRetries, "ip ssh authentication-retries <0-5>",
         {"", "", "Specify number of authentication retries", "Number of authentication retries"},
         "ip ssh authentication-retries"},
        {C, IpSshPort, "ip ssh port <2000-10000> rotary <0-127>",
         {"", "", "Starting (or only) Port number to listen on", "Port Number", "Enable ssh on rotary",
          "rotary group number"},
         "ip ssh port <2000-10000> rotary <0-127>"},
        {C, AaaNewModel, "aaa new-model",
         {"Authentication, Authorization and Accounting.",
          "Enable NEW access control commands and functions.(Disables OLD commands.)"}},
        {C, AaaAuthenticationLogin,
         "aaa authentication login {default|WORD} {local|local-case|enable|line|none} [local|local-case|enable|line|none]",
         {"", "Authentication configurations parameters.", "Set authentication lists for logins.",
          "The default authentication list.", "Named authentication list (max 31 characters, longer will be rejected).",
          "Use local username authentication.", "Use case-sensitive local username authentication.",
          "Use enable password for authentication.", "Use line password for authentication.", "NO authentication.",
          "Use local username authentication.", "Use case-sensitive local username authentication.",
          "Use enable password for authentication.", "Use line password for authentication.", "NO authentication."},
         "aaa authentication login {default|WORD}"},
        {C, AaaAuthorizationExec, "aaa authorization exec {default|WORD} {local|none|if-authenticated} [local|none|if-authenticated]",
         {"", "Authorization configurations parameters.", "For starting an exec (shell).",
          "The default authorization list.", "Named authorization list.", "Use local database.",
          "No authorization (always succeeds).", "Succeed if user has authenticated.", "Use local database.",
          "No authorization (always succeeds).", "Succeed if user has authenticated."},
         "aaa authorization exec {default|WORD}"},
    };
    add_mode_navigation(out);
    return out;
}

}  // namespace routerd::grammar
