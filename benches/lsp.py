#!/usr/bin/env python3
"""Benchmark of `pirlint server` (issue 13): drives the server over stdio
as an editor would and prints the figures BENCHMARKS.md quotes.

1. Latency: a ~10 KB report is opened (the first load: plugins, policy),
   then edited EDITS times, one edit at a time; for each, the time from the
   didChange to the publishDiagnostics of that version, minus the server's
   200 ms debounce.
2. Memory: 1,000 edits, each checked at once (didSave skips the debounce, so
   every edit really is checked), RSS (VmRSS) after 100 and after 1,000.

Usage: python3 benches/lsp.py [PIRLINT_BIN]  (default target/release/pirlint)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

DEBOUNCE = 0.200
LATENCY_EDITS = 60
MEMORY_EDITS = 1000

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(root, "target/release/pirlint")


class Server:
    def __init__(self, cwd):
        self.proc = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode().partition(": ")
            if name == "Content-Length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.recv()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def diagnostics(self, uri, version):
        while True:
            message = self.recv()
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                    and params.get("version") == version:
                return params["diagnostics"]

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise SystemExit("no VmRSS")


def report_of_10kb(work):
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(root, "benches/gen_corpus.py"), "--count", "1", "--seed", "42",
                    "--size", "10240", "--out", corpus], check=True, stdout=subprocess.DEVNULL)
    path = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))[0]
    with open(path, encoding="utf-8") as f:
        return path, f.read()


def change(line, old_len, text):
    """Replaces the start of `line` (old_len UTF-16 units) with `text`."""
    return [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": old_len}},
             "text": text}]


def main():
    with tempfile.TemporaryDirectory() as work:
        path, text = report_of_10kb(work)
        uri = "file://" + path
        lines = text.split("\n")
        # Edit a line in the middle of the report: a word that alternates
        # between a neutral one and blame language, so findings come and go.
        target = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].strip() and lines[i][0].isalpha())
        server = Server(os.path.dirname(path))
        started = time.perf_counter()
        server.request("initialize", {"processId": None, "capabilities": {},
                                      "workspaceFolders": [{"uri": "file://" + os.path.dirname(path), "name": "b"}]})
        server.notify("initialized", {})
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                                "text": text}})
        first = server.diagnostics(uri, 1)
        first_load = time.perf_counter() - started
        words = ["Notably ", "Careless "]
        current = ""
        version = 1

        def edit(i, save):
            nonlocal current, version
            version += 1
            word = words[i % 2] + str(i % 10) + " "
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": change(target, len(current), word)})
            current = word
            if save:
                server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            return server.diagnostics(uri, version)

        latencies = []
        for i in range(LATENCY_EDITS):
            sent = time.perf_counter()
            edit(i, save=False)
            latencies.append((time.perf_counter() - sent - DEBOUNCE) * 1000)
        latencies.sort()

        rss = {}
        for i in range(1, MEMORY_EDITS + 1):
            edit(i, save=True)
            if i in (100, 1000):
                rss[i] = server.rss_kib()

        assert server.request("shutdown", None) is None
        server.notify("exit", None)
        code = server.proc.wait(timeout=30)

    size = len(text.encode())
    print(f"report: {size} bytes, {len(lines)} lines, {len(first)} diagnostics on open")
    print(f"open to first diagnostics (initialize, load the plugins, first check): {first_load * 1000:.0f} ms")
    print(f"diagnostics after the {DEBOUNCE * 1000:.0f} ms debounce, {LATENCY_EDITS} edits: "
          f"median {statistics.median(latencies):.1f} ms, p90 {latencies[int(len(latencies) * 0.9)]:.1f} ms, "
          f"max {latencies[-1]:.1f} ms")
    print(f"RSS after 100 edits: {rss[100] / 1024:.1f} MiB; after 1,000: {rss[1000] / 1024:.1f} MiB; "
          f"growth {(rss[1000] - rss[100]) / 1024:+.2f} MiB")
    print(f"server exit code: {code}")
    ok = latencies[int(len(latencies) * 0.9)] <= 30 and (rss[1000] - rss[100]) <= 5 * 1024 and code == 0
    print("targets (p90 within 30 ms of the debounce, RSS growth within 5 MB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
