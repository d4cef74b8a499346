"""Synthetic demo and benchmark data for `manage.py seed_demo`.

- `names`: nationalities of recent inflow with their languages and names, and staff names;
- `regions`: the Achterhoek (from `partners.achterhoek`) plus, at national scale, 34 more
  arbeidsmarktregio's with synthetic gemeenten, providers, contracts and ketenpartners;
- `generator`: one generator of statushouders and everything around them, parameterised by a `Scale`;
- `bulk`: loading the generated rows with PostgreSQL COPY;
- `seed`: the orchestration used by the management command.

Everything is synthetic: no real person, no real BSN (the numbers come from the RvIG test range 9999xxxxx
and pass the elfproef, see `cases.validators.iter_test_bsns`).
"""
