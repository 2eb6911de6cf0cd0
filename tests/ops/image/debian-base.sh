#!/usr/bin/env bash
# Make a local Debian base image, `localhost/debian-base:<suite>`, from Debian's packages:
#   debootstrap --variant=minbase <suite> DIR; tar -C DIR -c . | podman import - <image>
# for building the Dockerfile where no registry of container images can be reached
# (`make image`). The root file system is cached as a tar under $JIFEN_IMAGE_CACHE
# (default /var/cache/jifen-image, outside any clone, so CI runs on the same machine share it).
#
# Why caching it is safe: debootstrap checks the suite's signed Release file against
# debian-archive-keyring, the tar is written under a temporary name and renamed when complete
# (a killed run never leaves a half file), and it is rebuilt once older than
# $JIFEN_IMAGE_CACHE_DAYS (default 7) so security updates arrive; the Dockerfile's stages run
# apt-get update on top of it anyway.
set -euo pipefail

suite="${1:?usage: debian-base.sh SUITE (bookworm, trixie)}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
cache="${JIFEN_IMAGE_CACHE:-/var/cache/jifen-image}"
max_days="${JIFEN_IMAGE_CACHE_DAYS:-7}"
image="localhost/debian-base:${suite}"
tarball="${cache}/debian-${suite}-minbase.tar"

mkdir -p "$cache"
if [[ -f "$tarball" ]] && [[ -z "$(find "$tarball" -mtime "+${max_days}")" ]]; then
    echo "debian-base: cached root file system ${tarball} ($(du -h "$tarball" | cut -f1))"
else
    started=$(date +%s)
    work="$(mktemp -d "${cache}/build-${suite}.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    debootstrap --variant=minbase "$suite" "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -n 30 "$work/debootstrap.log"; exit 1; }
    # Updates and security fixes too, not only the release as it was published.
    printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
        "$mirror" "$suite" "$mirror" "$suite" "$security" "$suite" >"$work/root/etc/apt/sources.list"
    # No package lists or caches in the base: every stage runs apt-get update itself.
    rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin
    tar --numeric-owner -C "$work/root" -cf "$work/root.tar" .
    mv "$work/root.tar" "$tarball"
    echo "debian-base: debootstrap ${suite} in $(($(date +%s) - started)) s"
fi

digest="$(sha256sum "$tarball" | cut -c1-64)"
current="$(podman image inspect --format '{{ index .Labels "org.jifen.rootfs" }}' "$image" 2>/dev/null || true)"
if [[ "$current" == "$digest" ]]; then
    echo "debian-base: ${image} is up to date"
else
    podman import --change "LABEL org.jifen.rootfs=${digest}" --change 'CMD ["/bin/bash"]' \
        "$tarball" "$image" >/dev/null
    echo "debian-base: imported ${image}"
fi
