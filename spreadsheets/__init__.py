"""A plain spreadsheet library: cells read with Chinese messages, sheets written in openpyxl's
write-only mode. It has no models and imports no app of the project."""
