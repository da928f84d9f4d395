# First script in the guest's real root (started by the initramfs /init, as PID 1).
# Sets up what every job needs, runs the job named by lab.job=, then powers the VM off.
# Keep it POSIX sh: it runs under the host's /bin/sh (dash on Debian).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
mount -t proc proc /proc
mount -t sysfs sys /sys
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs shm /dev/shm
param() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
KROOT=$(param lab.kroot)
JOB=$(param lab.job)

# Modules come from the unpacked Debian kernel, not from /lib/modules (the host has none for this
# kernel). Point the kernel's auto-loader at a helper that runs modprobe on that tree, and give
# jobs the same helper as LAB_MODPROBE.
printf '#!/bin/sh\nexec /sbin/modprobe -d %s "$@"\n' "$KROOT" > /run/lab-modprobe
chmod 755 /run/lab-modprobe
echo /run/lab-modprobe > /proc/sys/kernel/modprobe
export LAB_MODPROBE=/run/lab-modprobe
hostname lab
# The lab must have no way out: qemu is started with -nodefaults -nic none; refuse to go on otherwise.
for dev in /sys/class/net/*; do
  [ "${dev##*/}" = lo ] || { echo "LAB_BOOT_FAILED: unexpected network device ${dev##*/}"; /bin/busybox poweroff -f; }
done

# Warm the crypto modules up in the background while the job starts (see warm-crypto.sh).
sh "$(dirname "$0")/warm-crypto.sh" </dev/null >/dev/null 2>&1 &

echo "LAB_GUEST_UP uptime=$(cut -d' ' -f1 /proc/uptime) cpus=$(nproc) kernel=$(uname -r)"
sh "$JOB"
echo "LAB_GUEST_DONE rc=$? uptime=$(cut -d' ' -f1 /proc/uptime)"
sync
/bin/busybox poweroff -f
