#!/usr/bin/env python3
"""Draws the event loop's schedule from a loop-trace-file (Chrome Trace Event Format JSON) as a PNG.

    python3 docs/trace_timeline.py trace.json docs/images/loop-trace.png [--title TEXT]

One row per track, as in Perfetto: the loop (its cycles and Select calls, and the passes made
from inside a busy script), the timers, and one row per client with one bar per resume,
labelled with the command it ran and coloured by why the coroutine yielded. Triangles mark
reads (down) and flushes (up). Stretches longer than 2 ms in which nothing starts or ends
(waits in Select, a long script between its busy passes) are cut out of the time axis (a dotted
line marks each cut), so microseconds of work and a 100 ms idle wait fit on one picture. Needs matplotlib (Debian: apt-get install python3-matplotlib).
"""

import argparse
import json

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Waits in Select longer than this (microseconds) are cut down to CUT_WIDTH on the axis.
CUT_LONGER_THAN = 2000.0
CUT_WIDTH = 150.0

YIELD_COLOURS = {
    "RanCommand": "#4c78a8",
    "NeedInput": "#bab0ac",
    "Close": "#e45756",
    "Blocked": "#f58518",
}


def load(path):
    with open(path, encoding="utf-8") as f:
        events = json.load(f)
    names = {e["tid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    return [e for e in events if e["ph"] in ("X", "i")], names


def time_axis(events):
    """Returns a function from trace time (us) to axis position, and the cuts it made.

    Every gap longer than CUT_LONGER_THAN between two moments when something starts or ends
    (a cycle's own slice aside) is cut down to CUT_WIDTH: long waits in Select, and the
    stretches of a long script between two of its busy passes.
    """
    moments = sorted({t for e in events if e.get("cat") != "cycle"
                      for t in ((e["ts"], e["ts"] + e["dur"]) if e["ph"] == "X" else (e["ts"],))})
    cuts = []
    margin = CUT_WIDTH / 2
    for before, after in zip(moments, moments[1:]):
        if after - before > CUT_LONGER_THAN:
            cuts.append((before + margin, after - margin))

    def position(t):
        removed = 0.0
        for start, end in cuts:
            if t <= start:
                break
            removed += min(t, end) - start
        return t - removed

    return position, cuts


def draw(events, names, output, title):
    position, cuts = time_axis(events)
    tracks = sorted({e["tid"] for e in events})
    row = {tid: i for i, tid in enumerate(reversed(tracks))}
    height = 0.6

    figure, axes = plt.subplots(figsize=(16, 1.2 + 0.55 * len(tracks)), dpi=110)
    for e in events:
        y = row[e["tid"]]
        x = position(e["ts"])
        if e["ph"] == "i":
            marker = {"read": "v", "flush": "^", "accept": "o", "close": "x", "hang-up": "x"}.get(e["name"], ".")
            axes.plot(x, y + height / 2 + 0.12, marker=marker, color="black", markersize=4)
            continue
        width = max(position(e["ts"] + e["dur"]) - x, 0.5)
        category = e.get("cat", "")
        if category == "cycle":
            axes.add_patch(plt.Rectangle((x, y - height / 2), width, height, facecolor="#f2f2f2", edgecolor="#999999", linewidth=0.4))
            continue
        if category == "select":
            colour = "#d0d0d0"
        elif category == "busy":
            colour = "#b279a2"
        elif category == "timer":
            colour = "#72b7b2"
        else:
            colour = YIELD_COLOURS.get(e.get("args", {}).get("yield", ""), "#54a24b")
            if e.get("args", {}).get("busy_script_pass"):
                colour = "#b279a2"
        inner = height * (0.6 if category == "select" else 0.8)
        axes.add_patch(plt.Rectangle((x, y - inner / 2), width, inner, facecolor=colour, edgecolor="black", linewidth=0.3))
        if category == "resume" and not e["name"].startswith("("):
            axes.text(x + width / 2, y, e["name"], ha="center", va="center", fontsize=6, rotation=90 if width < 40 else 0)

    for start, end in cuts:
        if end - start >= 50_000:
            axes.axvline(position(start), color="#cccccc", linewidth=0.5, linestyle=(0, (2, 2)))

    axes.set_yticks(list(row.values()))
    axes.set_yticklabels([names.get(tid, str(tid)) for tid in row])
    left = min(position(e["ts"]) for e in events if e.get("cat") != "cycle")
    right = max(position(e["ts"] + e.get("dur", 0)) for e in events)
    axes.set_xlim(left - CUT_WIDTH, right + CUT_WIDTH)
    axes.set_ylim(-1.2, len(tracks) - 0.3)
    axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"{(value - left) / 1000:g}"))
    axes.set_xlabel("milliseconds, with every stretch of over 2 ms in which nothing starts or ends cut out (dotted: a cut of 50 ms or more)")
    legend = [plt.Rectangle((0, 0), 1, 1, facecolor=c) for c in YIELD_COLOURS.values()] + [
        plt.Rectangle((0, 0), 1, 1, facecolor=c) for c in ("#d0d0d0", "#72b7b2", "#b279a2")
    ]
    labels = [f"yields {k}" for k in YIELD_COLOURS] + ["Select", "timer", "busy-script pass"]
    axes.legend(legend, labels, loc="upper right", fontsize=7, ncol=4)
    axes.set_title(title)
    figure.tight_layout()
    figure.savefig(output)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trace")
    parser.add_argument("png")
    parser.add_argument("--title", default="EventLoopRedis: the schedule of one run")
    arguments = parser.parse_args()
    events, names = load(arguments.trace)
    draw(events, names, arguments.png, arguments.title)


if __name__ == "__main__":
    main()
