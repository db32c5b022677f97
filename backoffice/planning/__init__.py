"""Target dates, and the forecast of when translation will let each launch happen."""
