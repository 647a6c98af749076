"""Browser tests of the public portal in headless Chromium at phone size.

See docs/dev/browser-tests.md.
"""
