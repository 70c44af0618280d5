import pytest

from bot.references import refers_back


@pytest.mark.parametrize("text", ["how is it treated?", "What causes that", "is this serious?",
                                  "tell me more about them", "What are its symptoms?"])
def test_follow_ups_refer_back(text):
    assert refers_back(text)


@pytest.mark.parametrize("text", [None, "", "how does physio help hip pain?", "what is bursitis", "/ask_physiotherapy",
                                  "italy", "bitter"])
def test_fresh_questions_do_not(text):
    assert not refers_back(text)
