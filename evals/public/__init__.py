"""Public-data gold: hand-written questions, answers computed from the source files."""
