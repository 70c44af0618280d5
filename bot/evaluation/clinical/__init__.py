"""Clinical evaluation of the hip pain check on published case vignettes.

``cases``: the case set (benchmarks/clinical/cases, validated by its schema); ``patient``: a
simulated patient that answers the bot's questions from a case; ``play``: plays a case through a
bot (the real one over REST); ``figures``: accuracy and triage-safety figures; ``report``: JSON,
Markdown table (beside published symptom-checker figures) and a plot.
"""
