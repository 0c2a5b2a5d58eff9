"""smtp_sink.py: a real SMTP server on loopback for the mail tests and the mail benchmark.

/usr/bin/python3 smtp_sink.py --port PORT --dir DIR [--reject ADDRESS ...] [--delay SECONDS]

Each accepted message is written whole to DIR/<n>.eml (written to a temporary name, then
renamed, so readers never see half a file). A --reject address is refused with
550 5.1.1 at RCPT TO. --delay waits before answering each DATA (to catch a crash mid-send).
Prints "ready" once it listens; stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import itertools
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, reject, delay):
        self.directory = directory
        self.reject = {a.lower() for a in reject}
        self.delay = delay
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            n = next(self.counter)
        name = "%d-%09d" % (os.getpid(), n)
        temp = os.path.join(self.directory, name + ".tmp")
        with open(temp, "wb") as out:
            out.write(("X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)).encode())
            out.write(envelope.original_content)
        os.rename(temp, os.path.join(self.directory, name + ".eml"))
        return "250 2.0.0 OK queued as %s" % name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Sink(args.dir, args.reject, args.delay), hostname="127.0.0.1", port=args.port,
                            decode_data=False)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
