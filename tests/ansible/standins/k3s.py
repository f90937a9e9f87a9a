#!/usr/bin/env python3
"""STAND-IN for the k3s binary (tests only): `k3s server --config FILE` checks its config exists, tells systemd
it is ready (the unit is Type=notify, like k3s's) and idles. No Kubernetes runs."""

import os
import socket
import sys
import time
from pathlib import Path

if sys.argv[1:2] != ["server"]:
    sys.exit(f"k3s stand-in: only `server` is supported, got {sys.argv[1:]}")
config = Path(sys.argv[sys.argv.index("--config") + 1])
if not config.is_file():
    sys.exit(f"k3s stand-in: {config} missing")
notify = os.environ["NOTIFY_SOCKET"]
with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
    sock.connect("\0" + notify[1:] if notify.startswith("@") else notify)
    sock.sendall(b"READY=1")
while True:
    time.sleep(3600)
