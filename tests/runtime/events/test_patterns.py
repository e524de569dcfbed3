"""Event patterns against the examples of "Content filtering in Amazon EventBridge event patterns" and "Comparison
operators for use in event patterns" (EventBridge User Guide), each test named after the rule it pins."""

from __future__ import annotations

from typing import Any

import pytest

from samlocal.events.patterns import PatternError, compile_pattern

# The example event of "Amazon EventBridge event patterns" (an EC2 state change), trimmed.
EC2_EVENT: dict[str, Any] = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "111122223333",
    "time": "2017-12-22T18:43:48Z",
    "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated", "c-count": 5, "d-count": 0},
}


def matches(pattern: dict[str, Any], event: dict[str, Any] = EC2_EVENT) -> bool:
    return compile_pattern(pattern).matches(event)


def test_exact_values_of_every_listed_field_must_match_and_any_value_of_a_list_may() -> None:
    assert matches({"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"]})
    assert matches({"source": ["aws.s3", "aws.ec2"]})
    assert not matches({"source": ["aws.ec2"], "detail-type": ["Something else"]})


def test_matching_is_case_sensitive_and_exact() -> None:
    assert not matches({"source": ["AWS.EC2"]})
    assert not matches({"source": ["aws.ec"]})


def test_nested_fields_follow_the_events_structure() -> None:
    assert matches({"detail": {"state": ["terminated"]}})
    assert not matches({"detail": {"state": ["running"]}})
    assert not matches({"state": ["terminated"]})


def test_an_event_array_matches_when_it_intersects_the_pattern_array() -> None:
    pattern = {"resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0", "arn:aws:other"]}
    assert matches(pattern)
    assert not matches({"resources": ["arn:aws:other"]})


def test_a_nested_pattern_matches_any_object_of_an_event_array() -> None:
    event = {"detail": {"items": [{"name": "Spaghetti"}, {"name": "Pizza"}]}}
    assert matches({"detail": {"items": {"name": ["Pizza"]}}}, event)
    assert not matches({"detail": {"items": {"name": ["Salad"]}}}, event)


def test_numbers_match_exactly_by_value() -> None:
    assert matches({"detail": {"c-count": [5.0]}})
    assert not matches({"detail": {"c-count": ["5"]}})


def test_empty_strings_and_null_values_match_only_themselves() -> None:
    event = {"detail": {"eventVersion": "", "responseElements": None}}
    assert matches({"detail": {"eventVersion": [""], "responseElements": [None]}}, event)
    assert not matches({"detail": {"responseElements": [None]}})


def test_prefix_matching_on_the_time_field() -> None:
    assert matches({"time": [{"prefix": "2017-12-22"}]})
    assert not matches({"time": [{"prefix": "2017-10-02"}]})


def test_prefix_and_suffix_may_ignore_case() -> None:
    event = {"detail": {"service": "EventBridge", "FileName": "photo.PNG"}}
    assert matches({"detail": {"service": [{"prefix": {"equals-ignore-case": "eventb"}}]}}, event)
    assert matches({"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}}, event)
    assert not matches({"detail": {"FileName": [{"suffix": ".png"}]}}, event)


def test_equals_ignore_case() -> None:
    assert matches({"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]})


def test_anything_but_a_string_a_number_or_a_list() -> None:
    assert matches({"detail": {"state": [{"anything-but": "initializing"}]}})
    assert not matches({"detail": {"state": [{"anything-but": ["stopped", "terminated"]}]}})
    assert matches({"detail": {"c-count": [{"anything-but": [100, 200, 300]}]}})
    assert not matches({"detail": {"c-count": [{"anything-but": 5}]}})


def test_anything_but_a_prefix_a_suffix_ignoring_case_or_a_wildcard() -> None:
    assert not matches({"region": [{"anything-but": {"prefix": "us-"}}]})
    assert matches({"region": [{"anything-but": {"prefix": "eu-"}}]})
    event = {"FileName": "a.png", "FilePath": "/usr/lib/x", "state": "INITIALIZING"}
    assert not matches({"FileName": [{"anything-but": {"suffix": ".png"}}]}, event)
    assert not matches({"state": [{"anything-but": {"equals-ignore-case": ["initializing", "x"]}}]}, event)
    assert not matches({"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}, event)


def test_anything_but_does_not_match_an_absent_field() -> None:
    assert not matches({"detail": {"missing": [{"anything-but": "x"}]}})


def test_numeric_ranges_and_equality() -> None:
    assert matches({"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}]}})
    assert not matches({"detail": {"c-count": [{"numeric": [">", 5]}]}})
    assert matches({"detail": {"c-count": [{"numeric": ["=", 5e0]}]}})
    assert not matches({"detail": {"state": [{"numeric": [">", 0]}]}})


def test_exists_matches_presence_or_absence() -> None:
    assert matches({"detail": {"state": [{"exists": True}]}})
    assert matches({"detail": {"c-size": [{"exists": False}]}})
    assert not matches({"detail": {"state": [{"exists": False}]}})


def test_wildcards_match_any_run_of_characters() -> None:
    event = {"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/orders"}
    assert matches({"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}, event)
    assert not matches({"EventBusArn": [{"wildcard": "arn:aws:events:eu-west-1:*"}]}, event)
    assert matches({"f": [{"wildcard": r"a\*b"}]}, {"f": "a*b"})
    assert not matches({"f": [{"wildcard": r"a\*b"}]}, {"f": "axb"})


def test_cidr_matches_ip_addresses_in_the_block() -> None:
    event = {"detail": {"sourceIPAddress": "10.0.0.42"}}
    assert matches({"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}, event)
    assert not matches({"detail": {"sourceIPAddress": [{"cidr": "10.0.1.0/24"}]}}, event)


def test_or_matches_when_any_alternative_does() -> None:
    pattern = {
        "detail": {
            "$or": [
                {"c-count": [{"numeric": [">", 0, "<=", 5]}]},
                {"d-count": [{"numeric": ["<", 10]}]},
                {"x-limit": [{"numeric": ["=", 3.018e2]}]},
            ]
        }
    }
    assert matches(pattern)
    assert matches({"source": ["aws.ec2"], "$or": [{"region": ["eu-west-1"]}, {"account": ["111122223333"]}]})
    assert not matches({"$or": [{"region": ["eu-west-1"]}, {"account": ["000000000000"]}]})


@pytest.mark.parametrize(
    "pattern",
    [
        {},
        {"source": "aws.ec2"},
        {"source": []},
        {"source": [{"prefix": 1}]},
        {"source": [{"unknown-operator": "x"}]},
        {"source": [{"prefix": "a", "suffix": "b"}]},
        {"detail": {"c-count": [{"numeric": [">", "zero"]}]}},
        {"detail": {"c-count": [{"numeric": ["=", 1, "<", 5]}]}},
        {"detail": {"c-count": [{"exists": "yes"}]}},
        {"f": [{"wildcard": "a**b"}]},
        {"f": [{"anything-but": ["a", 1]}]},
        {"f": [{"cidr": "not-a-network"}]},
        {"$or": [{"a": ["b"]}]},
    ],
)
def test_a_pattern_eventbridge_refuses_is_a_pattern_error(pattern: dict[str, Any]) -> None:
    with pytest.raises(PatternError):
        compile_pattern(pattern)
