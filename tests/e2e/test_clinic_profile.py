"""The clinic profile as a new user meets it: the real servers started with the UK example,
then restarted with the US example, change the emergency number, the pathways and the booking
link with no code change; a handover request is marked in the events a clinic receives (SQL
event broker to a local SQLite file); and an invalid profile stops the action server."""
import json
import sqlite3
import subprocess
import uuid

import pytest

from tests.conftest import RASA, ROOT, TEST_BUILD, rasa_env
from bot.tools.servers import free_port
from tests.e2e.conftest import running_servers
from tests.e2e.test_rest import answer_by_tapping

pytestmark = pytest.mark.slow

UK, US = ROOT / "clinics" / "uk-physio-clinic.yml", ROOT / "clinics" / "us-physical-therapy.yml"
EVENTS_DB = TEST_BUILD / "clinic-events.db"
# How a clinic receives handovers without any other service: Rasa's SQL event broker.
WAITING_FOR_STAFF = """
SELECT sender_id, json_extract(data, '$.value.requested_at') AS requested_at,
       json_extract(data, '$.value.reason') AS reason, json_extract(data, '$.value.urgency') AS urgency
FROM events
WHERE json_extract(data, '$.event') = 'slot' AND json_extract(data, '$.name') = 'handover'
  AND json_extract(data, '$.value') IS NOT NULL;
"""
EVENT_BROKER = f"event_broker:\n  type: SQL\n  dialect: sqlite\n  db: {EVENTS_DB}\n"


def texts(replies):
    return "\n".join(r.get("text") or "" for r in replies)


def summary_conversation(servers, user):
    """The hip pain check to its summary, by tapping the answers."""
    first = servers.say(user, "I have pain on the outside of my hip when I lie on that side")
    return answer_by_tapping(servers, user, first, {
        "onset": "gradual", "duration": "long", "age_group": "adult", "clicking": "no", "night_pain": "no",
        "warning_signs": "no"})


@pytest.fixture(scope="module")
def uk(trained_model):
    EVENTS_DB.unlink(missing_ok=True)
    with running_servers(trained_model, "uk-", {"HIPBOT_CLINIC": str(UK)}, EVENT_BROKER) as servers:
        yield servers


def test_uk_profile_in_the_replies(uk):
    user = uuid.uuid4().hex
    greeting = texts(uk.say(user, "hello"))
    assert "welcome to Riverside Physiotherapy" in greeting and "riverside-physio.example.org/privacy" in greeting
    emergency = texts(uk.say(uuid.uuid4().hex, "I fell and now I can't put any weight on my leg"))
    assert "Call 999 now" in emergency and "Riverside General Hospital" in emergency and "911" not in emergency
    user = uuid.uuid4().hex
    summary = texts(summary_conversation(uk, user))
    assert "Book with us: Riverside Physiotherapy, https://riverside-physio.example.org/book" in summary
    # the summary to take away: as text, and as a printable page to download
    replies = uk.say(user, "can I have a summary for my physio")
    assert "Outside of the hip" in texts(replies) and "Riverside Physiotherapy" in texts(replies)
    download = next(r["custom"]["download"] for r in replies if "download" in (r.get("custom") or {}))
    assert download["filename"].startswith("hip-pain-summary-") and "Outside of the hip" in download["content"]


def test_handover_is_marked_for_the_clinic(uk):
    user = uuid.uuid4().hex
    uk.say(user, "hello")
    replies = uk.say(user, "can I speak to someone at the clinic")
    assert "I've let the team at Riverside Physiotherapy know" in texts(replies)
    custom = next(r["custom"]["handover"] for r in replies if "handover" in (r.get("custom") or {}))
    assert custom["clinic"] == "Riverside Physiotherapy"
    # What the clinic's system reads: the slot event in the broker's events table (README query).
    with sqlite3.connect(EVENTS_DB) as db:
        waiting = db.execute(WAITING_FOR_STAFF).fetchall()
        conversation = [json.loads(data) for (data,) in
                        db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (user,))]
    mine = [row for row in waiting if row[0] == user]
    assert len(mine) == 1 and mine[0][2:] == ("user_request", None)
    assert any(e.get("text") == "can I speak to someone at the clinic" for e in conversation)


def test_us_profile_after_a_restart(trained_model, uk):
    for process in (uk.rasa, uk.actions):  # "restart" with the other profile
        process.terminate()
    with running_servers(trained_model, "us-", {"HIPBOT_CLINIC": str(US)}) as us:
        assert "welcome to Lakeside Physical Therapy" in texts(us.say(uuid.uuid4().hex, "hello"))
        emergency = texts(us.say(uuid.uuid4().hex, "I fell and now I can't put any weight on my leg"))
        assert "Call 911 now" in emergency and "Lakeside Medical Center ER" in emergency and "999" not in emergency
        summary = texts(summary_conversation(us, uuid.uuid4().hex))
        assert "Book with us: Lakeside Physical Therapy, https://lakeside-pt.example.com/schedule" in summary
        handover = texts(us.say(uuid.uuid4().hex, "can I talk to a real person"))
        assert "Phone: +1 312-555-0142" in handover and "I've let the team" not in handover


def test_invalid_profile_stops_the_action_server(tmp_path):
    bad = tmp_path / "clinic.yml"
    bad.write_text("name: Broken Physio\ncontact:\n  phone: ring reception\n")
    result = subprocess.run([RASA, "run", "actions", "--actions", "actions", "--port", str(free_port())],
                            cwd=ROOT, env=rasa_env(HIPBOT_CLINIC=str(bad)), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode != 0
    assert f"{bad}: field 'contact.phone'" in result.stdout + result.stderr
