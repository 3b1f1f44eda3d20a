"""`ai100 progress --plot PNG`: the progress table as a chart — one bar per day, coloured by its state.

Drawn with matplotlib's Agg canvas directly, so a notebook's own pyplot backend is left alone, and
nothing in the picture depends on the clock or the machine: the same progress gives the same file.
matplotlib is imported here only; without it `draw` raises ImportError and `ai100 progress` says so.

Run its checks: pytest tests/test_progress.py
"""

from __future__ import annotations

from pathlib import Path

from course_tools import progress as _progress

COLOURS = {_progress.NOT_STARTED: "#bbbbbb", _progress.ATTEMPTED: "tab:orange", _progress.PASSING: "tab:blue"}
FINISHED = "tab:green"


def draw(rep: _progress.Report, path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    days = rep.days
    fig = Figure(figsize=(8.0, 1.6 + 0.45 * max(1, len(days))), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    rows = list(range(len(days)))[::-1]  # the first day on top, as in the table
    colours = [FINISHED if d.finished else COLOURS[d.state] for d in days]
    ax.barh(rows, [100.0] * len(days), color=colours, alpha=0.25, height=0.6)  # the state shows at 0% too
    ax.barh(rows, [100 * d.share for d in days], color=colours, height=0.6)
    for row, d in zip(rows, days):
        ax.text(101, row, f"{100 * d.share:.0f}%", va="center", fontsize=8)
    ax.set_yticks(rows, [f"{d.day.name}  {_progress._cut(d.day.title)}" for d in days], fontsize=8)
    ax.set_xlim(0, 110)
    ax.set_xlabel("% of the day's points (the newer of the last check and the last graded run)", fontsize=8)
    streak = f"streak {rep.streak} day{'s' if rep.streak != 1 else ''}"
    ax.set_title(f"ai100 progress on {rep.today.isoformat()} — {sum(d.finished for d in days)}/{len(days)} "
                 f"days finished, {streak}", fontsize=10)
    legend = [Patch(color=FINISHED, label="finished")] + [Patch(color=c, label=s) for s, c in COLOURS.items()]
    ax.legend(handles=legend, loc="lower center", bbox_to_anchor=(0.5, 1.08), ncols=4, fontsize=8, frameon=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, metadata={"Software": None})
