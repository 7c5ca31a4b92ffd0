"""Birthday windows: who gets a birthday voucher today so that the letter arrives in time.

A run on ``today`` with ``lead_days`` serves every birthday falling from ``today + lead_days``
back to the day after the previous run's horizon; runs are daily, so the window is the days
``today + 1 .. today + lead_days`` and one voucher per birthday year (the year of the
birthday served) keeps a customer from a second one. People born on 29 February celebrate on
28 February in common years.
"""

import calendar
from datetime import date, timedelta


def birthday_in(birthdate, year):
    """The day ``birthdate`` is celebrated in ``year`` (29 Feb -> 28 Feb in common years)."""
    if birthdate.month == 2 and birthdate.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birthdate.replace(year=year)


def next_birthday(birthdate, on_or_after):
    """The first celebrated birthday on or after ``on_or_after``."""
    this_year = birthday_in(birthdate, on_or_after.year)
    if this_year >= on_or_after:
        return this_year
    return birthday_in(birthdate, on_or_after.year + 1)


def window(today, lead_days):
    """First and last day of birthdays a run on ``today`` serves (both included)."""
    return today + timedelta(days=1), today + timedelta(days=max(int(lead_days), 1))


def due_birthday(birthdate, today, lead_days):
    """The celebrated birthday a run on ``today`` serves for ``birthdate``, or None."""
    first, last = window(today, lead_days)
    day = next_birthday(birthdate, first)
    return day if day <= last else None


def month_days(today, lead_days):
    """``{(month, day): celebrated date}`` of birth month/days the window serves, for SQL.

    Covers 29 February in common years (served on 28 February) so that a query can select
    by month and day of the stored birth date.
    """
    first, last = window(today, lead_days)
    result = {}
    day = first
    while day <= last:
        result[(day.month, day.day)] = day
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            result[(2, 29)] = day
        day += timedelta(days=1)
    return result
