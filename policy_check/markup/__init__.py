"""Marked-up Word copies of a policy and the appropriate body's feedback letter."""
