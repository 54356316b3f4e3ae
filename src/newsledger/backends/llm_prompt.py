"""What `openai.v1` asks the model for: the prompt and the JSON schema of its answer.

The model supplies words, never numbers we keep: every span is a verbatim quotation that is
re-anchored in the article, certainty comes from our lexicon applied to the quoted cue, and
deadlines from our time expressions inside the anchored span. `start` is only a hint for
telling repeated quotations apart.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["SCHEMA", "SCHEMA_NAME", "SYSTEM_PROMPT", "user_prompt"]

SCHEMA_NAME = "newsledger_statements"
_NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
SOURCE_TYPES = ["person", "organisation", "media", "government", "unnamed",
                "widespread_view", "author"]

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "statements": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "start": {"type": ["integer", "null"]},
                    "kind": {"type": "string",
                             "enum": ["claim", "forecast", "past_forecast_reference"]},
                    "speaker": _NULLABLE_STRING,
                    "source": _NULLABLE_STRING,
                    "source_type": {"type": "string", "enum": SOURCE_TYPES},
                    "cue": _NULLABLE_STRING,
                    "certainty_phrase": _NULLABLE_STRING,
                    "deadline_phrase": _NULLABLE_STRING,
                    "condition": _NULLABLE_STRING,
                    "polarity": {"type": "string", "enum": ["affirmed", "negated"]},
                    "time_orientation": {"type": "string",
                                         "enum": ["past", "present", "future"]},
                },
                "required": ["text", "start", "kind", "speaker", "source", "source_type",
                             "cue", "certainty_phrase", "deadline_phrase", "condition",
                             "polarity", "time_orientation"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["statements"],
    "additionalProperties": False,
}

SYSTEM_PROMPT = """\
You extract what a news article puts on record. Read the article and list its statements:

- "claim": an assertion about the past or present ("The council voted to build the line").
- "forecast": a prediction about the future ("The line will open in May 2028").
- "past_forecast_reference": the author recalling an earlier prediction ("as I predicted").

For each statement give:
- "text": the statement's clause, quoted EXACTLY as it appears in the article, character for
  character (same quotation marks, same spelling). Do not paraphrase, shorten inside, or join
  pieces from different places. Leave out the attribution ("the mayor said").
- "start": the character offset where "text" begins in the article, or null if unsure.
- "speaker": who says it (a name as written in the article), or null for the author.
- "source": the words naming the source, quoted exactly from the article ("the mayor",
  "According to the transport department" -> "the transport department"), or null.
- "source_type": person, organisation, media, government, unnamed, widespread_view or author.
- "cue": the reporting words quoted exactly ("said", "according to", "expects"), or null.
- "certainty_phrase": the hedge quoted exactly ("likely", "may", "almost certainly"), or null.
- "deadline_phrase": for forecasts, the words that say by when ("in May 2028"), or null.
- "condition": the condition quoted exactly ("If the state grant is approved"), or null.
- "polarity": "negated" when the statement is negated, else "affirmed".
- "time_orientation": past, present or future.

Skip questions, headlines without a verb and boilerplate. Answer with one JSON object:
{"statements": [...]} and nothing else."""


def user_prompt(text: str, *, plain: bool = False) -> str:
    """The user message for the article (or one chunk of it; offsets count from the chunk's
    start). `plain` adds the schema for servers that cannot enforce it."""
    out = "Article:\n<<<\n" + text + "\n>>>"
    if plain:
        out += ("\n\nReply with JSON only, no prose and no code fences, matching this JSON "
                "schema:\n" + json.dumps(SCHEMA, separators=(",", ":")))
    return out
