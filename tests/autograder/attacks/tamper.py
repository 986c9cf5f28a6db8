"""Family 7 of the attack catalogue: tampering with the notebook file itself.

Each entry turns the reference solution's notebook (as a JSON dict) into the bytes
handed in, and says what must happen.
"""

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tamper:
    name: str
    make: Callable[[dict], bytes]
    score: str | None = None  # "full" or "0"
    lost: frozenset[str] = field(default_factory=frozenset)
    status: str = "ok"


def _json(nb: dict) -> bytes:
    return json.dumps(nb).encode()


def _edit(fn: Callable[[dict], None]) -> Callable[[dict], bytes]:
    def make(nb: dict) -> bytes:
        nb = copy.deepcopy(nb)
        fn(nb)
        return _json(nb)

    return make


def _cell(nb: dict, grade_id: str) -> dict:
    (cell,) = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]
    return cell


def _grade_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade")]


def _forge_metadata(nb: dict) -> None:
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta:
            meta.update(points=100, checksum="0" * 32, schema_version=99, locked=False, grade=True)


def _forge_tests(nb: dict) -> None:
    for cell in _grade_cells(nb):
        cell["source"] = "pass"
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "All tests passed. 21/21\n"}]
        cell["execution_count"] = 1
    nb["cells"].append({"cell_type": "code", "id": "bonus", "source": "pass", "outputs": [], "execution_count": None,
                        "metadata": {"nbgrader": {"grade": True, "grade_id": "test_bonus", "points": 1000,
                                                  "solution": False, "locked": True, "schema_version": 3}}})


def _huge(nb: dict) -> bytes:
    nb = copy.deepcopy(nb)
    nb["cells"].append({"cell_type": "markdown", "id": "huge", "metadata": {}, "source": "x" * (200 * 2**20)})
    return _json(nb)


REST = frozenset({"test_mlp", "test_train_digits"})

TAMPERS = [
    Tamper("t7_invalid_json", lambda nb: b'{"cells": [', score="0", status="invalid notebook"),
    Tamper("t7_not_utf8", lambda nb: b"\xff\xfe{}", score="0", status="invalid notebook"),
    Tamper("t7_nbformat_3", lambda nb: _json({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}),
           score="0", status="invalid notebook"),
    Tamper("t7_cells_not_a_list", lambda nb: _json({**nb, "cells": {"0": nb["cells"][0]}}),
           score="0", status="invalid notebook"),
    Tamper("t7_notebook_of_200_mb", _huge, score="0", status="invalid notebook"),
    Tamper("t7_future_minor_version", _edit(lambda nb: nb.update(nbformat_minor=99)), score="full"),
    Tamper("t7_solution_cell_made_markdown", _edit(lambda nb: _cell(nb, "mlp").update(cell_type="markdown")),
           lost=REST, status="missing cell"),
    Tamper("t7_solution_cell_deleted", _edit(lambda nb: nb["cells"].remove(_cell(nb, "mlp"))),
           lost=REST, status="missing cell"),
    Tamper("t7_solution_cell_duplicated",
           _edit(lambda nb: nb["cells"].append({**copy.deepcopy(_cell(nb, "relu")), "id": "twin"})),
           lost=REST | {"test_relu"}, status="duplicated cell"),
    Tamper("t7_cells_reordered", _edit(lambda nb: nb["cells"].reverse()), score="full"),
    Tamper("t7_grade_id_edited", _edit(lambda nb: _cell(nb, "affine")["metadata"]["nbgrader"].update(grade_id="x")),
           lost=REST | {"test_affine"}, status="missing cell"),
    Tamper("t7_points_locks_checksums_schema_forged", _edit(_forge_metadata), score="full"),
    Tamper("t7_test_cells_replaced_and_outputs_prefilled", _edit(_forge_tests), score="full"),
    Tamper("t7_kernelspec_changed", _edit(lambda nb: nb["metadata"].update(
        kernelspec={"name": "evil", "display_name": "evil", "language": "bash"})), score="full"),
    Tamper("t7_duplicate_cell_ids", _edit(lambda nb: [c.update(id="same") for c in nb["cells"]]), score="full"),
    Tamper("t7_source_not_text", _edit(lambda nb: _cell(nb, "affine").update(source=42)),
           lost=REST | {"test_affine"}),
]
