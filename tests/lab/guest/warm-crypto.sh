# Started in the background by boot.sh. Under TCG every module the kernel auto-loads costs a modprobe
# run of ~0.4 s, and the first ESP SA of a boot triggers a dozen of them (algorithm lookups, the RNG),
# about 8 s in all. Load the usual set with one modprobe and let the kernel build the common ESP
# algorithm instances once, in a throwaway namespace, while the job is still starting up.
M=${LAB_MODPROBE:-modprobe}
$M -a xfrm_user esp4 veth dummy jitterentropy_rng drbg echainiv authenc cbc hmac \
      des3_ede des3_ede_x86_64 md5 sha1 sha256 sha512 aes aesni_intel 2>/dev/null
ip netns add labwarm 2>/dev/null || exit 0
spi=256
for sa in "cbc(des3_ede) 24 hmac(md5) 16" "cbc(des3_ede) 24 hmac(sha1) 20" "cbc(aes) 16 hmac(sha1) 20" \
          "cbc(aes) 32 hmac(sha256) 32"; do
  set -- $sa
  ip -n labwarm xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi $spi mode tunnel \
     enc "$1" 0x$(printf '%0*d' $(($2 * 2)) 0) auth "$3" 0x$(printf '%0*d' $(($4 * 2)) 0) 2>/dev/null
  spi=$((spi + 1))
done
ip netns del labwarm
