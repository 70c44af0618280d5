"""The simulated patient of the clinical evaluation: reading the bot's replies, answering from a case."""
import json

from bot.evaluation.clinical.cases import Case
from bot.evaluation.clinical.patient import NOT_SURE, SimulatedPatient, answer_value, read_turn
from bot.interview import interview
from bot.interview.replies import answer_payload

BOUNDS = interview().question("age_group").age_bounds


def case(**answers) -> Case:
    return Case("c", "dev", "https://example.org", "my hip hurts", {"age": 50, "sex": "female", "pain_site": "groin",
                                                                    **answers}, "osteoarthritis", (), "routine")


def question(slot: str, values: list[str]) -> list[dict]:
    return [{"text": "?", "buttons": [{"title": v, "payload": answer_payload(slot, v)} for v in values + ["unsure"]]}]


def test_read_turn_finds_the_question_and_its_buttons():
    turn = read_turn(question("onset", ["injury", "sudden", "gradual"]))
    assert turn.question == "onset" and set(turn.buttons) == {"injury", "sudden", "gradual", "unsure"}
    assert turn.triage is None


def test_read_turn_reads_the_triage_and_assessment_payloads():
    turn = read_turn([{"text": "summary"}, {"custom": {"triage": {"level": "soon"},
                                                       "assessment": {"causes": ["a", "b"], "urgency": "soon"}}}])
    assert turn.triage == {"level": "soon"} and turn.assessment["causes"] == ["a", "b"]


def test_the_patient_taps_the_button_that_fits_the_case():
    patient = SimulatedPatient(case(onset="gradual"), BOUNDS)
    sent = patient.next_message(read_turn(question("onset", ["injury", "sudden", "gradual"])))
    assert sent == answer_payload("onset", "gradual")


def test_a_silent_case_says_not_sure_then_taps_not_sure_if_that_was_not_understood():
    patient = SimulatedPatient(case(), BOUNDS)
    turn = read_turn(question("clicking", ["yes", "no"]))
    assert patient.next_message(turn) == NOT_SURE
    assert patient.next_message(turn) == answer_payload("clicking", "unsure")
    assert patient.questions_asked == 1


def test_age_is_tapped_by_its_group():
    assert answer_value("age_group", {"age": 13}, BOUNDS) == "teen"
    assert answer_value("age_group", {"age": 80}, BOUNDS) == "older_adult"


def test_warning_signs_that_apply_are_said_in_words():
    patient = SimulatedPatient(case(fever="yes", cancer_history="yes"), BOUNDS)
    sent = patient.next_message(read_turn(question("warning_signs", ["yes", "no"])))
    assert not sent.startswith("/") and "fever" in sent and "cancer" in sent


def test_no_warning_sign_in_the_case_is_a_tap_on_no():
    patient = SimulatedPatient(case(fever="no"), BOUNDS)
    assert patient.next_message(read_turn(question("warning_signs", ["yes", "no"]))) == answer_payload("warning_signs", "no")


def test_derived_answers():
    assert answer_value("below_knee", {"numbness": "below_knee"}, BOUNDS) == "yes"
    assert answer_value("below_knee", {}, BOUNDS) is None
    assert answer_value("thigh_numbness", {"numbness": "outer_thigh"}, BOUNDS) == "yes"
    assert answer_value("thigh_numbness", {"numbness": "none"}, BOUNDS) == "no"
    assert answer_value("medical_history", {"hip_replacement": "yes"}, BOUNDS) == "replacement"
    assert answer_value("medical_history", {"steroids_or_alcohol": "yes"}, BOUNDS) == "steroids_alcohol"


def test_the_patient_stops_at_the_summary_and_starts_the_check_if_needed():
    patient = SimulatedPatient(case(), BOUNDS)
    start = [{"text": "Hello", "buttons": [{"title": "Check my hip pain", "payload": "/start_assessment"}]}]
    assert patient.next_message(read_turn(start)) == "/start_assessment"
    assert patient.next_message(read_turn(start)) is None  # still no question: give up, do not loop
    assert SimulatedPatient(case(), BOUNDS).next_message(read_turn([{"custom": {"triage": {"level": "routine"}}}])) is None


def test_payloads_are_the_bots_own():
    assert json.loads(answer_payload("onset", "gradual")[len("/describe_symptoms"):]) == {"question": "onset",
                                                                                         "answer": "gradual"}
