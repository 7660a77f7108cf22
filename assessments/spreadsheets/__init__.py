"""Spreadsheets in and out: validated Excel imports and openpyxl exports."""
