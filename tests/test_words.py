"""Shared wording: how a source is credited wherever it is listed."""

from __future__ import annotations

import pytest

from footprint.words import source_credit


@pytest.mark.parametrize(
    ("outlet", "kind", "agency", "credit"),
    [
        ("Devdiscourse", "aggregator", "Reuters", "Devdiscourse (aggregator, from Reuters)"),
        ("Reuters", "wire", None, "Reuters (wire)"),
        ("TASS", "state_affiliated", "", "TASS (state-affiliated)"),
        ("U.S. Africa Command", "official", float("nan"), "U.S. Africa Command (official)"),
        ("Le Monde", None, None, "Le Monde"),
    ],
)
def test_a_source_is_credited_with_its_kind_and_agency(outlet, kind, agency, credit):
    assert source_credit(outlet, kind, agency) == credit
