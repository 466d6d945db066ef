"""Hostile-input machinery shared by tests/test_hostile.py and eval/xss_eval.py."""
