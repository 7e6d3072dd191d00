"""moderation/checks/learned.py `beside`: one finding per rule, and on_topic the model's
alone once it runs (issue 15)."""

from types import SimpleNamespace

from moderation.checks.base import Result
from moderation.checks.learned import LearnedResult, beside


def context(model_ran):
    return SimpleNamespace(memo={"model": True} if model_ran else {})


def rules(results):
    return sorted((r.rule, type(r).__name__) for r in results)


def test_a_rule_both_found_keeps_the_other_checks_finding():
    found = [Result("good_tone", 1.0, "idiot"), LearnedResult("good_tone", 1.6, "idiot")]
    assert rules(beside(found, context(True))) == [("good_tone", "Result")]


def test_the_topic_checks_finding_needs_the_model_once_it_runs():
    found = [Result("on_topic", 0.8, "matchen"), Result("good_tone", 1.0, "pucko")]
    assert rules(beside(found, context(True))) == [("good_tone", "Result")]


def test_the_topic_checks_finding_stands_where_the_model_agrees():
    found = [Result("on_topic", 0.8, "matchen"), LearnedResult("on_topic", 1.7, "matchen")]
    assert rules(beside(found, context(True))) == [("on_topic", "Result")]


def test_without_the_model_the_topic_check_decides():
    found = [Result("on_topic", 0.8, "matchen")]
    assert rules(beside(found, context(False))) == [("on_topic", "Result")]
