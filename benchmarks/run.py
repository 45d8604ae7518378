#!/usr/bin/env python3
"""The netnotes benchmark: every figure next to a physical floor measured in
the same run, on the same machine, as a ratio (absolute times drift on
shared machines; ratios much less).

    python benchmarks/run.py [--sizes 1000 10000] [--runs 5] [--out benchmarks/results]

It builds deterministic vaults with benchmarks/genvault.py (a copy of
shared/genvault.py), then measures medians of several runs:

floors (warm file cache): `cat` of every note; an os.scandir + stat walk;
reading every note in Python and parsing its frontmatter with PyYAML's C
loader (yaml.CSafeLoader).

netnotes, whole process (what a user waits for) unless marked in-process:
cold `index` (empty index), no-change `index`, the no-change sync in-process,
one changed note re-indexed in-process (p50/p99 over many edits, commit
included), `digest --stdout`, `prep NAME --stdout`, `search WORD`, `list`,
peak memory of each, the index's size on disk, and the watcher: start-up on
an unchanged vault, save → updated Digest.md latency (p50/p95 over 20 saves),
idle CPU and steady memory.

It prints a table (figure, value, floor, ratio, target) and writes the same
as JSON to OUT/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-03-14"  # genvault's default "today"; every command gets it as --date


def netnotes_command() -> list[str]:
    exe = shutil.which("netnotes", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "netnotes"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in KB, stdout) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss, out.decode("utf-8", "replace")


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


# --- floors ------------------------------------------------------------------


def note_paths(vault: Path) -> list[str]:
    """The notes netnotes reads: not in dot-folders, the output folder (where
    the watcher's digest and prep sheets go) or the templates folder."""
    found = []
    for folder, dirs, files in os.walk(vault):
        top = folder == str(vault)
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".") and not (top and d in ("NetNotes", "Templates"))
        ]
        found += [os.path.join(folder, f) for f in files if f.endswith(".md")]
    return found


def floor_cat(vault: Path) -> float:
    paths = note_paths(vault)
    started = time.perf_counter()
    for start in range(0, len(paths), 500):
        subprocess.run(["cat", *paths[start : start + 500]], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def floor_stat_walk(vault: Path) -> float:
    started = time.perf_counter()
    skipped = {str(vault / "NetNotes"), str(vault / "Templates")}  # as note_paths()
    pending = [str(vault)]
    while pending:
        for entry in os.scandir(pending.pop()):
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in skipped:
                    pending.append(entry.path)
            elif entry.name.endswith(".md"):
                entry.stat(follow_symlinks=False)
    return time.perf_counter() - started


def floor_read_and_frontmatter(vault: Path) -> float:
    import yaml

    started = time.perf_counter()
    for path in note_paths(vault):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end > 0:
                try:
                    yaml.load(text[4:end], Loader=yaml.CSafeLoader)
                except yaml.YAMLError:
                    pass
    return time.perf_counter() - started


# --- netnotes ----------------------------------------------------------------


def in_process_syncs(vault: Path, cache: Path, edits: int) -> dict[str, float]:
    """The no-change sync and one changed note, measured inside one process."""
    os.environ["XDG_CACHE_HOME"] = str(cache)
    from netnotes.cli import App

    app = App(str(vault), None)
    index, _ = app.index()
    no_changes = []
    for _ in range(7):
        started = time.perf_counter()
        index.sync()
        no_changes.append(time.perf_counter() - started)
    no_change = statistics.median(no_changes)
    target = sorted((vault / "People").glob("*.md"))[
        len(list((vault / "People").glob("*.md"))) // 2
    ]
    original = target.read_bytes()
    times = []
    try:
        for n in range(edits):
            target.write_bytes(original + f"\n- benchmark edit {n}\n".encode())
            started = time.perf_counter()
            index.sync(paths={target.relative_to(vault).as_posix()})
            times.append(time.perf_counter() - started)
    finally:
        target.write_bytes(original)
        index.sync()
        app.close()
    times.sort()
    return {
        "no_change_sync_in_process": no_change,
        "one_change_p50": times[len(times) // 2],
        "one_change_p99": times[min(len(times) - 1, int(len(times) * 0.99))],
    }


def watcher_figures(vault: Path, env: dict[str, str], saves: int = 20) -> dict[str, float]:
    """Start-up, save → Digest.md latency, idle CPU and memory of `netnotes watch`."""
    digest = vault / "NetNotes" / "Digest.md"
    target = sorted((vault / "People").glob("*.md"))[3]
    original = target.read_bytes()
    started = time.perf_counter()
    child = subprocess.Popen(
        [*netnotes_command(), "--vault", str(vault), "watch", "--date", TODAY],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stderr.readline() if child.stderr else ""
        while line and "watching" not in line:
            line = child.stderr.readline() if child.stderr else ""
        startup = time.perf_counter() - started
        latencies = []
        for n in range(saves):
            marker = f"benchmark follow-up {n} {time.time_ns()}"
            saved = time.perf_counter()
            # Due long ago: the most overdue follow-up, so the first row the
            # digest shows, however many others the vault holds.
            target.write_bytes(original + f"\n- [ ] {marker} 📅 2000-01-01\n".encode())
            deadline = saved + 10
            while time.perf_counter() < deadline:
                if marker in digest.read_text(encoding="utf-8", errors="replace"):
                    break
                time.sleep(0.005)
            latencies.append(time.perf_counter() - saved)
            time.sleep(0.3)
        after_git = _after_git(vault, target, original, digest)
        cpu_before = _cpu_seconds(child.pid)
        time.sleep(5)
        idle_cpu = (_cpu_seconds(child.pid) - cpu_before) / 5
        rss_kb = _rss_kb(child.pid)
    finally:
        target.write_bytes(original)
        child.terminate()
        child.wait(timeout=10)
    latencies.sort()
    return {
        "watch_startup": startup,
        "watch_save_p50": latencies[len(latencies) // 2],
        "watch_save_p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))],
        "watch_idle_cpu_share": idle_cpu,
        "watch_rss_mb": rss_kb / 1024,
        "watch_after_git": after_git,
    }


def _after_git(vault: Path, target: Path, original: bytes, digest: Path) -> float:
    """A save made while git merges (MERGE_HEAD exists) is held back; the time
    from the merge's end (MERGE_HEAD gone, nothing else touched) until it shows
    in Digest.md."""
    git = vault / ".git"
    made = not git.exists()
    git.mkdir(exist_ok=True)
    merge_head = git / "MERGE_HEAD"
    merge_head.write_text("0" * 40 + "\n")
    try:
        marker = f"benchmark merged follow-up {time.time_ns()}"
        target.write_bytes(original + f"\n- [ ] {marker} 📅 2000-01-01\n".encode())
        time.sleep(1.5)  # the watcher sees the save and holds it
        held = marker not in digest.read_text(encoding="utf-8", errors="replace")
        ended = time.perf_counter()
        merge_head.unlink()
        deadline = ended + 10
        while time.perf_counter() < deadline:
            if marker in digest.read_text(encoding="utf-8", errors="replace"):
                break
            time.sleep(0.005)
        return time.perf_counter() - ended if held else float("nan")
    finally:
        merge_head.unlink(missing_ok=True)
        if made:
            shutil.rmtree(git, ignore_errors=True)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure(size: int, workdir: Path, runs: int) -> dict[str, float]:
    vault = workdir / f"vault-{size}"
    if not vault.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "genvault.py"),
                str(vault),
                "--contacts",
                str(size),
                "--seed",
                "1",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    cache = workdir / f"cache-{size}"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "NO_COLOR": "1"}
    # As after `pip install`: Python keeps compiled modules (some CI and
    # sandbox images turn that off, which adds 20-30 ms to every command).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    nn = [*netnotes_command(), "--vault", str(vault)]
    person = min((vault / "People").glob("*.md")).stem
    figures: dict[str, float] = {"notes": len(note_paths(vault))}
    figures["vault_mb"] = sum(os.path.getsize(p) for p in note_paths(vault)) / 1e6
    floor_cat(vault)  # warm the file cache
    figures["floor_cat"] = median_of(runs, lambda: floor_cat(vault))
    figures["floor_stat_walk"] = median_of(runs, lambda: floor_stat_walk(vault))
    figures["floor_read_frontmatter"] = median_of(runs, lambda: floor_read_and_frontmatter(vault))

    def cold() -> tuple[float, int, str]:
        shutil.rmtree(cache, ignore_errors=True)
        return timed([*nn, "index"], env)

    colds = [cold() for _ in range(runs)]
    figures["cold_index"] = statistics.median(c[0] for c in colds)
    figures["cold_index_peak_mb"] = max(c[1] for c in colds) / 1024
    for name, args in (
        ("nochange_index", ["index"]),
        ("digest", ["digest", "--stdout", "--date", TODAY]),
        ("prep", ["prep", person, "--stdout", "--date", TODAY]),
        ("search", ["search", "marathon"]),
        ("list", ["list", "--date", TODAY]),
    ):
        samples = [timed([*nn, *args], env) for _ in range(runs)]
        figures[name] = statistics.median(s[0] for s in samples)
        figures[f"{name}_peak_mb"] = max(s[1] for s in samples) / 1024
    index_files = list(cache.rglob("index.sqlite3*"))
    figures["index_mb"] = sum(f.stat().st_size for f in index_files) / 1e6
    figures.update(in_process_syncs(vault, cache, edits=200))
    figures.update(watcher_figures(vault, env))
    return figures


# --- imports ---------------------------------------------------------------------


def linkedin_csv(path: Path, rows: int) -> None:
    """A LinkedIn Connections.csv as LinkedIn writes it: the Notes preamble,
    mostly empty emails, some namesakes at other companies."""
    lines = [
        "\ufeffNotes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        email = f"p{i}@example.com" if i % 5 == 0 else ""
        name = f"First{i % (rows - rows // 10)},Last{i % (rows - rows // 10)}"
        lines.append(
            f"{name},https://www.linkedin.com/in/person-{i},{email},Company {i % 97},"
            f"Engineer,{i % 28 + 1:02d} Mar {2010 + i % 15}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def import_figures(workdir: Path, runs: int) -> dict[str, float]:
    """Rows per second of `import linkedin` (dry run and --apply) into an
    empty vault at 200 and 2,000 rows, and the cost per row at 2,000 against
    200 (the start-up cost, a one-row import, taken out): no quadratic matching."""
    figures: dict[str, float] = {}
    base = workdir / "imports"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    per_row: dict[tuple[str, int], float] = {}
    for rows in (1, 200, 2000):
        source = base / f"Connections-{rows}.csv"
        linkedin_csv(source, max(rows, 2) if rows == 1 else rows)
        for mode, extra in (("dry_run", []), ("apply", ["--apply"])):
            vault = base / f"vault-{rows}-{mode}"
            argv = [*netnotes_command(), "--vault", str(vault), "import", "linkedin"]
            argv += [str(source), *extra]
            samples = [_import_once(vault, argv, env) for _ in range(runs)]
            per_row[(mode, rows)] = statistics.median(samples)
    for mode in ("dry_run", "apply"):
        start = per_row[(mode, 1)]
        small = (per_row[(mode, 200)] - start) / 200
        large = (per_row[(mode, 2000)] - start) / 2000
        figures[f"import_{mode}_rows_per_s"] = 2000 / per_row[(mode, 2000)]
        figures[f"import_{mode}_row_cost_ratio"] = large / small if small > 0 else 0.0
    # A dry run of 200 rows takes about as long as starting Python: its cost
    # per row is measured in-process (read the file, match, plan) instead.
    plan_cost = {
        rows: _plan_seconds(base / f"Connections-{rows}.csv", runs) / rows for rows in (200, 2000)
    }
    figures["import_dry_run_row_cost_ratio"] = plan_cost[2000] / plan_cost[200]
    return figures


def _import_once(vault: Path, argv: list[str], env: dict[str, str]) -> float:
    """One import into an empty vault, whole process."""
    shutil.rmtree(vault, ignore_errors=True)
    (vault / ".netnotes").mkdir(parents=True)
    return timed(argv, env)[0]


def _plan_seconds(source: Path, runs: int) -> float:
    from netnotes.config import Config
    from netnotes.interop import read_source
    from netnotes.interop.plan import build_plan

    data = source.read_bytes()

    def once() -> float:
        started = time.perf_counter()
        entries, _ = read_source("linkedin", source.name, data)
        build_plan("linkedin", source.name, entries, [], Config(), lambda path: False)
        return time.perf_counter() - started

    return min(once() for _ in range(max(runs, 3)))


def import_report(figures: dict[str, float]) -> str:
    lines = ["| import linkedin, 2,000 rows | rows/s | cost per row, 2,000 vs 200 | target | met |"]
    lines.append("|---|---|---|---|---|")
    for mode in ("dry_run", "apply"):
        ratio = figures[f"import_{mode}_row_cost_ratio"]
        lines.append(
            f"| {mode.replace('_', ' ')} | {figures[f'import_{mode}_rows_per_s']:,.0f} | "
            f"{ratio:.2f}× | ≤ 1.5× | {'yes' if ratio <= 1.5 else '**no**'} |"
        )
    return "\n".join(lines)


# figure, floor (or None: an absolute limit), target (ratio to the floor, or
# the limit), unit of the figure
TARGETS = [
    ("cold_index", "floor_read_frontmatter", 2.5, "s"),
    ("nochange_index", None, 0.5, "s"),
    ("no_change_sync_in_process", "floor_stat_walk", 2.0, "s"),
    ("one_change_p50", None, 0.005, "s"),
    ("one_change_p99", None, 0.050, "s"),
    ("digest", None, 0.3, "s"),
    ("prep", None, 0.3, "s"),
    ("list", None, 0.3, "s"),
    ("search", None, 0.3, "s"),
    ("watch_save_p50", None, 0.5, "s"),
    ("watch_save_p95", None, 1.0, "s"),
    ("watch_startup", None, 1.0, "s"),
    ("watch_after_git", None, 2.0, "s"),
    ("cold_index_peak_mb", None, 100, "MB"),
    ("watch_rss_mb", None, 60, "MB"),
    ("index_mb", "vault_mb", 3.0, "MB"),
]


def report(results: dict[int, dict[str, float]]) -> str:
    sizes = sorted(results)
    lines = [
        "| figure | "
        + " | ".join(f"{s:,} contacts" for s in sizes)
        + " | floor (largest) | ratio | target | met |",
        "|---|" + "---|" * len(sizes) + "---|---|---|---|",
    ]
    largest = results[sizes[-1]]
    for figure, floor, target, unit in TARGETS:
        values = " | ".join(_fmt(results[s].get(figure), unit) for s in sizes)
        value = largest.get(figure)
        if value is None:
            continue
        if floor:
            ratio = value / largest[floor]
            floor_text, ratio_text = _fmt(largest[floor], unit), f"{ratio:.2f}×"
            met = ratio <= target
            target_text = f"≤ {target}×"
        else:
            floor_text, ratio_text = "-", "-"
            met = value <= target
            target_text = (
                f"≤ {target * 1000:g} ms" if unit == "s" and target < 1 else f"≤ {target:g} {unit}"
            )
        lines.append(
            f"| {figure} | {values} | {floor_text} | {ratio_text} | {target_text} | {'yes' if met else '**no**'} |"
        )
    for floor in ("floor_cat", "floor_stat_walk", "floor_read_frontmatter"):
        values = " | ".join(_fmt(results[s][floor], "s") for s in sizes)
        lines.append(f"| {floor} | {values} | | | | |")
    for figure in ("notes", "vault_mb"):
        values = " | ".join(
            _fmt(results[s][figure], "" if figure == "notes" else "MB") for s in sizes
        )
        lines.append(f"| {figure} | {values} | | | | |")
    return "\n".join(lines)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if not unit:
        return f"{value:,.0f}"
    return f"{value:.1f} {unit}"


def main() -> int:
    parser = argparse.ArgumentParser(description="netnotes benchmark (see the module docstring)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--workdir", type=Path, default=None, help="keep vaults here between runs")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="netnotes-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = {size: measure(size, workdir, args.runs) for size in args.sizes}
    imports = import_figures(workdir, args.runs)
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    table = report(results) + "\n\n" + import_report(imports)
    print(f"machine: {machine}\n\n{table}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(
        json.dumps({"machine": machine, "results": results, "imports": imports}, indent=2) + "\n"
    )
    (args.out / "latest.md").write_text(f"machine: {machine}\n\n{table}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
