"""Pure business rules: checklists, records, shifts and hours. No I/O, no clock reads."""
