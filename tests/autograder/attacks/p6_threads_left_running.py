# family: 6 escape and denial of service
# base: solution
# cell: sgd
# mode: append
# expect-score: full
# expect-status: ok
import threading
import time

threading.Thread(target=time.sleep, args=(600,)).start()  # not a daemon: would block the exit
threading.Thread(target=lambda: [None for _ in iter(int, 1)], daemon=True).start()  # spins forever
