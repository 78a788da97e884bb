"""The rules of the service: plain Python, no Flask and no database session."""
