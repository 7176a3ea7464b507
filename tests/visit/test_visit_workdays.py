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


@pytest.mark.parametrize("year", [2023, 2026, 2027, 2029, 2031, 2035])
def test_bank_holidays_follow_the_rules_plus_known_one_offs_in_any_year(year):
    holidays = workdays.load()
    listed = {d for d in holidays.year(year) if d.weekday() < 5}
    one_offs = {date(2023, 5, 8)}  # coronation of King Charles III
    assert listed - one_offs == expected_holidays(year)


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


def test_years_beyond_2027_are_counted_not_refused():
    # Fri 24 Dec 2027: Mon 27 and Tue 28 are the substitute Christmas and Boxing Days.
    assert workdays.add_working_days("2027-12-24", 1) == date(2027, 12, 29)
    # Thu 18 Apr 2030 + 1 skips Good Friday, the weekend and Easter Monday.
    assert workdays.add_working_days("2030-04-18", 1) == date(2030, 4, 23)
    assert workdays.why_not_working("2030-12-25") == "Christmas Day"


def test_negative_count_refused():
    with pytest.raises(ReadinessError, match="negative"):
        workdays.add_working_days("2026-12-18", -1)


def test_a_one_off_day_in_the_user_folder_is_used(_isolated_data_dir):
    folder = _isolated_data_dir / "bank-holidays"
    folder.mkdir()
    assert workdays.is_working_day("2029-06-04")
    (folder / workdays.FILE_NAME).write_text(json.dumps({"days": [{"date": "2029-06-04", "title": "Jubilee"}]}))
    assert workdays.one_off_files()[-1] == folder / workdays.FILE_NAME
    assert workdays.why_not_working("2029-06-04") == "Jubilee"
    # Fri 1 Jun 2029 + 1 skips the weekend and the new Monday holiday.
    assert workdays.add_working_days("2029-06-01", 1) == date(2029, 6, 5)


def test_a_damaged_one_off_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bank.json"
    bad.write_text('{"days": [{"title": "no date"}]}')
    with pytest.raises(ReadinessError, match="damaged"):
        workdays.load(bad)


def test_visit_days_step_over_christmas_and_a_holiday_start_is_refused():
    days = workdays.visit_days("2026-12-24", 3, 1)
    assert days == {"2026-12-24": "onsite", "2026-12-29": "onsite", "2026-12-30": "onsite", "2026-12-31": "virtual"}
    assert "Christmas week" in workdays.christmas_warning(days)
    assert workdays.christmas_warning(workdays.visit_days("2027-01-12", 3)) is None
    with pytest.raises(ReadinessError, match="Fri 25 Dec 2026 is Christmas Day"):
        workdays.visit_days("2026-12-25", 3)
    with pytest.raises(ReadinessError, match="Sat 9 Jan 2027 is a Saturday"):
        workdays.visit_days("2027-01-09", 3)


def test_a_worked_out_year_is_read_back_from_the_cache_without_the_package(_isolated_data_dir, monkeypatch):
    import holidays

    workdays._cache.clear()
    assert workdays.why_not_working("2032-12-27") == "Christmas Day (substitute day)"  # 25 Dec 2032 is a Saturday
    assert (_isolated_data_dir / "bank-holidays" / workdays.CACHE_NAME).is_file()
    assert workdays.years_ready(2032, 2032) and not workdays.years_ready(2032, 2033)

    def refuse(*_a, **_k):
        raise AssertionError("the package was asked again")

    monkeypatch.setattr(holidays, "country_holidays", refuse)
    workdays._cache.clear()
    assert workdays.add_working_days("2032-12-24", 1) == date(2032, 12, 29)
