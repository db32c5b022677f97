"""Comments and questions on one message in one locale."""
