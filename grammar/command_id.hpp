#pragma once
// Every command the grammar knows, by identity. The grammar yields one of these with the
// matched arguments; engine/ binds each to the code that carries it out.
namespace routerd::grammar {

enum class CommandId {
    // EXEC
    Enable, Disable, ConfigureTerminal, ExecExit, ShowRunningConfig, ShowStartupConfig,
    WriteMemory, CopyRunningStartup, ShowVersion, TerminalLength, TerminalWidth,
    TerminalMonitor, TerminalNoMonitor, ShowHistory, ShowClock, ShowUsers,
    ShowIpInterfaceBrief, ShowInterfaces, ShowPrivilege, ShowTerminal, ShowLogging, ClearLogging,
    // any config mode
    ConfigExit, ConfigEnd, ConfigDo,
    // global config
    Hostname, Interface, EnableSecret, Username, ServicePasswordEncryption, ServiceTimestamps,
    LoggingBuffered, Line, BannerMotd, IpRoute, Version, IpDomainLookup, IpDomainName,
    // interface
    Description, IpAddress, Shutdown, InterfaceMtu,
    // line
    ExecTimeout, LoggingSynchronous, LinePassword, Login, TransportInput, PrivilegeLevel, AccessClass,
    // crypto: ISAKMP (global)
    CryptoIsakmpPolicy, CryptoIsakmpKey, CryptoIsakmpKeepalive, CryptoIsakmpNatKeepalive, CryptoCallAdmissionLimitIke, KeyConfigKeyPasswordEncrypt, PasswordEncryptionAes,
    CryptoIsakmpAggressiveModeDisable, CryptoIsakmpIdentity, CryptoIsakmpEnable,
    CryptoIsakmpInvalidSpiRecovery, CryptoIsakmpDefaultPolicy, CryptoIsakmpFragmentation,
    CryptoKeyring, CryptoIsakmpProfile, CryptoLoggingSession,
    // crypto: ISAKMP policy sub-mode
    IsakmpEncryption, IsakmpHash, IsakmpAuthentication, IsakmpGroup, IsakmpLifetime,
    // crypto keyring / isakmp profile sub-modes
    KeyringPresharedKey, KeyringLocalAddress, KeyringDescription,
    ProfileKeyring, ProfileMatchIdentity, ProfileSelfIdentity, ProfileLocalAddress, ProfileKeepalive,
    ProfileVrf, ProfileInitiateAggressive, ProfileDescription, ProfileVirtualTemplate,
    // crypto: IKEv2 (global, then the proposal, policy, keyring, keyring peer and profile sub-modes)
    CryptoIkev2Proposal, CryptoIkev2Policy, CryptoIkev2Keyring, CryptoIkev2Profile, CryptoIkev2Dpd,
    CryptoIkev2NatKeepalive, CryptoIkev2CookieChallenge, CryptoIkev2Limit, CryptoIkev2Fragmentation,
    Ikev2ProposalEncryption, Ikev2ProposalIntegrity, Ikev2ProposalPrf, Ikev2ProposalGroup,
    Ikev2PolicyProposal, Ikev2PolicyMatchAddressLocal, Ikev2PolicyMatchFvrf,
    Ikev2KeyringPeer, Ikev2PeerAddress, Ikev2PeerIdentity, Ikev2PeerPresharedKey, Ikev2PeerDescription, Ikev2PeerHostname,
    Ikev2ProfileMatchIdentity, Ikev2ProfileMatchAddressLocal, Ikev2ProfileMatchFvrf, Ikev2ProfileIdentityLocal,
    Ikev2ProfileAuthentication, Ikev2ProfileKeyring, Ikev2ProfileLifetime, Ikev2ProfileDpd, Ikev2ProfileNatKeepalive, Ikev2ProfileVirtualTemplate,
    Ikev2ProfileDescription, MapSetIkev2Profile,
    ShowCryptoIkev2Proposal, ShowCryptoIkev2Policy, ShowCryptoIkev2Profile, ShowCryptoIkev2Sa, ShowCryptoIkev2Session, ShowCryptoIkev2Stats, ClearCryptoIkev2Sa,
    // crypto: IPsec (global)
    CryptoIpsecTransformSet, CryptoIpsecSaLifetime, CryptoIpsecSaReplay, CryptoIpsecSaIdleTime,
    CryptoIpsecDfBit, CryptoIpsecProfile, CryptoIpsecNatTransparency,
    TransformSetMode,
    // crypto maps, dynamic maps, their entries; IPsec profile sub-mode
    CryptoMapEntry, CryptoMapLocalAddress, CryptoMapIsakmpProfile, CryptoDynamicMap,
    MapSetPeer, MapSetTransformSet, MapMatchAddress, MapSetPfs, MapSetSaLifetime, MapSetSaIdleTime,
    MapSetSaReplay, MapSetIsakmpProfile, MapReverseRoute, MapSetNatDemux, MapDescription,
    MapSetSessionKey, ProfileResponderOnly,
    // interface crypto and tunnel commands
    InterfaceCryptoMap, IpUnnumbered, TunnelSource, TunnelDestination, TunnelMode, TunnelProtection,
    IpMtu, IpTcpAdjustMss,
    // access lists
    AccessListStandard, AccessListExtended, AccessListRemark, IpAccessList, IpAccessListResequence,
    AclEntryStandard, AclEntryExtended, AclEntryRemark, AclDeleteSequence,
    // crypto and ACL show commands
    ShowCryptoIsakmpPolicy, ShowCryptoIsakmpDefaultPolicy, ShowCryptoIsakmpKey, ShowCryptoIsakmpProfile,
    ShowCryptoKeyring, ShowCryptoIpsecTransformSet, ShowCryptoIpsecProfile, ShowCryptoMap,
    ShowCryptoDynamicMap, ShowAccessLists, ShowIpAccessLists,
    // IKE and IPsec run time
    ShowCryptoIpsecSa, ShowCryptoSession, ShowCryptoPeerConfig, ShowCryptoEngineConnections, ClearCryptoSession, DebugCrypto, NoDebugCrypto, UndebugAll, ShowDebugging, ShowCryptoIsakmpSa, ClearCryptoIsakmp, ClearCryptoSa, Ping, ShowCryptoIsakmpPeers,
    // lines an IOS router accepts that this box keeps as typed without carrying them out
    // (grammar/definitions/stored.cpp); sub-interfaces
    StoredLine, StoredBlock, StoredInterfaceLine, StoredChild, StoredSubmodeLine, EncapsulationDot1q,
    // the router's SSH server and who may log in (issue 17)
    CryptoKeyGenerateRsa, CryptoKeyZeroizeRsa, IpSshVersion, IpSshTimeout, IpSshAuthenticationRetries, IpSshPort,
    AaaNewModel, AaaAuthenticationLogin, AaaAuthorizationExec, ShowSsh, ShowIpSsh, ShowCryptoKeyMypubkeyRsa,
    // what ios_facts asks for its interfaces subset
    ShowIpInterface, ShowIpv6Interface, ShowLldp, ShowCdp, Dir,
    // the EXEC commands automation and engineers run first (issue 17)
    Telnet, ShowIpRoute, ShowIpRouteSummary, ShowInterfacesDescription, ClearCounters, WriteErase, CopyStartupRunning, Reload,
    Traceroute, ShowInventory,
    // NAT (issue 16)
    ShowIpNatTranslations, ClearIpNatTranslation,
    // the routing protocols' state, read from FRR
    ShowIpBgp, ShowIpBgpSummary, ShowIpOspfNeighbor, ShowIpProtocols, ShowIpOspfInterfaceBrief, ShowIpOspf,
    // output modifiers after `|`
    PipeInclude, PipeExclude, PipeBegin, PipeSection, PipeCount,
};

}  // namespace routerd::grammar
