"""Working days in England and Wales: bank holidays, year ends, the edges of the list."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.register import workdays


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher), to check the data file independently."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def last_monday(year: int, month: int) -> date:
    day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


def substitute(day: date) -> date:
    return day + timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


def expected_holidays(year: int) -> set[date]:
    """The standing rules; Christmas and Boxing Day substitutes step around each other."""
    easter = easter_sunday(year)
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Sat, Sun -> Mon 27, Tue 28
        christmas, boxing = date(year, 12, 27), date(year, 12, 28)
    elif christmas.weekday() == 6:  # Sun, Mon -> Tue 27, Mon 26
        christmas, boxing = date(year, 12, 27), date(year, 12, 26)
    elif christmas.weekday() == 4:  # Fri, Sat -> Fri 25, Mon 28
        boxing = date(year, 12, 28)
    return {
        substitute(date(year, 1, 1)),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        first_monday(year, 5),
        last_monday(year, 5),
        last_monday(year, 8),
        christmas,
        boxing,
    }


@pytest.mark.parametrize("year", range(2023, 2028))
def test_the_list_follows_the_rules_plus_known_one_offs(year):
    listed = {d for d in workdays.load().dates if d.year == year}
    one_offs = {date(2023, 5, 8)}  # coronation of King Charles III
    assert listed - one_offs == expected_holidays(year)
    assert all(d.weekday() < 5 for d in listed), "a bank holiday listed on a weekend"


def test_ten_working_days_from_18_december_2026_skip_christmas_boxing_day_and_new_year():
    due = workdays.add_working_days("2026-12-18", 10)
    assert due == date(2027, 1, 6)
    skipped = [d for d, _ in workdays.holidays_between("2026-12-18", due)]
    assert skipped == [date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)]


def test_working_days_across_easter_and_the_coronation():
    # Thu 6 Apr 2023 + 1 working day skips Good Friday and Easter Monday.
    assert workdays.add_working_days(date(2023, 4, 6), 1) == date(2023, 4, 11)
    # Fri 5 May 2023 + 1 skips the weekend and the coronation Monday.
    assert workdays.add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)
    assert not workdays.is_working_day("08/05/2023")


def test_zero_days_and_counting_between():
    assert workdays.add_working_days("2026-12-18", 0) == date(2026, 12, 18)
    assert workdays.working_days_between("2026-12-18", "2027-01-06") == 10
    assert workdays.working_days_between("2027-01-06", "2026-12-18") == -10
    assert workdays.working_days_between("2026-12-24", "2026-12-28") == 0


def test_a_year_outside_the_list_is_refused_not_guessed():
    with pytest.raises(ReadinessError, match="covers 2023-2027, not 2028"):
        workdays.add_working_days("2027-12-24", 10)
    with pytest.raises(ReadinessError, match="not 2022"):
        workdays.is_working_day(date(2022, 12, 30))


def test_negative_count_refused():
    with pytest.raises(ReadinessError, match="negative"):
        workdays.add_working_days("2026-12-18", -1)


def test_an_updated_list_in_the_user_folder_is_used(_isolated_data_dir):
    folder = _isolated_data_dir / "bank-holidays"
    folder.mkdir()
    shipped = json.loads(workdays.holiday_file().read_text())
    shipped["covers"]["last_year"] = 2028
    shipped["events"].append({"date": "2028-01-03", "title": "New Year's Day", "notes": "substitute"})
    (folder / workdays.FILE_NAME).write_text(json.dumps(shipped))
    assert workdays.holiday_file() == folder / workdays.FILE_NAME
    # Fri 31 Dec 2027 + 1 skips the weekend and Mon 3 Jan 2028.
    assert workdays.add_working_days("2027-12-31", 1) == date(2028, 1, 4)


def test_a_damaged_list_is_a_clear_error(tmp_path):
    bad = tmp_path / "bank.json"
    bad.write_text('{"covers": {"first_year": 2023}, "events": []}')
    with pytest.raises(ReadinessError, match="damaged"):
        workdays.load(bad)
    bad.write_text('{"covers": {"first_year": 2023, "last_year": 2023}, "events": [{"date": "2024-01-01"}]}')
    with pytest.raises(ReadinessError, match="outside the years"):
        workdays.load(bad)
