"""Browser tests: Chromium, driven by Playwright, against one live Daphne server per run.

A package, so that its test modules may share names with unit tests elsewhere (test_login.py).
"""
