"""Plotting helpers for coalition-sim (matplotlib, no pyplot global state)."""
