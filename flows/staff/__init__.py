"""The staff desk's rules, as engine events: ``event`` (what a staff member did),
``flow`` and ``rules`` (what it does to a ticket), ``effects`` (what the staff group is
asked to show) and ``reply`` (what a person receives from staff)."""
