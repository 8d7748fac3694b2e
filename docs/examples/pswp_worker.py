#!/usr/bin/env python3
"""A physweep worker in Python, written from docs/protocol.md alone (protocol PSWP1, revision 2).

It runs the two synthetic systems, `noop` and `sleep`, so it can stand in for `physweep worker`
in orchestration tests and shows what another-language worker has to do:

    pip install pyzmq
    python3 docs/examples/pswp_worker.py --connect tcp://127.0.0.1:5555 --slots 2

Sections of docs/protocol.md are cited as §n.
"""
import argparse
import itertools
import json
import math
import os
import queue
import socket
import sys
import threading
import time

import zmq

VERSION_FRAME = b"PSWP1"
SYSTEMS = ["noop", "sleep"]
MAX_MESSAGE_BYTES = 16 << 20
MAX_HELD = 10000  # unacknowledged outcomes kept at most (§4)


def encode(body):
    """JSON as §2 wants it: sorted keys, non-finite numbers as strings."""
    def finite(value):
        if isinstance(value, float) and not math.isfinite(value):
            return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        if isinstance(value, dict):
            return {key: finite(item) for key, item in value.items()}
        if isinstance(value, list):
            return [finite(item) for item in value]
        return value
    return json.dumps(finite(body), sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def decode(frames):
    """(command, body) of a valid PSWP1 message, or raises ValueError (§7)."""
    digits = frames[0][4:] if frames else b""
    if not frames or not frames[0].startswith(b"PSWP") or not digits.isdigit() or digits.startswith(b"0") \
            or len(frames[0]) > 16:
        raise ValueError("not a physweep message")
    if frames[0] != VERSION_FRAME:
        raise ValueError(f"protocol version mismatch: peer speaks {frames[0].decode()}, this worker speaks PSWP1")
    if len(frames) != 3:
        raise ValueError(f"wrong frame count: {len(frames)}, expected 3")
    body = json.loads(frames[2])
    if not isinstance(body, dict):
        raise ValueError("body is not a JSON object")
    return frames[1].decode("ascii", "replace"), body


def synthetic_result(task):
    """Runs a noop/sleep task like physweep's SyntheticTask; returns a TrainResult (§3 RESULT)."""
    config = task["config"]
    if config["system"] not in SYSTEMS:
        raise RuntimeError(f"unsupported system {config['system']} (this worker runs {', '.join(SYSTEMS)})")
    if config["fail"] == "error":
        raise RuntimeError("noop task configured with fail: error")
    if config["fail"] == "crash":
        sys.stderr.write("noop task configured with fail: crash; aborting\n")
        os._exit(134)
    start = time.monotonic()
    if config["system"] == "sleep" and config["sleep_seconds"] > 0:
        time.sleep(config["sleep_seconds"])
    cost = {"wall_s": time.monotonic() - start, "cpu_s": 0.0, "flops": 0.0, "peak_rss_bytes": 0, "co2_g": 0.0,
            "energy": {"joules": 0.0, "source": "estimated", "method": "none:synthetic-task"}}
    return {
        "config": config, "config_hash": task["task_key"], "seed": config["seed"],
        "efficacy": {"initial_loss": 0.0, "final_loss": 0.0, "test_mse": 0.0, "test_rel_l2": 0.0},
        "efficiency": {"params": 0, "train": cost, "inference": cost},
        "settings": task["settings"], "git_commit": None,
        "machine": {"cpu_model": "unknown", "logical_cores": os.cpu_count() or 1,
                    "os": f"{os.uname().sysname} {os.uname().release} {os.uname().machine}",
                    "hostname": socket.gethostname()},
    }


class Worker:
    """The worker state machine of §4 with the heartbeats, liveness and back-off of §5."""

    def __init__(self, endpoint, slots, worker_id, give_up_after):
        self.endpoint, self.slots, self.worker_id, self.give_up_after = endpoint, slots, worker_id, give_up_after
        self.context = zmq.Context()
        self.sockets_opened = itertools.count(1)
        self.running = {}          # task_id -> attempt, tasks in the slots (they survive reconnects)
        self.finished = queue.Queue()  # (command, body) from task threads to the socket thread
        self.held = {}             # (task_id, attempt) -> (command, body): sent, not yet acknowledged (§4)
        self.interval_ms, self.liveness = 1000, 3
        self.backoff_ms = (250, 8000)

    def log(self, text):
        print(f"[{self.worker_id}] {text}", file=sys.stderr, flush=True)

    def open_socket(self):
        sock = self.context.socket(zmq.DEALER)
        sock.setsockopt(zmq.ROUTING_ID, f"{self.worker_id}/{next(self.sockets_opened)}".encode())
        sock.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        sock.setsockopt(zmq.LINGER, 1000)
        sock.connect(self.endpoint)
        return sock

    def send(self, sock, command, body):
        sock.send_multipart([VERSION_FRAME, command.encode(), encode(body)])
        self.last_sent = time.monotonic()

    def run(self):
        failures, lost_since = 0, time.monotonic()
        while True:
            sock = self.open_socket()
            outcome = self.session(sock)
            sock.close(linger=1000 if outcome in ("bye", "fatal") else 0)
            if outcome == "bye":
                return 0
            if outcome == "fatal":
                return 1
            if outcome == "welcomed":
                failures, lost_since = 0, time.monotonic()
            if self.give_up_after and time.monotonic() - lost_since > self.give_up_after:
                self.log(f"no coordinator for {self.give_up_after} s: giving up")
                return 1
            delay = min(self.backoff_ms[0] * 2 ** failures, self.backoff_ms[1])
            failures += 1
            self.log(f"coordinator lost; reconnecting in {delay} ms")
            time.sleep(delay / 1000)

    def session(self, sock):
        """One socket's life; returns 'bye', 'fatal', 'lost' (never welcomed) or 'welcomed' (lost later)."""
        self.send(sock, "HELLO", {
            "worker_id": self.worker_id, "host": socket.gethostname(), "pid": os.getpid(),
            "cores": os.cpu_count() or 1, "slots": self.slots, "systems": SYSTEMS,
            "physweep_version": "python-example", "git_commit": None})
        welcomed, acknowledging, last_heard = False, False, time.monotonic()
        while True:
            timeout_s = self.interval_ms * self.liveness / 1000
            if time.monotonic() - last_heard > timeout_s:
                return "welcomed" if welcomed else "lost"
            if welcomed:
                self.report_finished(sock, acknowledging)
                if time.monotonic() - self.last_sent > self.interval_ms / 1000:
                    self.send(sock, "HEARTBEAT", {})
            if not sock.poll(50):
                continue
            frames = sock.recv_multipart()
            try:
                command, body = decode(frames)
            except ValueError as error:
                self.log(f"dropped message: {error}")
                if "version mismatch" in str(error):
                    return "fatal"
                continue
            last_heard = time.monotonic()
            if command == "WELCOME" and not welcomed:
                welcomed = True
                self.interval_ms = body["heartbeat"]["interval_ms"]
                self.liveness = body["heartbeat"]["liveness"]
                self.log(f"welcomed by {body['coordinator']}")
                # Outcomes not acknowledged go again first; a coordinator without "ack" gets them once.
                acknowledging = "ack" in (body.get("features") or [])
                for command, message in list(self.held.values()):
                    self.send(sock, command, message)
                if not acknowledging:
                    self.held.clear()
                free = self.slots - len(self.running)
                if free > 0:
                    self.send(sock, "CREDIT", {"slots": free})
            elif command == "TASK" and welcomed:
                self.start(sock, body)
            elif command == "ACK":
                for outcome in body.get("outcomes", []):
                    self.held.pop((outcome.get("task_id"), outcome.get("attempt")), None)
            elif command == "BYE":
                self.log(f"coordinator says bye: {body.get('reason', '')}")
                return "bye"

    def start(self, sock, task):
        if len(self.running) >= self.slots:
            self.send(sock, "FAILED", {"task_id": task["task_id"], "attempt": task["attempt"], "worker_id": self.worker_id,
                                       "error": "worker has no free slot (more TASKs than CREDIT)"})
            return
        self.running[task["task_id"]] = task["attempt"]

        def work():
            reply = {"task_id": task["task_id"], "attempt": task["attempt"], "worker_id": self.worker_id}
            try:
                self.finished.put(("RESULT", dict(reply, result=synthetic_result(task))))
            except Exception as error:  # a failed task is reported, never fatal to the worker
                self.finished.put(("FAILED", dict(reply, error=str(error))))
        threading.Thread(target=work, daemon=True).start()

    def report_finished(self, sock, acknowledging):
        while not self.finished.empty():
            command, body = self.finished.get()
            self.send(sock, command, body)
            if acknowledging:  # keep it until the coordinator's ACK (§4), within a bound
                self.held[(body["task_id"], body["attempt"])] = (command, body)
                while len(self.held) > MAX_HELD:
                    del self.held[next(iter(self.held))]
            del self.running[body["task_id"]]
            self.send(sock, "CREDIT", {"slots": 1})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connect", required=True, help="coordinator endpoint, e.g. tcp://127.0.0.1:5555")
    parser.add_argument("--slots", type=int, default=1)
    parser.add_argument("--id", default=f"{socket.gethostname()}:{os.getpid()}")
    parser.add_argument("--give-up-after", type=float, default=0, help="seconds without a coordinator (0: never)")
    args = parser.parse_args()
    sys.exit(Worker(args.connect, args.slots, args.id, args.give_up_after).run())


if __name__ == "__main__":
    main()
