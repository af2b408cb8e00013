"""The store benchmark's results as a plain-text table (from the same data as its JSON)."""

from __future__ import annotations

from typing import Any

from bench.report import ms, table, times

# (label, where the figures are in a point's data, key in the ratios) for the timed series
SERIES = (
    ("durable write: edit (edit_texts)", ("edit",), "edit"),
    ("durable write: comment (add_comment)", ("comment",), "comment"),
    ("git CLI baseline: git add + git commit", ("git_edit",), "git_edit"),
    ("read one interpellation (load_interpellation)", ("read",), "read"),
    ("  same, on interpellations no write touched", ("read_untouched",), "read_untouched"),
    ("read one file (store.read)", ("read_file",), "read_file"),
    ("index: history of one (limit 50)", ("index", "history"), "index_history"),
    ("index: sync after one new commit", ("index", "sync"), "index_sync"),
)


def format_table(data: dict[str, Any]) -> str:
    points = data["points"]
    first, grown, reference = points["first"], points["grown"], points["reference"]
    parts = [
        _heading(data),
        _figures(data, first, grown, reference),
        _counts(first, grown, reference),
        _versus_git(data, first, grown, reference),
        _maintenance(data, grown, points["maintained"]),
        _targets(data),
    ]
    return "\n\n".join(parts)


def _heading(data: dict[str, Any]) -> str:
    corpus, growth, machine = data["corpus"], data["growth"], data["machine"]
    loads = " and ".join(
        f"{data['points'][name]['load_average_at_start']:.2f}" for name in ("first", "grown")
    )
    fsync = machine["fsync_3kb_file"]
    growth_mode = "fsynced" if growth["fsync"] else "fsync skipped for these filler commits"
    return "\n".join(
        [
            "Store benchmark: durable writes, reads and index, at two history lengths",
            f"  corpus: {corpus['interpellations']:,} interpellations "
            f"(mean text {corpus['mean_text_bytes'] / 1000:.2f} KB), imported in "
            f"{corpus['import_commits']:,} commits in {corpus['import_seconds']:.1f} s",
            f"  growth: {growth['commits_added']:,} commits in {growth['seconds']:.0f} s "
            f"({growth['ms_per_commit'] or 0:.2f} ms a commit; {growth_mode})",
            f"  machine: {machine['cpus']} CPUs, Python {machine['python']}, git "
            f"{machine['git']}; one fsync of a 3 KB file: median {ms(fsync['median_ms'])} ms, "
            f"p95 {ms(fsync['p95_ms'])} ms; load average when the points began: {loads}",
            "  times in ms. 'alongside': a copy of the repository taken at "
            f"{reference_commits(data):,} commits, measured in turns with the grown one",
            "  (same seconds, same machine load); the targets use its ratio.",
        ]
    )


def reference_commits(data: dict[str, Any]) -> int:
    return int(data["points"]["reference"]["commits"])


def _figures(
    data: dict[str, Any], first: dict[str, Any], grown: dict[str, Any], reference: dict[str, Any]
) -> str:
    early, late = f"{first['commits']:,}", f"{grown['commits']:,}"
    header = [
        "what",
        f"median @{early}",
        "p95",
        f"median @{late}",
        "p95",
        "ratio",
        f"alongside @{reference['commits']:,}",
        "ratio",
    ]
    sequential, paired = data["ratios"]["sequential"], data["ratios"]["paired"]
    rows = []
    for label, path, key in SERIES:
        before, after, beside = _at(first, path), _at(grown, path), _at(reference, path)
        rows.append(
            [
                label,
                ms(before["median_ms"]),
                ms(before["p95_ms"]),
                ms(after["median_ms"]),
                ms(after["p95_ms"]),
                times(sequential[key]),
                ms(beside["median_ms"]),
                times(paired[key]),
            ]
        )
    rebuild = [point["index"]["rebuild_ms"] for point in (first, grown, reference)]
    rows.append(
        [
            "index: rebuild from scratch (once)",
            ms(rebuild[0]),
            "",
            ms(rebuild[1]),
            "",
            times(sequential["index_rebuild"]),
            ms(rebuild[2]),
            times(paired["index_rebuild"]),
        ]
    )
    return table(header, rows)


def _counts(first: dict[str, Any], grown: dict[str, Any], reference: dict[str, Any]) -> str:
    header = [
        "counts",
        f"@{first['commits']:,}",
        f"@{grown['commits']:,}",
        f"alongside @{reference['commits']:,}",
    ]
    labelled = (
        ("fsyncs per write: edit / comment", _fsyncs),
        ("commits on the branch: start → end of the measures", _commits),
        ("index: commits read by rebuild / most by one sync", _index_commits),
        ("index: history rows returned (mean)", _history_rows),
        ("mean journal.yaml size (bytes)", _journal),
        ("loose objects: count / size on disk (end of the measures)", _objects),
    )
    rows = [[label, show(first), show(grown), show(reference)] for label, show in labelled]
    return table(header, rows)


def _history_rows(point: dict[str, Any]) -> str:
    return f"{point['index']['history_rows_mean']:.1f}"


def _objects(point: dict[str, Any]) -> str:
    megabytes = point["loose_objects_bytes_on_disk"] / 1_000_000
    return f"{point['loose_objects']:,} / {megabytes:,.0f} MB"


def _journal(point: dict[str, Any]) -> str:
    return f"{point['mean_journal_bytes']:,.0f}"


def _commits(point: dict[str, Any]) -> str:
    return f"{point['commits']:,} → {point['commits_after']:,}"


def _index_commits(point: dict[str, Any]) -> str:
    return f"{point['index']['rebuild_commits']:,} / {point['index']['sync_commits']}"


def _fsyncs(point: dict[str, Any]) -> str:
    edit, comment = point["fsyncs"]["edit"], point["fsyncs"]["comment"]
    return f"{_span(edit)} / {_span(comment)}"


def _span(counts: dict[str, Any]) -> str:
    low, median, high = counts["low"], counts["median"], counts["high"]
    return f"{median:g}" if low == high else f"{median:g} ({low}–{high})"


def _versus_git(
    data: dict[str, Any], first: dict[str, Any], grown: dict[str, Any], reference: dict[str, Any]
) -> str:
    header = [
        "ours / git CLI baseline",
        f"@{first['commits']:,}",
        f"@{grown['commits']:,}",
        f"alongside @{reference['commits']:,}",
    ]
    versus = data["versus_git"]
    rows = [
        [label, *(times(versus[point][key]) for point in ("first", "grown", "reference"))]
        for label, key in (
            ("edit, median", "edit_median"),
            ("edit, p95", "edit_p95"),
            ("comment, median", "comment_median"),
            ("comment, p95", "comment_p95"),
        )
    ]
    return table(header, rows)


def _maintenance(data: dict[str, Any], grown: dict[str, Any], kept: dict[str, Any]) -> str:
    """git's maintenance on the grown repository: its objects, then the same series again."""
    done = data["maintenance"]
    header = ["git maintenance (gc)", "before", "after", "ratio"]
    rows = [
        [
            "loose objects: count",
            f"{done['loose_objects_before']:,}",
            f"{done['loose_objects_after']:,}",
            "",
        ],
        [
            "loose objects: MB on disk",
            _mb(done["loose_bytes_before"]),
            _mb(done["loose_bytes_after"]),
            "",
        ],
        [
            "all objects (loose and packs): MB on disk",
            _mb(done["objects_bytes_before"]),
            _mb(done["objects_bytes_after"]),
            "",
        ],
    ]
    after = data["ratios"]["maintained"]
    for label, path, key in SERIES:
        before_figures, after_figures = _at(grown, path), _at(kept, path)
        for stat in ("median_ms", "p95_ms"):
            rows.append(
                [
                    f"{label}, {stat.removesuffix('_ms')}",
                    ms(before_figures[stat]),
                    ms(after_figures[stat]),
                    times(after[key]) if stat == "median_ms" else "",
                ]
            )
    rows.append(
        [
            "index: rebuild from scratch (once), ms",
            ms(grown["index"]["rebuild_ms"]),
            ms(kept["index"]["rebuild_ms"]),
            times(after["index_rebuild"]),
        ]
    )
    took = f"  ({done['seconds']:.0f} s of git gc, at {grown['commits_after']:,} commits)"
    return table(header, rows) + "\n" + took


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f}"


def _targets(data: dict[str, Any]) -> str:
    rows = [
        [target["what"], f"{target['value']:.2f}", f"{target['limit']:.2f}", _met(target["met"])]
        for target in data["targets"]
    ]
    return table(["target", "value", "limit", "met"], rows)


def _met(met: bool) -> str:
    return "yes" if met else "NO"


def _at(point: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = point
    for key in path:
        found = found[key]
    return found
