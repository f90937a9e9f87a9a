#!/bin/sh
# Boots systemd as PID 1 of fresh pid/mount/uts/ipc/net/cgroup namespaces, chrooted into a rootfs.
#   boot.sh outer CGROUP_DIR ROOTFS HOSTNAME   (run from the host; execs unshare)
#   boot.sh inner ROOTFS HOSTNAME              (run by unshare inside the new namespaces)
set -eu
stage="$1"; shift
if [ "$stage" = outer ]; then
    cgroup_dir="$1"; rootfs="$2"; name="$3"
    # Join the session's own cgroup first: the cgroup namespace is rooted there, so the guest's
    # systemd creates its slices below it and nowhere else in the host's tree.
    echo $$ > "$cgroup_dir/cgroup.procs"
    exec env -i container=campus-testhost PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        unshare --pid --mount --uts --ipc --net --cgroup --fork --kill-child \
        "$0" inner "$rootfs" "$name"
fi
rootfs="$1"; name="$2"
mount --make-rprivate /
mount -t proc proc "$rootfs/proc"
mount -t sysfs -o ro sysfs "$rootfs/sys"
mount -t tmpfs -o mode=755,nosuid tmpfs "$rootfs/dev"
for node in null zero full random urandom tty; do
    touch "$rootfs/dev/$node"
    mount --bind "/dev/$node" "$rootfs/dev/$node"
done
mkdir -p "$rootfs/dev/pts" "$rootfs/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$rootfs/dev/pts"
ln -s pts/ptmx "$rootfs/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$rootfs/dev/shm"
hostname "$name"
cd "$rootfs"
# In a container systemd reads its own arguments as the kernel command line: force the unified
# cgroup hierarchy so it never touches the host's v1 controllers.
exec chroot "$rootfs" /lib/systemd/systemd systemd.unified_cgroup_hierarchy=1
