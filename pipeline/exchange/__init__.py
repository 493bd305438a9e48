"""Exchange formats: the run's rows out to annotation tools, corrected annotation back in as gold."""
