"""Issue #13 development set: hand-written questions, engine-independent gold, strict scoring.

Questions live in evals/questions/dev/; gold code in evals/dev/gold (never imports the product);
`python -m evals.dev` asks, scores (score.py) and reports (report.py).
"""
