"""Policy file: the default organisation loads; bad files are refused with a message that says where."""

from __future__ import annotations

import pytest
from conftest import ROOT

from analytics.sla.policy import PolicyError, load_policy, parse_policy

DEFAULT = (ROOT / "sample_data" / "policy.toml").read_text()


def test_default_policy_is_the_organisation_of_the_guide(policy):
    assert set(policy.teams) == {
        "L1",
        "BILLING",
        "SYSADMIN",
        "MGMT",
        "DC-NL",
        "DC-DE",
        "DC-PL",
        "DC-FR",
        "DC-US",
        "DC-CA",
    }
    assert policy.teams["L1"].calendar.always_open
    assert policy.teams["DC-CA"].calendar.timezone == "America/Toronto"
    assert policy.teams["SYSADMIN"].calendar.timezone == "Europe/Amsterdam"
    t = policy.target_table().set_index(["metric", "channel", "complexity", "team"])["target_seconds"]
    assert t[("acknowledgement", "ticket", "", "L1")] == 120
    assert t[("acknowledgement", "chat", "simple", "L1")] == 60
    assert t[("first_response", "chat", "", "")] == 600
    assert t[("status_update", "ticket", "", "L1")] == 4 * 3600
    assert t[("escalation_notice", "ticket", "", "L1")] == 600
    assert t[("handoff_pickup", "ticket", "", "SYSADMIN")] == 1800
    assert t[("handoff_pickup", "ticket", "", "MGMT")] == 8 * 3600
    assert t[("resolution", "ticket", "simple", "L1")] == 1800
    assert t[("resolution", "ticket", "standard", "L1")] == 7200
    assert t[("resolution", "ticket", "complex", "L1")] == 86400
    est = policy.target_table().query("metric == 'resolution' and complexity == 'custom'")
    assert est["use_estimate"].all()
    m = policy.metric_table().set_index("metric")
    assert m.loc["handoff_pickup", "calendar_mode"] == "receiving_team"
    assert m.loc["resolution", "pauses"] and not m.loc["first_response", "pauses"]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('timezone = "America/Toronto"', 'timezone = "America/Torontoo"', "America/Torontoo"),
        (
            'hours = ["Mon-Fri 09:00-18:00"]\nholidays = "NL"\ndescription = "Invoices',
            'hours = ["Mon-Fri 9-18"]\nholidays = "NL"\ndescription = "Invoices',
            "Mon-Fri 9-18",
        ),
        ('holidays = "PL"', 'holidays = "XX"', "XX"),
        ('team = "MGMT"\ntarget = "8h"', 'team = "CEO"\ntarget = "8h"', "unknown team 'CEO'"),
        (
            'target = "10min"\n\n[metrics.status_update]',
            'target = "-10min"\n\n[metrics.status_update]',
            "metrics.first_response.target",
        ),
        (
            "[metrics.first_response]\n"
            'description = "First human response: created -> first agent_reply, 24/7, every ticket."\n'
            'target = "10min"\n',
            "[metrics.first_response]\n",
            "metrics.first_response: missing 'target'",
        ),
        ("[metrics.escalation_notice]", "[metrics.escalation_notise]", "unknown metric(s) ['escalation_notise']"),
        ('calendar = "receiving_team"', 'calendar = "NOC"', "metrics.handoff_pickup.calendar"),
        ('complexity = "simple"\ntarget = "30min"', 'complexity = "trivial"\ntarget = "30min"', "complexity 'trivial'"),
    ],
)
def test_bad_policy_messages(old, new, message):
    assert old in DEFAULT, old
    with pytest.raises(PolicyError) as err:
        parse_policy(DEFAULT.replace(old, new, 1), "policy.toml")
    assert str(err.value).startswith("policy.toml: ")
    assert message in str(err.value)


def test_not_toml_and_missing_file(tmp_path):
    with pytest.raises(PolicyError, match="not valid TOML"):
        parse_policy("[teams\n", "p.toml")
    with pytest.raises(PolicyError, match="policy file not found"):
        load_policy(tmp_path / "none.toml")


def test_duplicate_override_refused():
    text = DEFAULT.replace(
        'channel = "chat"\ntarget = "1min"',
        'channel = "chat"\ntarget = "1min"\n[[metrics.acknowledgement.targets]]\nchannel = "chat"\ntarget = "30s"',
    )
    with pytest.raises(PolicyError, match="same channel/complexity/team as targets\\[1\\]"):
        parse_policy(text, "p.toml")


def test_most_specific_override_wins():
    text = DEFAULT.replace(
        '[[metrics.resolution.targets]]\ncomplexity = "simple"',
        '[[metrics.resolution.targets]]\ncomplexity = "simple"\nchannel = "chat"\ntarget = "15min"\n'
        '[[metrics.resolution.targets]]\ncomplexity = "simple"',
        1,
    )
    t = parse_policy(text, "p.toml").target_table().set_index(["metric", "channel", "complexity", "team"])
    assert t.loc[("resolution", "chat", "simple", "L1"), "target_seconds"] == 900
    assert t.loc[("resolution", "ticket", "simple", "L1"), "target_seconds"] == 1800
