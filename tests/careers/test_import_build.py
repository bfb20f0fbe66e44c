"""Building careers/data from the public BLS and O*NET files in ../shared/data."""

import shutil

import pytest
from django.conf import settings

from careers.importers import build, load
from catalog.importing import DataError, LoadReport

CAREERS_DATA = settings.BASE_DIR / "careers" / "data"
OEWS = "oews_may2025_soc_292072_119111_299021.csv"
OES_2014 = "bls_oes_national_M2014_dl.csv"
EP_2021 = "bls_ep_2021-31_nafrye.csv"
PUBLIC_FILES = [OEWS, OES_2014, "bls_ep_2016-26_ipatents.csv", EP_2021, "onet_occupation_data_careergenie.csv"]


def copy_public_files(shared_data, folder):
    folder.mkdir()
    for name in PUBLIC_FILES:
        shutil.copyfile(shared_data / name, folder / name)
    return folder


def spoil_line(path, starts_with, old, new):
    """Replace `old` with `new` in the first line starting with `starts_with`; return that line's number."""
    lines = path.read_bytes().split(b"\n")
    for number, line in enumerate(lines, start=1):
        if line.startswith(starts_with.encode()) and old.encode() in line:
            lines[number - 1] = line.replace(old.encode(), new.encode(), 1)
            path.write_bytes(b"\n".join(lines))
            return number
    raise AssertionError(f"no line starting with {starts_with!r} containing {old!r}")


def test_build_reproduces_the_committed_files_byte_for_byte(shared_data, tmp_path):
    lines = build(shared_data, tmp_path)

    committed = sorted(path.name for path in CAREERS_DATA.glob("*.csv"))
    assert sorted(path.name for path in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (CAREERS_DATA / name).read_bytes(), name
    assert "careers: 1743 wage estimates (1741 May 2025, 2 May 2014) -> wage_estimates.csv" in lines


@pytest.mark.django_db
def test_a_build_made_elsewhere_can_be_loaded(shared_data, tmp_path):
    build(shared_data, tmp_path)
    report = LoadReport()

    load(tmp_path, report)

    assert report.counts["wage estimates"] == [1744, 0, 0]


@pytest.mark.parametrize(
    ("file_name", "starts_with", "old", "new", "message"),
    [
        (OEWS, "May 2025,N,0000000,National,000000", "194720", "19a720", "employment: '19a720' is not a number"),
        (OEWS, "May 2025,S,0100000,Alabama", "43810", "99999", "percentiles out of order: annual_median 99999"),
        (OEWS, "May 2025,M,0010180", ",M,", ",X,", "areatype 'X' is not N, S or M"),
        (OES_2014, "29-2071", '"35,900"', '"35,9x0"', "A_MEDIAN: '35,9x0' is not a number"),
        (EP_2021, '"Medical records specialists"', '"186.4"', '"about 186"', "Employment 2021: 'about 186'"),
    ],
)
def test_a_bad_public_line_is_reported_with_file_and_line_and_nothing_is_written(
    shared_data, tmp_path, file_name, starts_with, old, new, message
):
    source = copy_public_files(shared_data, tmp_path / "public")
    line = spoil_line(source / file_name, starts_with, old, new)
    out = tmp_path / "out"
    out.mkdir()

    with pytest.raises(DataError) as raised:
        build(source, out)

    assert str(raised.value).startswith(f"{file_name}:{line}: {message}")
    assert list(out.iterdir()) == []


def test_a_missing_occupation_in_a_public_file_is_reported_with_the_file(shared_data, tmp_path):
    source = copy_public_files(shared_data, tmp_path / "public")
    spoil_line(source / EP_2021, '"Health information technologists', "29-9021", "29-9099")

    with pytest.raises(DataError, match=rf"^{EP_2021}: no row for 29-9021"):
        build(source, tmp_path)
