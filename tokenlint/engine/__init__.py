"""Policies as data: loading, matching facts, filtering findings."""
