"""docs/tutorial.ipynb runs from top to bottom (nbclient), so the Python API it shows works."""

from __future__ import annotations

import time

import nbformat
import pytest
from builders import ROOT
from nbclient import NotebookClient


@pytest.mark.slow
def test_tutorial_notebook_runs() -> None:
    notebook = nbformat.read(ROOT / "docs" / "tutorial.ipynb", as_version=4)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    elapsed = time.perf_counter() - started
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", ""))
                   for o in outputs)
    assert "Left-Congress" in text and "seats.png" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the seats figure shows
    assert elapsed < 60
