"""Reusable widgets: species picker, money entry, evidence panel, confirmation bar."""
