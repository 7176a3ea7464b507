"""Rating arithmetic against the published bands."""

from __future__ import annotations

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.framework.rating import parse_scores, rate


def test_oxfordshire_and_durham_examples():
    oxford = rate(parse_scores("2,2,2,2,3,3,3,3,3"))
    assert (oxford.total, round(oxford.percent), oxford.band) == (23, 64, "Good")
    durham = rate(parse_scores("2,3,2,3,3,3,2,3,3"))
    assert (durham.total, round(durham.percent), durham.band) == (24, 67, "Good")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (9, "Inadequate"),
        (13, "Inadequate"),
        (15, "Requires improvement"),
        (22, "Requires improvement"),
        (23, "Good"),
        (31, "Good"),
        (32, "Outstanding"),
        (36, "Outstanding"),
    ],
)
def test_band_edges_in_points(total, band):
    scores = [1] * 9
    for i in range(total - 9):
        scores[i % 9] += 1
    assert sum(scores) == total
    assert rate(scores).band == band


def test_fourteen_points_lies_between_bands_and_is_not_assigned():
    result = rate([2, 2, 2, 2, 2, 1, 1, 1, 1])
    assert result.total == 14
    assert result.band is None
    assert result.state == "between bands"
    assert "Inadequate and Requires improvement" in result.note
    assert "38.9%" in result.summary


def test_missing_scores_are_incomplete_and_named():
    result = rate(parse_scores("2,2,,2,3,3,-,3,3"))
    assert result.state == "incomplete"
    assert result.missing == ["QS3", "QS7"]
    assert result.total is None
    assert "QS3, QS7" in result.summary


@pytest.mark.parametrize("bad", ["0,2,2,2,3,3,3,3,3", "5,2,2,2,3,3,3,3,3", "x,2,2,2,3,3,3,3,3", "2.5,2,2,2,3,3,3,3,3"])
def test_scores_outside_one_to_four_are_rejected(bad):
    with pytest.raises(ReadinessError):
        rate(parse_scores(bad))


def test_wrong_number_of_scores_is_rejected():
    with pytest.raises(ReadinessError, match="expected 9 scores"):
        rate(parse_scores("2,2,2"))
