"""Marketing plans per country and period, their spend, and a cross-country rollup."""
