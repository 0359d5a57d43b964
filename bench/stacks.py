"""A sampling profiler for the harness's app processes (py-spy is not installed here; cProfile sees the main
thread only, and the database work of a websocket process runs in its pool threads).

Every INTERVAL seconds a thread records every other thread's stack; at exit the counts are written in the
"collapsed" format (one line per stack: frames separated by ";", then a count), which `summary()` reads.

    python bench/stacks.py var/stacks/daphne-8251.txt      # where the time of the busy threads goes
"""

import atexit
import collections
import sys
import threading
import time

INTERVAL = 0.005
# A thread whose innermost frame is one of these is waiting, not working.
IDLE = ("threading.py:wait", "queue.py:get", "selectors.py:select", "thread.py:_worker", "base_events.py:_run_once")


def thread_name(thread):
    """asgiref's one thread for thread-sensitive work (every `database_sync_to_async` without a
    ThreadSensitiveContext) by that name; pool threads keep their executor's number (ThreadPoolExecutor-1_0)."""
    sync_to_async = getattr(sys.modules.get("asgiref.sync"), "SyncToAsync", None)  # None while being imported
    executor = getattr(sync_to_async, "single_thread_executor", None)
    if thread in getattr(executor, "_threads", ()):
        return "asgiref-single-thread"
    return thread.name.split(" ")[0]


def start(path):
    counts = collections.Counter()

    def sample():
        me = threading.get_ident()
        names = {}
        while True:
            time.sleep(INTERVAL)
            for thread in threading.enumerate():
                names[thread.ident] = thread_name(thread)
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                stack = []
                while frame is not None:
                    code = frame.f_code
                    stack.append(f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_name}")
                    frame = frame.f_back
                counts[";".join([names.get(ident, "?"), *reversed(stack)])] += 1

    threading.Thread(target=sample, daemon=True, name="stack-sampler").start()

    def dump():
        with open(path, "w") as out:
            for stack, count in counts.items():
                out.write(f"{stack} {count}\n")

    atexit.register(dump)


def summary(path, top=40):
    """Samples of the working (not waiting) threads, by thread, then by our innermost function and the leaf."""
    by_thread, by_function, sampled = collections.Counter(), collections.Counter(), collections.Counter()
    with open(path) as lines:
        for line in lines:
            stack, count = line.rsplit(" ", 1)
            frames = stack.split(";")
            sampled[frames[0]] += int(count)
            if frames[-1].endswith(IDLE):
                continue
            ours = [frame for frame in frames[1:] if frame.split(":")[0] in PROJECT_FILES]
            by_thread[frames[0]] += int(count)
            by_function[f"{frames[0]} {ours[-1] if ours else '-'} → {frames[-1]}"] += int(count)
    print("working samples by thread (of all its samples):", {t: f"{n}/{sampled[t]}" for t, n in by_thread.items()})
    for key, count in by_function.most_common(top):
        print(f"{count:6d} {key}")


PROJECT_FILES = {
    "consumers.py",
    "services.py",
    "watch.py",
    "sessions.py",
    "perms.py",
    "second_factor.py",
    "notifications.py",
    "audit.py",
    "layers.py",
    "ws_flow.py",
    "drafts.py",
}

if __name__ == "__main__":
    summary(sys.argv[1])
