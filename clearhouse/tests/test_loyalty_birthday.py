from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.loyalty.birthday import due_birthday, month_days, next_birthday


@pytest.mark.parametrize(
    "birthdate, today, lead_days, expected",
    [
        (date(1980, 12, 20), date(2026, 12, 2), 21, date(2026, 12, 20)),
        (date(1980, 12, 24), date(2026, 12, 2), 21, None),  # 22 days ahead: next run
        (date(1980, 12, 23), date(2026, 12, 2), 21, date(2026, 12, 23)),
        (date(1980, 12, 2), date(2026, 12, 2), 21, None),  # today: served a run ago
        (date(1980, 1, 5), date(2026, 12, 20), 21, date(2027, 1, 5)),  # over New Year
        (date(1984, 2, 29), date(2027, 2, 10), 21, date(2027, 2, 28)),  # common year
        (date(1984, 2, 29), date(2028, 2, 10), 21, date(2028, 2, 29)),  # leap year
        (date(1984, 2, 29), date(2027, 2, 28), 21, None),  # served by earlier runs
        (date(1984, 3, 1), date(2027, 2, 7), 21, None),
    ],
)
def test_due_birthday_table(birthdate, today, lead_days, expected):
    assert due_birthday(birthdate, today, lead_days) == expected


def test_month_days_map_feb_29_to_feb_28_in_common_years():
    days = month_days(date(2027, 2, 20), 10)
    assert days[(2, 28)] == days[(2, 29)] == date(2027, 2, 28)
    assert (2, 29) in month_days(date(2028, 2, 20), 10)
    assert month_days(date(2028, 2, 20), 10)[(2, 29)] == date(2028, 2, 29)


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2010, 12, 31)),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
    st.integers(min_value=1, max_value=60),
)
def test_daily_runs_serve_each_birthday_exactly_once_a_year(birthdate, start, lead_days):
    served = []
    for offset in range(366 * 2):
        today = start + timedelta(days=offset)
        day = due_birthday(birthdate, today, lead_days)
        if day:
            served.append(day)
        in_sql_window = (birthdate.month, birthdate.day) in month_days(today, lead_days)
        assert (day is not None) == in_sql_window
    years = [day.year for day in set(served)]
    assert len(years) == len(set(years)), "never two birthday letters for one year"
    assert len(set(served)) >= 1
    assert next_birthday(birthdate, start) >= start
