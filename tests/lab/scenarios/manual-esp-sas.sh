# Sourced by manual-esp.lab on both ends: the two hand-keyed ESP SAs, tunnel mode 192.0.2.1 <-> 192.0.2.2.
# Keys are fixed test values (this lab has no network path out).
K3DES_1=0x0123456789abcdef0123456789abcdef0123456789abcdef
KMD5_1=0x00112233445566778899aabbccddeeff
K3DES_2=0xfedcba9876543210fedcba9876543210fedcba9876543210
KMD5_2=0xffeeddccbbaa99887766554433221100
ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 mode tunnel \
   enc 'cbc(des3_ede)' $K3DES_1 auth-trunc 'hmac(md5)' $KMD5_1 96
ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002 mode tunnel \
   enc 'cbc(des3_ede)' $K3DES_2 auth-trunc 'hmac(md5)' $KMD5_2 96
