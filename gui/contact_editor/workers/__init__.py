"""Background workers: QObjects on QThreads that emit typed results or errors, never touch widgets."""
