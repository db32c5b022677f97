"""Background work: the task queue, the worker, and the record of failed tasks."""
