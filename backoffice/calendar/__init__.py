"""The launch calendar: past and planned changes of every country on one time axis."""
