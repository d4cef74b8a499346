"""Indicators: see the package docstring. (being written)"""
