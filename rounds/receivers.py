"""What rounds listen to on the write side of assessments."""
