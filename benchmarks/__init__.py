"""`make bench`: latency and load benchmarks of the bot against the `rasa init` example bot."""
