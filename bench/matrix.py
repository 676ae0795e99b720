#!/usr/bin/env python3
"""Runs the benchmark matrix of bench/run.sh and writes docs/PERFORMANCE.md.

Every server is started on 127.0.0.1 port 0 and its port read from its first line
("listening on ('127.0.0.1', PORT)"). Server CPU time and memory come from /proc.
"""
import argparse, datetime, os, re, socket, statistics, subprocess, sys, threading, time

RUNS = 3          # medians of three
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
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

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
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    sampled = None
    if sample:
        time.sleep(SECONDS / 2)
        sampled = sample()
    output = process.communicate(timeout=600)[0]
    result = dict(re.findall(r"(\w+)=([\d.]+)", output.splitlines()[-1]))
    return {k: float(v) for k, v in result.items()}, sampled


def measure(build, server, runs=RUNS, **load):
    """Median requests/s, p99 and server CPU µs per request over `runs` runs."""
    sample = load.pop("_sample", None)
    arguments = []
    for key, value in load.items():
        arguments += [("-" if len(key) == 1 else "--") + key, value]
    rates, p99s, cpus, samples = [], [], [], []
    for _ in range(runs):
        before = server.cpu_seconds()
        result, sampled = bench(build, server.port, *arguments, sample=sample)
        cpu = server.cpu_seconds() - before
        if result["errors"] > 0:
            print(f"  errors in a run: {result}", file=sys.stderr)
        rates.append(result["rps"])
        p99s.append(result["p99_us"] / 1000)
        cpus.append(cpu * 1e6 / max(1, result["ok"]))
        samples.append(sampled)
    return {"rps": statistics.median(rates), "p99": statistics.median(p99s),
            "cpu": statistics.median(cpus), "errors": 0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build-release")
    parser.add_argument("--python-server", default="")
    parser.add_argument("--output", default="docs/PERFORMANCE.md")
    options = parser.parse_args()
    build = options.build
    cores = os.cpu_count()

    servers = {
        "wirelab-server (--threads 2)": [f"{build}/console-server/wirelab-server", "--quiet", "--threads", "2",
                                         "--idle-timeout", "600", "--request-timeout", "600",
                                         "--max-connections", "20000", "127.0.0.1", "0"],
        "wirelab-server (--threads 1)": [f"{build}/console-server/wirelab-server", "--quiet", "--threads", "1",
                                         "--idle-timeout", "600", "--request-timeout", "600",
                                         "--max-connections", "20000", "127.0.0.1", "0"],
        "yardstick (C, epoll)": [f"{build}/bench/yardstick", "127.0.0.1", "0"],
    }
    if options.python_server:
        servers["lab Python server"] = ["python3", options.python_server, "127.0.0.1", "0"]

    rows = []
    table = {}
    for name, command in servers.items():
        for kind in ("search", "double"):
            for concurrency in (1, 8, 64):
                server = Server(command)
                figures = measure(build, server, c=concurrency, d=SECONDS, kind=kind)
                server.stop()
                table[(name, kind, concurrency)] = figures
                print(f"{name:32} {kind:6} c={concurrency:<3} {figures['rps']:8.0f} req/s  "
                      f"p99 {figures['p99']:6.2f} ms  cpu {figures['cpu']:6.1f} µs/req", flush=True)

    # Idle connections held during a c=64 double run, and RSS per idle connection.
    idle = {}
    for name in ("wirelab-server (--threads 2)", "yardstick (C, epoll)"):
        for held in (1000, 10000):
            server = Server(servers[name])
            time.sleep(0.2)
            base_rss = server.status_kb("VmRSS")
            figures = measure(build, server, c=64, d=SECONDS, kind="double", idle=held,
                              _sample=lambda s=server: s.status_kb("VmRSS"))
            # RSS halfway through the last run, with the idle connections open.
            _, during = bench(build, server.port, "-c", 1, "-d", SECONDS, "--kind", "double", "--idle", held,
                              sample=lambda s=server: s.status_kb("VmRSS"))
            server.stop()
            idle[(name, held)] = dict(figures, kb_per_idle=(during - base_rss) / held)
            print(f"{name:32} idle {held:5} {figures['rps']:8.0f} req/s  {(during - base_rss) / held:.2f} KiB/idle",
                  flush=True)

    # One 64 MiB request.
    big = {}
    size = 64 * 1024 * 1024
    for name in ("wirelab-server (--threads 2)", "yardstick (C, epoll)"):
        command = list(servers[name])
        if name.startswith("wirelab"):
            command[1:1] = ["--max-content", str(size + 1024)]
        times, peaks = [], []
        for _ in range(RUNS):
            server = Server(command)
            result, _ = bench(build, server.port, "-c", 1, "-n", 1, "--kind", "big", "--size", size)
            peaks.append(server.status_kb("VmHWM"))
            server.stop()
            times.append(result["max_us"] / 1000)
        big[name] = {"ms": statistics.median(times), "peak_mb": statistics.median(peaks) / 1024}
        print(f"{name:32} 64 MiB {big[name]['ms']:.1f} ms  peak RSS {big[name]['peak_mb']:.0f} MiB", flush=True)

    # Logging: quiet against the lab's transcript written to a file.
    logging = {}
    for mode, extra in (("--quiet", ["--quiet"]), ("--log-file", ["--log-file", "/tmp/wirelab-bench-transcript.log"])):
        command = [f"{build}/console-server/wirelab-server", *extra, "--threads", "2", "127.0.0.1", "0"]
        server = Server(command)
        logging[mode] = measure(build, server, c=64, d=SECONDS, kind="double")
        server.stop()
        print(f"logging {mode:12} {logging[mode]['rps']:8.0f} req/s", flush=True)
    if os.path.exists("/tmp/wirelab-bench-transcript.log"):
        os.remove("/tmp/wirelab-bench-transcript.log")

    # Protocol micro-benchmarks.
    micro = subprocess.run([f"{build}/bench/protocol-benchmark", "--benchmark_min_time=0.2"],
                           capture_output=True, text=True).stdout

    write_report(options.output, cores, servers, table, idle, big, logging, micro)


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


def write_report(path, cores, servers, table, idle, big, logging, micro):
    w = "wirelab-server (--threads 2)"
    w1 = "wirelab-server (--threads 1)"
    y = "yardstick (C, epoll)"
    lines = []
    add = lines.append
    add("# Performance")
    add("")
    add("Figures from one run of `bash bench/run.sh` on this project's machine "
        f"({cores} cores, loopback), {datetime.date.today().isoformat()}. Each load figure is the "
        f"median of {RUNS} runs of {SECONDS} s with the same load generator (`wirelab-bench`, one "
        "request per connection, every answer checked byte for byte). Server CPU is the server "
        "process's user + system time from `/proc/PID/stat` divided by the requests answered. The "
        "load generator shares the 2 cores with the server, as the yardstick figures in the issue did.")
    add("")
    add("Reproduce: `bash bench/run.sh` (add the path of the lab's `app-server.py` to include it).")
    add("")
    add("## Requests per second")
    add("")
    add("| server | kind | concurrency | requests/s | p99 ms | server CPU µs/request |")
    add("| --- | --- | --- | --- | --- | --- |")
    for (name, kind, concurrency), f in table.items():
        add(f"| {name} | {kind} | {concurrency} | {f['rps']:.0f} | {f['p99']:.2f} | {f['cpu']:.1f} |")
    add("")
    add("## Targets")
    add("")
    add("| target | figure | reached |")
    add("| --- | --- | --- |")
    for kind in ("double", "search"):
        ratio = table[(w, kind, 64)]["rps"] / table[(y, kind, 64)]["rps"]
        add(f"| requests/s at 64 clients ({kind}) ≥ 0.9 × yardstick | {ratio:.2f} × | {'yes' if ratio >= 0.9 else 'no'} |")
        cpu = table[(w, kind, 64)]["cpu"] / table[(y, kind, 64)]["cpu"]
        add(f"| server CPU per request ({kind}) ≤ 1.5 × yardstick | {cpu:.2f} × | {'yes' if cpu <= 1.5 else 'no'} |")
    ratio10k = idle[(w, 10000)]["rps"] / table[(w, "double", 64)]["rps"]
    add(f"| with 10,000 idle connections ≥ 0.8 × without | {ratio10k:.2f} × | {'yes' if ratio10k >= 0.8 else 'no'} |")
    kb = idle[(w, 10000)]["kb_per_idle"]
    add(f"| RSS per idle connection ≤ 4 KiB | {kb:.2f} KiB | {'yes' if kb <= 4 else 'no'} |")
    bigratio = big[w]["ms"] / big[y]["ms"]
    add(f"| 64 MiB request ≤ 2 × yardstick's time | {big[w]['ms']:.1f} ms vs {big[y]['ms']:.1f} ms = {bigratio:.2f} × | {'yes' if bigratio <= 2 else 'no'} |")
    peak = big[w]["peak_mb"] / 64
    add(f"| 64 MiB request peak RSS ≤ 1.5 × content | {big[w]['peak_mb']:.0f} MiB = {peak:.2f} × | {'yes' if peak <= 1.5 else 'no'} |")
    scaling = table[(w, "double", 64)]["rps"] / table[(w1, "double", 64)]["rps"]
    add(f"| --threads 2 against --threads 1 (double, 64 clients) | {scaling:.2f} × | shown |")
    log_ratio = logging["--log-file"]["rps"] / logging["--quiet"]["rps"]
    add(f"| logging to a file ≥ 0.7 × --quiet | {log_ratio:.2f} × | {'yes' if log_ratio >= 0.7 else 'no'} |")
    for add_row in protocol_targets(micro):
        add(add_row)
    add("")
    add("## Idle connections held during a run (double, 64 clients)")
    add("")
    add("| server | idle connections | requests/s | RSS per idle connection |")
    add("| --- | --- | --- | --- |")
    for (name, held), f in idle.items():
        add(f"| {name} | {held} | {f['rps']:.0f} | {f['kb_per_idle']:.2f} KiB |")
    add("")
    add("## One 64 MiB request")
    add("")
    add("| server | time to answer | peak RSS |")
    add("| --- | --- | --- |")
    for name, f in big.items():
        add(f"| {name} | {f['ms']:.1f} ms | {f['peak_mb']:.0f} MiB |")
    add("")
    add("## Logging (double, 64 clients, --threads 2)")
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
    add("<!-- analysis -->")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
