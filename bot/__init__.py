"""The hip pain education bot's core: plain Python, no Rasa imports.

- ``bot.knowledge``: loads and validates the sourced knowledge base (``bot/content``).
- ``bot.triage``: finds warning signs in free text (negation-aware) and rates their urgency.
- ``bot.countries``: emergency and advice numbers for the configured country.
- ``bot.clinic``: the clinic profile (``HIPBOT_CLINIC``): greeting, local pathways, opening hours,
  booking, privacy notice, widget settings and handover, validated at start-up.
- ``bot.replies``: the one place that composes health replies and adds the
  professional-assessment recommendation.
- ``bot.answers``: what the bot says for each kind of question, as ``Reply`` objects.

Rasa-facing glue lives in ``bot.rasa_nlu`` (custom NLU components) and ``bot.channels``.
"""
