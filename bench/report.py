"""Tables for docs/benchmarks.md (no Django here: the parent bench process only formats)."""

from __future__ import annotations


def table(results: dict[str, dict[str, tuple[float, float, int, int]]]) -> list[str]:
    scales = list(results)
    head = "| page | " + " | ".join(f"{s}: median ms | p95 ms | queries" for s in scales) + " |"
    lines = [head, "|---|" + "---|---|---|" * len(scales)]
    for name in results[scales[0]]:
        cells = []
        for s in scales:
            med, p95, q, status = results[s][name]
            cells.append(f"{med:.1f} | {p95:.1f} | {q}" + ("" if status == 200 else f" (HTTP {status})"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def growth(results: dict[str, dict[str, tuple[float, float, int, int]]]) -> list[str]:
    if not {"district", "province"} <= set(results):
        return []
    out = [
        "",
        "| page | province ÷ district (median time) | queries district → province | target |",
        "|---|---|---|---|",
    ]
    group_pages = [
        "group page",
        "member list",
        "member page",
        "books (daily book)",
        "work records",
        "year and dividend run",
        "meeting",
    ]
    for name in results["district"]:
        d, p = results["district"][name], results["province"][name]
        ratio = p[0] / d[0] if d[0] else 0
        slow_ok = "view" in name or name.startswith(("analysis: district", "analysis: province"))
        target = "≤ 2×" if name in group_pages else ("p95 < 300 ms" if slow_ok else "")
        ok = ""
        if name in group_pages:
            ok = " ✔" if ratio <= 2 else " ✘ missed"
        elif slow_ok:
            ok = " ✔" if p[1] < 300 else " ✘ missed"
        same = "same" if d[2] == p[2] else f"{d[2]} → {p[2]}"
        out.append(f"| {name} | {ratio:.2f}× | {same} | {target}{ok} |")
    return out
