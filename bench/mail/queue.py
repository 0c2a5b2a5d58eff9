"""queue.py PORT COUNT: signs in as the demo owner and queues COUNT invitation messages
(COUNT/10 requests of ten fresh addresses) over one keep-alive connection. Prints one line
per figure: requests, the API's time per request (mean, p50, p99, max: what a request waits
for the outbox, never for SMTP) and the wall time."""
import http.client
import json
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
prefix = sys.argv[3] if len(sys.argv) > 3 else "bench"
conn = http.client.HTTPConnection("127.0.0.1", port)
conn.request("POST", "/api/v1/session", json.dumps({"username": "owner@example.org", "password": "Owner-pass-1"}),
             {"Content-Type": "application/json"})
r = conn.getresponse()
session = json.loads(r.read())
cookie = r.getheader("Set-Cookie").split(";")[0]
headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": session["csrf_token"]}
times = []
start = time.monotonic()
for request in range(count // 10):
    text = ",".join("%s%d@mail-bench.example" % (prefix, request * 10 + i) for i in range(10))
    body = json.dumps({"text": text, "access": {"roles": ["developer"]}})
    t0 = time.monotonic()
    conn.request("POST", "/api/v1/invitations", body, headers)
    r = conn.getresponse()
    r.read()
    times.append(time.monotonic() - t0)
    if r.status != 201:
        sys.exit("request %d: HTTP %d" % (request, r.status))
wall = time.monotonic() - start
times.sort()
ms = lambda s: "%.2f ms" % (s * 1000)
print("requests: %d (%d messages)" % (len(times), len(times) * 10))
print("API time per request (10 invitations, outbox written in the transaction): mean %s, p50 %s, p99 %s, max %s"
      % (ms(sum(times) / len(times)), ms(times[len(times) // 2]), ms(times[int(len(times) * 0.99)]), ms(times[-1])))
print("queuing wall time: %.2f s" % wall)
