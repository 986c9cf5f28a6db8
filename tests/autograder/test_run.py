"""The runner's reading of the worker's progress file, which the student's code can also write."""

from autograder.pipeline.run import read_progress


def test_a_line_half_written_is_not_read(tmp_path):
    progress = tmp_path / "progress"
    progress.write_text("start cell a\ndone cell a\nstart case battery-12\ndone case batt")
    assert read_progress(progress) == [("start", "cell", "a"), ("done", "cell", "a"), ("start", "case", "battery-12")]
    progress.write_text("start cell a\ndone cell a\nstart case battery-12\ndone case battery-12\n")
    assert read_progress(progress)[-1] == ("done", "case", "battery-12")


def test_malformed_lines_and_odd_files_are_dropped(tmp_path):
    progress = tmp_path / "progress"
    progress.write_text("start cell a\nbogus line here\nstart nothing x\n\nend job -\n")
    assert read_progress(progress) == [("start", "cell", "a"), ("end", "job", "-")]
    assert read_progress(tmp_path / "missing") == []
    (tmp_path / "link").symlink_to(progress)
    assert read_progress(tmp_path / "link") == []
