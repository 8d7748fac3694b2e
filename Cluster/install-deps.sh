#!/usr/bin/env bash
# Installs the system libraries physweep links against (Debian/Ubuntu), only when missing.
# Safe to run again: it checks with pkg-config first and touches apt only when something is absent.
#   --tests  also what the multi-host tests start by themselves (network namespaces with iproute2,
#            nftables where the kernel lacks netem, an sshd, a single-node Slurm with munge)
set -euo pipefail
need=() tests=()
if [ "${1:-}" = --tests ]; then
  command -v ip >/dev/null 2>&1 && command -v tc >/dev/null 2>&1 || tests+=(iproute2)
  command -v nft >/dev/null 2>&1 || tests+=(nftables)
  [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 || tests+=(openssh-server openssh-client)
  command -v munged >/dev/null 2>&1 || tests+=(munge)
  command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 || tests+=(slurm-wlm)
fi
pkg-config --exists openblas 2>/dev/null || need+=(libopenblas-dev)
pkg-config --exists libzmq 2>/dev/null || need+=(libzmq3-dev)
pkg-config --exists sqlite3 2>/dev/null || need+=(libsqlite3-dev)
pkg-config --exists fftw3 2>/dev/null || need+=(libfftw3-dev)
# Debian's libhdf5-dev installs hdf5-serial.pc and, as an alternative, hdf5.pc (headers under hdf5/serial).
pkg-config --exists hdf5 2>/dev/null || need+=(libhdf5-dev)
# h5dump: the shear-flow tests check that our HDF5 files open in HDF5's own tools (h5py too, if present).
command -v h5dump >/dev/null 2>&1 || need+=(hdf5-tools)
# python3 (standard library only): the command system's tests and Experiments/examples/command run real programs.
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# install WHAT APT-OPTIONS... PACKAGES...
install() {
  echo "physweep: installing $1" >&2
  shift
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
if [ ${#need[@]} -gt 0 ]; then install "${need[*]}" "${need[@]}" pkg-config; fi
if [ ${#tests[@]} -gt 0 ]; then install "for the tests ${tests[*]}" --no-install-recommends "${tests[@]}"; fi
