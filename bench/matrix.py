#!/usr/bin/env python3
"""Runs the benchmark matrix of bench/run.sh and writes docs/PERFORMANCE.md.

Every server is started on 127.0.0.1 port 0 and its port read from its first line
("listening on ('127.0.0.1', PORT)"). Server CPU time and memory come from /proc.
"""
import argparse, datetime, os, re, resource, socket, statistics, subprocess, sys, threading, time

RUNS = 3          # medians of three
TARGET_RUNS = 5   # at the targets' point (64 clients): medians of five
SECONDS = 3       # each load run
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, command):
        # The lab's Python server prints the port it was given, so it gets a free one.
        if command[-1] == "0" and command[0] == "python3":
            command = command[:-1] + [str(free_port())]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r", (\d+)\)", line)
        if not match:
            raise RuntimeError(f"{command[0]} did not say where it listens: {line!r}")
        self.port = int(match.group(1))
        # Keep reading what it prints: a full pipe would stop a server that logs (the lab's).
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def cpu_seconds(self):
        """User and system time so far."""
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK

    def status_kb(self, key):
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return 0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def bench(build, port, *arguments, sample=None):
    """One wirelab-bench run; sample(server) is called halfway through when given."""
    command = [f"{build}/bench/wirelab-bench", "-p", str(port), *map(str, arguments)]
    # Its own CPU too (the servers are children as well, but not waited for until they stop).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    sampled = None
    if sample:
        time.sleep(SECONDS / 2)
        sampled = sample()
    output = process.communicate(timeout=600)[0]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", output.splitlines()[-1])}
    result["loadgen_cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, sampled


def run_once(build, server, **load):
    """One load run: requests/s, p99, and server and load generator CPU µs per request."""
    arguments = []
    for key, value in load.items():
        arguments += [("-" if len(key) == 1 else "--") + key, value]
    user_before, system_before = server.cpu_seconds()
    result, _ = bench(build, server.port, *arguments)
    user_after, system_after = server.cpu_seconds()
    if result["errors"] > 0:
        print(f"  errors in a run: {result}", file=sys.stderr)
    per_request = 1e6 / max(1, result["ok"])
    user, system = (user_after - user_before) * per_request, (system_after - system_before) * per_request
    return {"rps": result["rps"], "p99": result["p99_us"] / 1000, "cpu": user + system, "user": user,
            "system": system, "loadgen": result["loadgen_cpu"] * per_request, "errors": int(result["errors"])}


def medians(samples):
    """The median of each figure over runs (errors: their sum)."""
    figures = {key: statistics.median(s[key] for s in samples) for key in samples[0] if key != "errors"}
    figures["errors"] = sum(s["errors"] for s in samples)
    return figures


def measure(build, server, runs=RUNS, **load):
    """Medians over `runs` runs against one server."""
    return medians([run_once(build, server, **load) for _ in range(runs)])


W = "wirelab-server (--threads = cores)"
WQ = "wirelab-server (--threads = cores, --qt-event-dispatcher)"
W1 = "wirelab-server (--threads 1)"
Q = "Qt yardstick (QTcpServer, 1 thread)"
C = "C yardstick (epoll)"
P = "lab Python server"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build-release")
    parser.add_argument("--python-server", default="")
    parser.add_argument("--output", default="docs/PERFORMANCE.md")
    options = parser.parse_args()
    build = options.build
    cores = os.cpu_count()

    wirelab = [f"{build}/console-server/wirelab-server", "--quiet", "--idle-timeout", "600",
               "--request-timeout", "600", "--max-connections", "20000"]
    servers = {
        W: wirelab + ["--threads", str(cores), "127.0.0.1", "0"],
        WQ: wirelab + ["--threads", str(cores), "--qt-event-dispatcher", "127.0.0.1", "0"],
        W1: wirelab + ["--threads", "1", "127.0.0.1", "0"],
        Q: [f"{build}/bench/qt-yardstick", "127.0.0.1", "0"],
        C: [f"{build}/bench/yardstick", "127.0.0.1", "0"],
    }
    if options.python_server:
        servers[P] = ["python3", options.python_server, "127.0.0.1", "0"]

    # The whole matrix for the servers compared; wirelab-server's two variants at the targets'
    # point (64 clients) only. Rounds, not runs in a row: each round runs every cell once, so
    # that servers compared in a cell are measured minutes apart at most, under the same
    # conditions of a shared machine (which drift by more than the differences measured).
    # The targets' point gets TARGET_RUNS rounds, the others RUNS.
    cells = []
    for name in servers:
        variant = name in (WQ, W1)
        for kind in ("double",) if name == W1 else ("search", "double"):
            for concurrency in (64,) if variant else (1, 8, 64):
                cells.append((name, kind, concurrency))
    samples = {cell: [] for cell in cells}
    for round_ in range(TARGET_RUNS):
        for cell in sorted(cells, key=lambda cell: (cell[1], cell[2])):
            name, kind, concurrency = cell
            if concurrency != 64 and round_ >= RUNS:
                continue
            server = Server(servers[name])
            samples[cell].append(run_once(build, server, c=concurrency, d=SECONDS, kind=kind))
            server.stop()
        print(f"round {round_ + 1} of {TARGET_RUNS} done", flush=True)
    table = {cell: medians(samples[cell]) for cell in cells}
    for (name, kind, concurrency), figures in table.items():
        print(f"{name:56} {kind:6} c={concurrency:<3} {figures['rps']:8.0f} req/s  "
              f"p99 {figures['p99']:6.2f} ms  cpu {figures['cpu']:6.1f} µs/req "
              f"({figures['user']:.1f} user)  load generator {figures['loadgen']:6.1f} µs/req", flush=True)

    # Idle connections held during a 64-client double run, and RSS per idle connection. The Qt
    # yardstick keeps the system's soft descriptor limit and has no answer to EMFILE, so it
    # is not asked to hold 10,000.
    idle = {}
    for name in (W, WQ, C):
        for held in (1000, 10000):
            server = Server(servers[name])
            time.sleep(0.2)
            base_rss = server.status_kb("VmRSS")
            figures = measure(build, server, c=64, d=SECONDS, kind="double", idle=held)
            # RSS halfway through one more run, with the idle connections open.
            _, during = bench(build, server.port, "-c", 1, "-d", SECONDS, "--kind", "double", "--idle", held,
                              sample=lambda s=server: s.status_kb("VmRSS"))
            server.stop()
            idle[(name, held)] = dict(figures, kb_per_idle=(during - base_rss) / held)
            print(f"{name:56} idle {held:5} {figures['rps']:8.0f} req/s  cpu {figures['cpu']:6.1f} µs/req  "
                  f"{(during - base_rss) / held:.2f} KiB/idle", flush=True)

    # One 64 MiB request.
    big = {}
    size = 64 * 1024 * 1024
    for name in (W, C):
        command = list(servers[name])
        if name == W:
            command[1:1] = ["--max-content", str(size + 1024)]
        times, peaks = [], []
        for _ in range(RUNS):
            server = Server(command)
            result, _ = bench(build, server.port, "-c", 1, "-n", 1, "--kind", "big", "--size", size)
            peaks.append(server.status_kb("VmHWM"))
            server.stop()
            times.append(result["max_us"] / 1000)
        big[name] = {"ms": statistics.median(times), "peak_mb": statistics.median(peaks) / 1024}
        print(f"{name:56} 64 MiB {big[name]['ms']:.1f} ms  peak RSS {big[name]['peak_mb']:.0f} MiB", flush=True)

    # Slow clients at the server's defaults: N connections each sending a byte every 3 s, and
    # after 5 s of that, 200 well-behaved clients at once.
    slow = {}
    for held in (3000, 10000):
        server = Server([f"{build}/console-server/wirelab-server", "--quiet", "127.0.0.1", "0"])
        result, _ = bench(build, server.port, "-c", 200, "-n", 200, "--kind", "double", "--trickle", held)
        server.stop()
        slow[held] = result
        print(f"slow clients {held:5}: {result['within1s']:.0f} of 200 answered within 1 s, "
              f"p99 {result['p99_us'] / 1000:.1f} ms", flush=True)

    # Logging: quiet against the lab's transcript written to a file.
    logging = {}
    transcript = "/tmp/wirelab-bench-transcript.log"
    for mode, extra in (("--quiet", ["--quiet"]), ("--log-file", ["--log-file", transcript])):
        command = [f"{build}/console-server/wirelab-server", *extra, "--threads", str(cores), "127.0.0.1", "0"]
        server = Server(command)
        logging[mode] = measure(build, server, c=64, d=SECONDS, kind="double")
        server.stop()
        print(f"logging {mode:12} {logging[mode]['rps']:8.0f} req/s", flush=True)
    if os.path.exists(transcript):
        os.remove(transcript)

    # Protocol micro-benchmarks.
    micro = subprocess.run([f"{build}/bench/protocol-benchmark", "--benchmark_min_time=0.2"],
                           capture_output=True, text=True).stdout

    write_report(options.output, cores, table, idle, big, slow, logging, micro)


def protocol_targets(micro):
    """Target rows from the Google Benchmark output: round trips ≤ 1 µs, big decode ≥ 2 GB/s."""
    rows = []
    for match in re.finditer(r"^encodeAndDecodeRequest/\d+\s+(\d+) ns\s+\d+ ns\s+\d+ (.+)$", micro, re.M):
        ns, label = int(match.group(1)), match.group(2).strip()
        rows.append(f"| {label} request encoded and decoded ≤ 1 µs | {ns / 1000:.2f} µs | {'yes' if ns <= 1000 else 'no'} |")
    for match in re.finditer(r"^decodeBigContent/(\d+).*bytes_per_second=([\d.]+)G/s", micro, re.M):
        chunk, rate = int(match.group(1)), float(match.group(2))
        rows.append(f"| 16 MiB content decoded in {chunk // 1024} KiB chunks ≥ 2 GB/s | {rate:.1f} GB/s | {'yes' if rate >= 2 else 'no'} |")
    return rows


def yes(reached):
    return "yes" if reached else "no"


def write_report(path, cores, table, idle, big, slow, logging, micro):
    # What follows the marker is written by hand, and kept.
    analysis = "<!-- analysis -->\n"
    if os.path.exists(path):
        old = open(path).read()
        if "<!-- analysis -->" in old:
            analysis = old[old.index("<!-- analysis -->"):]
    lines = []
    add = lines.append
    add("# Performance")
    add("")
    add("Figures from one run of `bash bench/run.sh` on this project's machine "
        f"({cores} cores, loopback), {datetime.date.today().isoformat()}. Each load figure is the "
        f"median of runs of {SECONDS} s with the same load generator (`wirelab-bench`, one "
        "request per connection, every answer checked byte for byte): "
        f"{TARGET_RUNS} runs at 64 clients, {RUNS} elsewhere, taken in rounds (each round runs every "
        "server once), so that the servers of one row of comparison are measured under the same "
        "conditions of a shared machine. Server CPU is the server "
        "process's user + system time from `/proc/PID/stat` divided by the requests answered. The "
        "load generator shares the cores with the server.")
    add("")
    add("The yardsticks. The **Qt yardstick** (`bench/qtyardstick/`) is what Qt's classes alone "
        "can do with this protocol: a `QTcpServer`, one `QTcpSocket` per connection driven by its "
        "signals, Qt's own event dispatcher, one thread, precomputed answers, no limits, no "
        "timeouts, no logging. The **C yardstick** (`bench/yardstick/`) is an epoll loop in C: "
        f"the same minimum without Qt. `wirelab-server` runs with `--threads {cores}` (the cores).")
    add("")
    add("Reproduce: `bash bench/run.sh` (add the path of the lab's `app-server.py` to include it).")
    add("")
    add("## Targets (64 clients, double, unless said)")
    add("")
    add("| target | figure | reached |")
    add("| --- | --- | --- |")
    w, q, c = table[(W, "double", 64)], table[(Q, "double", 64)], table[(C, "double", 64)]
    ratio = w["rps"] / q["rps"]
    add(f"| requests/s ≥ 1.1 × the Qt yardstick's | {w['rps']:.0f} vs {q['rps']:.0f} = {ratio:.2f} × | {yes(ratio >= 1.1)} |")
    cpu = w["cpu"] / q["cpu"]
    add(f"| server CPU per request ≤ 1.0 × the Qt yardstick's | {w['cpu']:.1f} vs {q['cpu']:.1f} µs = {cpu:.2f} × | {yes(cpu <= 1.0)} |")
    add(f"| of it in user space, and in the system | {w['user']:.1f} vs {q['user']:.1f} µs = {w['user'] / q['user']:.2f} ×; "
        f"{w['system']:.1f} vs {q['system']:.1f} µs = {w['system'] / q['system']:.2f} × | shown |")
    add(f"| the load generator (one thread) at the Qt yardstick's rate: CPU per request, and the rate "
        f"its core allows | {q['loadgen']:.1f} µs, {1e6 / q['loadgen']:.0f} requests/s | shown |")
    add(f"| ratio to the C yardstick: requests/s | {w['rps']:.0f} vs {c['rps']:.0f} = {w['rps'] / c['rps']:.2f} × | shown |")
    add(f"| ratio to the C yardstick: CPU per request | {w['cpu']:.1f} vs {c['cpu']:.1f} µs = {w['cpu'] / c['cpu']:.2f} × | shown |")
    sw, sq = table[(W, "search", 64)], table[(Q, "search", 64)]
    add(f"| search against the Qt yardstick: requests/s, CPU per request | {sw['rps'] / sq['rps']:.2f} ×, "
        f"{sw['cpu'] / sq['cpu']:.2f} × | shown |")
    ratio10k = idle[(W, 10000)]["rps"] / w["rps"]
    add(f"| with 10,000 idle connections held ≥ 0.8 × without | {idle[(W, 10000)]['rps']:.0f} vs {w['rps']:.0f} "
        f"= {ratio10k:.2f} × | {yes(ratio10k >= 0.8)} |")
    kb = idle[(W, 10000)]["kb_per_idle"]
    add(f"| RSS per idle connection ≤ 6 KiB | {kb:.2f} KiB | {yes(kb <= 6)} |")
    bigratio = big[W]["ms"] / big[C]["ms"]
    add(f"| 64 MiB request ≤ 2 × the C yardstick's time | {big[W]['ms']:.1f} vs {big[C]['ms']:.1f} ms "
        f"= {bigratio:.2f} × | {yes(bigratio <= 2)} |")
    peak = big[W]["peak_mb"] / 64
    add(f"| 64 MiB request's peak RSS ≤ 1.5 × the content | {big[W]['peak_mb']:.0f} MiB = {peak:.2f} × | {yes(peak <= 1.5)} |")
    for held, result in slow.items():
        add(f"| {held:,} slow clients (a byte every 3 s), at the defaults: ≥ 99 % of 200 good clients "
            f"answered, each within 1 s | {result['within1s']:.0f} of 200, max {result['max_us'] / 1000:.0f} ms "
            f"| {yes(result['within1s'] >= 198 and result['errors'] == 0)} |")
    wq = table[(WQ, "double", 64)]
    saved = 1 - w["cpu"] / wq["cpu"]
    add(f"| the epoll dispatcher saves > 10 % of a request's server CPU (against `--qt-event-dispatcher`) "
        f"| {w['cpu']:.1f} vs {wq['cpu']:.1f} µs: {saved * 100:.0f} % | {yes(saved > 0.10)} |")
    idle_saved = 1 - idle[(W, 10000)]["cpu"] / idle[(WQ, 10000)]["cpu"]
    add(f"| the same with 10,000 idle connections held | {idle[(W, 10000)]['cpu']:.1f} vs "
        f"{idle[(WQ, 10000)]['cpu']:.1f} µs: {idle_saved * 100:.0f} % | {yes(idle_saved > 0.10)} |")
    scaling = w["rps"] / table[(W1, "double", 64)]["rps"]
    add(f"| --threads {cores} against --threads 1 | {scaling:.2f} × | shown |")
    log_ratio = logging["--log-file"]["rps"] / logging["--quiet"]["rps"]
    add(f"| the lab's transcript to a file ≥ 0.7 × --quiet | {log_ratio:.2f} × | {yes(log_ratio >= 0.7)} |")
    for row in protocol_targets(micro):
        add(row)
    add("")
    add("## Requests per second")
    add("")
    add("| server | kind | concurrency | requests/s | p99 ms | server CPU µs/request | of it user, system | load generator CPU µs/request | errors |")
    add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for (name, kind, concurrency), f in table.items():
        add(f"| {name} | {kind} | {concurrency} | {f['rps']:.0f} | {f['p99']:.2f} | {f['cpu']:.1f} "
            f"| {f['user']:.1f}, {f['system']:.1f} | {f['loadgen']:.1f} | {f['errors']} |")
    add("")
    add("## Idle connections held during a run (double, 64 clients)")
    add("")
    add("| server | idle connections | requests/s | server CPU µs/request | RSS per idle connection |")
    add("| --- | --- | --- | --- | --- |")
    for (name, held), f in idle.items():
        add(f"| {name} | {held} | {f['rps']:.0f} | {f['cpu']:.1f} | {f['kb_per_idle']:.2f} KiB |")
    add("")
    add("## One 64 MiB request")
    add("")
    add("| server | time to answer | peak RSS |")
    add("| --- | --- | --- |")
    for name, f in big.items():
        add(f"| {name} | {f['ms']:.1f} ms | {f['peak_mb']:.0f} MiB |")
    add("")
    add("## Slow clients at the defaults (`wirelab-bench -c 200 -n 200 --trickle N`)")
    add("")
    add("| slow clients | good clients answered within 1 s | errors | p50 ms | p99 ms | max ms | slow clients the server closed |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for held, r in slow.items():
        add(f"| {held} | {r['within1s']:.0f} of 200 | {r['errors']:.0f} | {r['p50_us'] / 1000:.1f} | "
            f"{r['p99_us'] / 1000:.1f} | {r['max_us'] / 1000:.1f} | {r['slowclosed']:.0f} |")
    add("")
    add(f"## Logging (double, 64 clients, --threads {cores})")
    add("")
    add("| mode | requests/s |")
    add("| --- | --- |")
    for mode, f in logging.items():
        add(f"| {mode} | {f['rps']:.0f} |")
    add("")
    add("## Protocol library (Google Benchmark)")
    add("")
    add("```")
    add(micro.strip())
    add("```")
    add("")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n" + analysis)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
