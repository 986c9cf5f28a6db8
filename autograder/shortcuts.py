"""Solution cells that use a shortcut the assignment rules out are not run.

The screen reads the student's source as tokens in the grader's process: a forbidden
name counts where it appears as an identifier (``torch.distributions``, ``from
torch.distributions import ...``), not in comments or text. Code that reaches a
forbidden function by another route (``getattr`` with a built string, say) is caught
where it matters by the probes, which watch the calls the student's function makes.
"""

import io
import re
import tokenize


def forbidden_uses(source: str, names: list[str]) -> list[str]:
    """The ``names`` that ``source`` uses as identifiers."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):  # unparsable: fall back to whole words anywhere
        return sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", source))
    return sorted({t.string for t in tokens if t.type == tokenize.NAME and t.string in names})


def screen(sources: dict[str, str], names: list[str]) -> dict[str, str]:
    """The sources to run: a cell that uses a forbidden name is replaced by an error saying so."""
    kept = dict(sources)
    for cell_id, source in sources.items():
        used = forbidden_uses(source, names)
        if used:
            reason = f"this cell uses {', '.join(used)}, which this assignment rules out, so it was not run"
            kept[cell_id] = f"raise RuntimeError({reason!r})"
    return kept
