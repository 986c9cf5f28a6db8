"""Structure diagrams for the chapters, drawn with matplotlib and shown as SVG.

Each chapter draws its figures in a code cell when the site is built: ``diagrams.svg(fig)``
turns a matplotlib figure into an inline SVG (text as paths, so the page needs no font
and fetches nothing). The helpers here only place boxes, circles and arrows; what a
figure shows is written out in the chapter's own cell.
"""

import io

import matplotlib.pyplot as plt
from IPython.display import SVG
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

FORWARD = "0.25"
BACKWARD = "tab:red"
FILL = {"input": "#eeeeee", "hidden": "#dbe9f6", "output": "#fbe3d6", "gate": "#fff2cc",
        "op": "white", "sample": "#e2f0d9"}


def canvas(width: float, height: float, xlim: tuple, ylim: tuple):
    """A figure of the given size in inches, with data coordinates xlim × ylim and no axes."""
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def box(ax, xy, text, w=1.0, h=0.5, fill="op", fontsize=10, **kw):
    """A rounded box centred at xy."""
    ax.add_patch(FancyBboxPatch((xy[0] - w / 2, xy[1] - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                fc=FILL.get(fill, fill), ec="0.2", lw=1.0, **kw))
    ax.text(*xy, text, ha="center", va="center", fontsize=fontsize)


def rect(ax, corner, w, h, fill="op", alpha=1.0, lw=1.0, ec="0.2", zorder=1):
    """A plain rectangle with its lower-left corner at corner."""
    ax.add_patch(Rectangle(corner, w, h, fc=FILL.get(fill, fill), ec=ec, lw=lw, alpha=alpha, zorder=zorder))


def circle(ax, xy, text="", r=0.22, fill="hidden", fontsize=10):
    """A circle (a unit, or an elementwise operation) centred at xy."""
    ax.add_patch(Circle(xy, r, fc=FILL.get(fill, fill), ec="0.2", lw=1.0, zorder=3))
    if text:
        ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def arrow(ax, start, end, label=None, color=FORWARD, offset=(0.0, 0.12), rad=0.0, shrink=0.0,
          fontsize=8.5, lw=1.1, style="-|>", linestyle="-"):
    """An arrow from start to end, optionally labelled at its middle (shifted by offset)."""
    (x0, y0), (x1, y1) = start, end
    if shrink:
        dx, dy = x1 - x0, y1 - y0
        n = (dx * dx + dy * dy) ** 0.5 or 1.0
        x0, y0, x1, y1 = x0 + shrink * dx / n, y0 + shrink * dy / n, x1 - shrink * dx / n, y1 - shrink * dy / n
    ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=2,
                arrowprops=dict(arrowstyle=style, color=color, lw=lw, shrinkA=0, shrinkB=0,
                                connectionstyle=f"arc3,rad={rad}", linestyle=linestyle))
    if label:
        ax.text((x0 + x1) / 2 + offset[0], (y0 + y1) / 2 + offset[1], label, ha="center", va="center",
                fontsize=fontsize, color=color if color != FORWARD else "0.3")


def svg(fig) -> SVG:
    """The figure as an SVG image (text drawn as paths, no timestamp), and close it."""
    out = io.StringIO()
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "diagram"}):
        fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return SVG(out.getvalue())
