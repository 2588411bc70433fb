import datetime

import pytest

from governance.periods import Period


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("2026-10", datetime.date(2026, 10, 1), datetime.date(2026, 10, 31), "2026年10月"),
        ("2026-02", datetime.date(2026, 2, 1), datetime.date(2026, 2, 28), "2026年2月"),
        ("2026-Q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "2026年第3季度"),
        ("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "2026年"),
    ],
)
def test_period_parse__accepts_month_quarter_year(text, start, end, label):
    period = Period.parse(text)

    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-Q5",
        "十月",
        "",
        "2026-10-01..2026-09-01",
        # Found by an outside tester: a 500 (no day after 9999-12-31) and an English message.
        "9999-12",
        "9999",
        "2026-01-01..9999-12-31",
        "2026-02-30..2026-03-01",
    ],
)
def test_period_parse__rejects_nonsense_with_a_chinese_message(text):
    with pytest.raises(ValueError) as error:
        Period.parse(text)

    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))


def test_period_months__lists_every_month_touched():
    assert len(Period.parse("2026-Q3").months()) == 3
    assert Period.parse("2026").months()[0] == datetime.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-10", "2026-10"),
        ("2026-3", "2026-03"),
        ("2026-q3", "2026-Q3"),
        ("2026", "2026"),
        ("2026-07-01..2026-09-30", "2026-07-01..2026-09-30"),
    ],
)
def test_key__is_the_text_parse_reads_back(text, key):
    period = Period.parse(text)

    assert period.key == key
    assert Period.parse(period.key) == period
