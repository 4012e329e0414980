#!/usr/bin/env python3
"""A client of bfdd for tests: asks for sessions and logs what it hears.

    bfdwatch.py SOCKET NAME TAG:PEER[/ARGS] ...

Connects to bfdd's control socket, says HELLO NAME, then ADD TAG PEER
ARGS for each request (ARGS: bfdd's key=value options separated by
commas; PEER may hold colons, TAG may not), and prints every line bfdd
sends, replies and events alike, each after the wall-clock time in
seconds with microseconds (the clock of packet captures), until bfdd
closes the connection ("EOF").
"""

import socket
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    path, name, reqs = sys.argv[1], sys.argv[2], sys.argv[3:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    out = ["HELLO %s" % name]
    for r in reqs:
        tag, rest = r.split(":", 1)
        peer, _, args = rest.partition("/")
        out.append(" ".join(["ADD", tag, peer] +
                            [a for a in args.split(",") if a]))
    s.sendall("".join(line + "\n" for line in out).encode())
    buf = b""
    while True:
        data = s.recv(4096)
        if not data:
            print("%.6f EOF" % time.time(), flush=True)
            return
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            print("%.6f %s" % (time.time(), line.decode(errors="replace")),
                  flush=True)


if __name__ == "__main__":
    main()
