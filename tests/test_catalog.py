"""The course catalog: day names, unknown days, and course.toml entries that lack a key.

Run: pytest tests/test_catalog.py
"""

import datetime as dt
import sys
from pathlib import Path

import pytest

from course_tools.catalog import UnknownDay, find_root, load, normalise_day

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10 only
    import tomli as tomllib

ENTRY = {
    "title": '"Attention"',
    "phase": "5",
    "files": '["attention.py"]',
    "points": "51",
    "release": "2026-10-24",
}


def write_course(folder, days: dict[str, dict[str, str]]):
    text = "[course]\nname = \"demo\"\n\n"
    for name, fields in days.items():
        text += f"[days.{name}]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items()) + "\n"
    (folder / "course.toml").write_text(text, encoding="utf-8")
    return folder / "course.toml"


@pytest.mark.parametrize("spelling", ["54", "day54", "Day 54", "day054", "DAY54", " day54 ", "assignments/day54/"])
def test_normalise_day_spellings_of_day54(spelling):
    assert normalise_day(spelling) == "day54"


def test_normalise_day_pads_to_two_digits():
    assert normalise_day("day07") == "day07"
    assert normalise_day("100") == "day100"


def test_normalise_day_one_digit_means_that_day():
    assert normalise_day("7") == "day07"
    assert normalise_day("day7") == "day07"


@pytest.mark.parametrize("bad", ["day101", "dayx", "day00", "0", "day5x", "54day", ""])
def test_normalise_day_unknown_names_the_fix(bad):
    with pytest.raises(UnknownDay) as info:
        normalise_day(bad)
    message = str(info.value)
    assert repr(bad) in message
    assert "day01…day100" in message
    assert "course.toml" in message


def test_catalog_day_unknown_lists_defined_days(tmp_path):
    write_course(tmp_path, {"day54": ENTRY, "day03": {**ENTRY, "title": '"Vectors"'}})
    cat = load(tmp_path)
    with pytest.raises(UnknownDay) as info:
        cat.day("day07")
    message = str(info.value)
    assert "'day07'" in message
    assert "day03, day54" in message  # what is defined, in day order


def test_catalog_day_accepts_any_spelling(tmp_path):
    write_course(tmp_path, {"day54": ENTRY})
    assert load(tmp_path).day("Day 54").name == "day54"


def test_catalog_entry_fields_and_defaults(tmp_path):
    write_course(tmp_path, {"day54": {**ENTRY, "forbid": '["torch", "scipy.special.softmax"]'}})
    day = load(tmp_path).day("day54")
    assert (day.name, day.number, day.title, day.phase, day.points) == ("day54", 54, "Attention", 5, 51)
    assert day.files == ("attention.py",) and day.modules == ("attention",)
    assert day.release == dt.date(2026, 10, 24)
    assert day.forbid == ("torch", "scipy.special.softmax")
    assert day.needs_gpu is False and day.timeout == 60.0


@pytest.mark.parametrize("missing", sorted(ENTRY))
def test_catalog_missing_required_key_is_a_clear_error(tmp_path, missing):
    path = write_course(tmp_path, {"day07": {k: v for k, v in ENTRY.items() if k != missing}})
    with pytest.raises(ValueError) as info:
        load(tmp_path)
    message = str(info.value)
    assert str(path) in message
    assert "day07" in message
    assert missing in message


def test_catalog_missing_keys_all_named(tmp_path):
    write_course(tmp_path, {"day07": {"title": '"Linear regression"'}})
    with pytest.raises(ValueError) as info:
        load(tmp_path)
    for key in ("phase", "files", "points", "release"):
        assert key in str(info.value)


def test_catalog_invalid_toml_names_the_file(tmp_path):
    (tmp_path / "course.toml").write_text("[days.day07\ntitle = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="course.toml"):
        load(tmp_path)


def test_catalog_found_from_a_subfolder(tmp_path):
    write_course(tmp_path, {"day54": ENTRY})
    sub = tmp_path / "assignments" / "day54"
    sub.mkdir(parents=True)
    assert find_root(sub) == tmp_path.resolve()
    assert set(load(sub).days) == {"day54"}


def test_catalog_no_course_toml_says_where_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="course.toml"):
        find_root(tmp_path)


def test_catalog_select_empty_means_every_day(tmp_path):
    write_course(tmp_path, {"day54": ENTRY, "day03": ENTRY})
    cat = load(tmp_path)
    assert [d.name for d in cat.select([])] == ["day03", "day54"]
    assert [d.name for d in cat.select(["54"])] == ["day54"]


def test_catalog_of_this_repo_lists_every_day_in_course_toml():
    root = Path(__file__).resolve().parents[1]
    raw = tomllib.loads((root / "course.toml").read_text(encoding="utf-8"))
    assert sorted(load(root).days) == sorted(raw["days"])
    assert load(root).day("day54").files == tuple(raw["days"]["day54"]["files"])
