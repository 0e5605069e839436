"""Label schemas are data: a project file may define its own, and mistakes are all reported."""

from __future__ import annotations

from annotator.model import LabelSchema


def test_bundled_schema_has_the_four_labels_with_keys_and_attributes(schema: LabelSchema) -> None:
    assert schema.label_names == ("ACTOR", "LOCATION", "WEAPON", "CLAIM")
    assert {label.key for label in schema.labels.values()} == {"a", "l", "w", "c"}
    assert "monitor_ngo" in (schema.label("ACTOR").attributes["kind"].values or ())
    assert schema.label("CLAIM").attributes["stance"].values == ("asserted", "denied", "reported")
    assert schema.relations["source"].allows("CLAIM", "ACTOR")
    assert not schema.relations["source"].allows("ACTOR", "CLAIM")


def test_a_project_schema_can_define_other_labels_and_free_text() -> None:
    schema, problems = LabelSchema.from_mapping(
        {
            "labels": {
                "PER": {
                    "color": "#112233",
                    "key": "p",
                    "attributes": {"role": {"free_text": True}},
                },
                "ORG": {"color": "#445566", "key": "o"},
            },
            "relations": {"member": {"from": "PER", "to": ["ORG"]}},
        }
    )
    assert problems == []
    assert schema.attribute_problems("PER", {"role": "anything at all"}) == []
    assert schema.relations["member"].allows("PER", "ORG")


def test_every_problem_in_a_schema_is_reported_at_once() -> None:
    _, problems = LabelSchema.from_mapping(
        {
            "labels": {
                "A": {"color": "red", "key": "a"},
                "B": {"color": "#000000", "key": "a"},
                "1bad": {},
                "C": {"key": "c", "attributes": {"kind": {"values": []}}},
            },
            "relations": {"r": {"from": "A", "to": "NOPE"}},
        },
        "labels.yaml",
    )
    messages = [str(p) for p in problems]
    assert any("labels.A.color" in m for m in messages)
    assert any("already used by A" in m for m in messages)
    assert any("1bad" in m for m in messages)
    assert any("labels.C.attributes.kind" in m for m in messages)
    assert any("unknown label 'NOPE'" in m for m in messages)
    assert all(m.startswith("labels.yaml: ") for m in messages)
