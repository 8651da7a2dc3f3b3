class ReportError(Exception):
    """A report cannot be ordered or built as asked; the message is for the user."""

    status = 400
