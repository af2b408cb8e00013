"""The letters benchmark: one two-page letter as PDF, DOCX and ODT, beside bare conversions.

The demo's approved interpellation becomes its letter to the college (two pages).
Each format is rendered by `letters.rendering.render` and, in turns with it, by the
same conversion called bare on the same Markdown: pandoc to DOCX or ODT, or pandoc
to Typst with its default template then `typst.compile`, without our template,
typography, QR code or checks. The ratio of the two medians is our overhead (aim:
under 1.2). Then 20 letters are rendered at once, in 20 threads, and the process's
peak resident memory is read (`VmHWM`); and 20 are asked at once of the service
itself, whose memory is read while it renders them (`bench.letters_service`).

The PDF route was chosen by measurement: Typst in-process against pandoc to HTML
then WeasyPrint, and pandoc with XeLaTeX (the issue's figures, a machine like this
one: 53 ms, 170 ms, 820 ms and 776 MB of TeX packages); the first is measured here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypandoc
import typst
from pypdf import PdfReader

from bench import Outcome, measured_in_a_folder
from bench.letters_service import letters_at_once
from bench.machine import describe
from bench.report import ms, table, times
from bench.stats import ratio, summarize
from interpellations.demo.build import build_demo
from interpellations.letters.content import Letter, letter_of
from interpellations.letters.rendering import READER, Format, markdown_of, render
from interpellations.reading.dossier import read_dossier
from interpellations.record.ids import InterpellationId

NAME = "letters"
APPROVED = InterpellationId(2025, "logements-vides")
ADDRESSEE = "college-hautvallon"
AIM = 1.2
AT_ONCE = 20


def add_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--letters-runs", type=int, default=20, help="of each; default: 20")


def run(options: argparse.Namespace) -> Outcome:
    data = measured_in_a_folder("letters", lambda root: _run_in(root, options.letters_runs))
    return Outcome(format_table(data), data)


def the_letter(root: Path) -> Letter:
    store = build_demo(root / "data")  # where `letters_service` starts the service
    dossier = read_dossier(store, APPROVED)
    authority = dossier.record.authority(ADDRESSEE)
    if authority is None or dossier.approval is None:
        raise RuntimeError(f"the demo no longer has {APPROVED} approved for {ADDRESSEE}")
    return letter_of(
        dossier,
        authority,
        day=dt.date(2026, 11, 24),
        reference="CSH/2026/007",
        base_url="https://interpellations.example",
    )


def _run_in(root: Path, runs: int) -> dict[str, Any]:
    letter = the_letter(root)
    pairs = {form: (_ours(letter, form), _bare(letter, form, root)) for form in Format}
    for ours, bare in pairs.values():  # warm: fonts loaded, pandoc in the page cache
        ours()
        bare()
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        for form, (ours, bare) in pairs.items():
            samples.setdefault(f"{form.value}", []).append(_timed(ours))
            samples.setdefault(f"{form.value} bare", []).append(_timed(bare))
    stats = {name: summarize(seconds) for name, seconds in samples.items()}
    pdf = render(letter, Format.PDF)
    return {
        "benchmark": NAME,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": describe(root, fsyncs=10),
        "runs": runs,
        "letter": {"pages": len(PdfReader(io.BytesIO(pdf)).pages), "pdf_bytes": len(pdf)},
        "formats": {
            form.value: {
                "ours": stats[form.value].as_dict(),
                "bare": stats[f"{form.value} bare"].as_dict(),
                "ratio": ratio(stats[form.value].median_ms, stats[f"{form.value} bare"].median_ms),
            }
            for form in Format
        },
        "at_once": _at_once(letter),
        "service": letters_at_once(root, APPROVED, ADDRESSEE, AT_ONCE),
    }


def _ours(letter: Letter, form: Format) -> Callable[[], bytes]:
    return lambda: render(letter, form)


def _bare(letter: Letter, form: Format, root: Path) -> Callable[[], object]:
    """The same conversion with nothing of ours: pandoc's defaults, Typst's defaults."""
    markdown = markdown_of(letter, paged=form == Format.PDF)
    if form == Format.PDF:

        def pdf() -> bytes:
            markup = pypandoc.convert_text(markdown, "typst", format=READER, extra_args=["-s"])
            result: bytes = typst.compile(markup.encode(), format="pdf")
            return result

        return pdf
    out = root / f"bare.{form.value}"

    def office() -> bytes:
        pypandoc.convert_text(markdown, form.value, format=READER, outputfile=str(out))
        return out.read_bytes()

    return office


def _timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def _at_once(letter: Letter) -> dict[str, Any]:
    """20 PDFs in 20 threads at once: the time, and the process's peak memory."""
    before = _status_kb("VmRSS")
    threads = [threading.Thread(target=render, args=(letter, Format.PDF)) for _ in range(AT_ONCE)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "letters": AT_ONCE,
        "seconds": round(time.perf_counter() - began, 2),
        "rss_mb_before": round(before / 1024, 1),
        "rss_mb_peak": round(_status_kb("VmHWM") / 1024, 1),
    }


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def format_table(data: dict[str, Any]) -> str:
    rows = []
    for form, figures in data["formats"].items():
        ours, bare = figures["ours"], figures["bare"]
        rows.append(
            [
                form,
                ms(ours["median_ms"]),
                ms(ours["p95_ms"]),
                ms(bare["median_ms"]),
                ms(bare["p95_ms"]),
                times(figures["ratio"]),
                "yes" if (figures["ratio"] or 0) < AIM else "NO",
            ]
        )
    burst = data["at_once"]
    return "\n".join(
        [
            f"One letter of {data['letter']['pages']} pages ({data['letter']['pdf_bytes']:,} bytes"
            f" as PDF), {data['runs']} runs of each in turns; times in ms",
            table(["format", "ours", "p95", "bare", "p95", "ours / bare", f"< {AIM}×"], rows),
            f"{burst['letters']} PDFs at once in {burst['letters']} threads: {burst['seconds']} s; "
            f"process memory {burst['rss_mb_before']:.0f} MB before, "
            f"peak {burst['rss_mb_peak']:.0f} MB (the whole run's high-water mark)",
            _service_line(data["service"]),
        ]
    )


def _service_line(figures: dict[str, Any]) -> str:
    return (
        f"{figures['letters']} PDFs asked of the service at once: {figures['seconds']} s "
        f"({figures['not_200']} not 200); worker {figures['rss_mb_worker_before']:.0f} MB before, "
        f"peak {figures['rss_mb_worker_peak']:.0f} MB (high-water "
        f"{figures['rss_mb_worker_high_water']:.0f} MB), {figures['rss_mb_worker_after']:.0f} MB "
        f"after; whole tree {figures['rss_mb_tree_before']:.0f} MB before, peak "
        f"{figures['rss_mb_tree_peak']:.0f} MB with up to {figures['pandoc_processes_peak']} "
        "pandoc processes"
    )
