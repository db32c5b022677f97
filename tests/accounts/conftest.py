from tests.accounts.factors import clock, second_factor_on  # noqa: F401  (fixtures)
