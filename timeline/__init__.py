"""A static site generator for sourced event chronologies."""
