"""Benchmark: the CPU time of starting searchlib, beside a bare ``python -c pass`` in the same run.

Targets (issue 11): ``searchlib --help`` ≤ 0.3 s of CPU and ``searchlib cite b1:32`` ≤ 0.5 s of
CPU, on this 2-core shared machine. CPU time (user + system of the child process, from
``getrusage``), not wall time, so that other work on the machine does not count; the median of
several runs of each command, interleaved, after an untimed one. Commands use Python's bytecode
cache, as an installed searchlib does (:func:`readers.reader_env`: an environment that turns
it off would charge every run the compilation of every module). ``cite`` runs on a temporary
copy of the corpus, ingested and indexed first (never the repo's ``corpus/ingested`` or
``index/``). Writes bench/results/startup.md.

    python bench/bench_startup.py            # 9 runs of each command
    python bench/bench_startup.py --quick    # 3 runs
    python bench/bench_startup.py --out /tmp/startup.md    # elsewhere than bench/results/
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from readers import reader_env  # noqa: E402

RESULTS = REPO / "bench" / "results" / "startup.md"
TARGETS = {"searchlib --help": 0.3, "searchlib cite b1:32": 0.5}


def child_cpu(argv: list[str]) -> float:
    """The user + system CPU seconds of one run of ``argv`` (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=reader_env())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def corpus_copy(tmp: Path) -> Path:
    """A copy of the repo's corpus under ``tmp``, ingested and indexed (bench_search's copy)."""
    from bench_search import load_books

    from searchlib.corpus import write_corpus
    from searchlib.index import build_index

    books, corpus = load_books(tmp)
    write_corpus(books, corpus / "ingested")
    build_index(corpus, tmp / "index", books=books)
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 9")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help=f"where the table goes (default {RESULTS.relative_to(REPO)})")
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    with tempfile.TemporaryDirectory() as tmp_name:
        corpus = corpus_copy(Path(tmp_name))
        searchlib = [sys.executable, "-m", "searchlib"]
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import searchlib'": [sys.executable, "-c", "import searchlib"],
            "searchlib --help": [*searchlib, "--help"],
            "searchlib cite b1:32": [*searchlib, "cite", "b1:32", "--corpus", str(corpus)],
        }
        for argv in commands.values():  # untimed: writes the bytecode cache, as a first run does
            child_cpu(argv)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved, so that a busy moment hits every command alike
            for name, argv in commands.items():
                times[name].append(child_cpu(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    bare = medians["python -c pass"]
    lines = [
        "# Start-up: CPU time of searchlib commands, beside `python -c pass`",
        "",
        f"Median of {runs} runs of each command, interleaved, after an untimed one (bytecode "
        "cache on); CPU time (user + system) of the "
        "child process. `cite` runs on a temporary copy of both books, ingested and indexed.",
        "",
        "| command | CPU | × `python -c pass` | target |",
        "|---|---|---|---|",
    ]
    for name, value in medians.items():
        target = f"≤ {TARGETS[name]} s" if name in TARGETS else ""
        ok = "" if name not in TARGETS else (" ✓" if value <= TARGETS[name] else " ✗")
        lines.append(f"| `{name}` | {value:.3f} s | {value / bare:.1f}× | {target}{ok} |")
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
