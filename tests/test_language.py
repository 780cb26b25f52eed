"""How a policy's own language is read: composed concepts, names it defines, split evidence, numbers
in words, who does what, hypotheticals and superseded forms. Each test is a sentence or two a real
policy might write, checked against the bundled ruleset as a reviewer would judge it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from policy_check.cli import cli
from policy_check.engine import defined_names, evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.errors import RulesetError
from policy_check.extract import read_document, read_text
from policy_check.resources import data_dir
from policy_check.rule_examples import iter_examples, run_example

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 1)
RULESET = load_ruleset("england-ect-induction")


def findings(text: str) -> dict:
    result = evaluate(read_text(text, source="<policy>"), RULESET, AS_OF)
    return {f.rule_id: f for f in result.findings}


def status(text: str, rule_id: str) -> str:
    return findings(text)[rule_id].status


# --- names a policy defines -----------------------------------------------------------------------

def test_an_acronym_the_policy_defines_counts_as_the_body_it_abbreviates():
    text = ("Riverbend Teaching School Hub (RTSH) is our appropriate body.\n\n"
            "Every ECT is registered with RTSH before their induction starts.")
    assert status(text, "ELIG-AB-REGISTRATION") == "met"
    names = {n["name"]: n for n in defined_names(read_text(text, source="<p>"), RULESET)}
    assert "appropriate_body" in names["RTSH"]["concepts"] and names["RTSH"]["how"] == "acronym"


def test_an_acronym_may_skip_words_of_the_name_it_abbreviates():
    text = "Our appropriate body is Harbridge Borough Council's Induction Appropriate Body Service (HIABS)."
    names = {n["name"]: n for n in defined_names(read_text(text, source="<p>"), RULESET)}
    assert names["HIABS"]["how"] == "acronym"
    assert {"appropriate_body", "local_authority"} <= set(names["HIABS"]["concepts"])


def test_a_role_with_a_possessive_or_a_pronoun_names_nobody():
    text = ("Riverside School is the local authority's maintained school for children in hospital.\n\n"
            "Whoever acts as induction tutor always holds QTS.")
    names = {n["name"] for n in defined_names(read_text(text, source="<p>"), RULESET)}
    assert "Riverside School" not in names and "Whoever" not in names


def test_an_actor_borrowed_from_the_sentence_before_is_also_checked_against_none():
    text = ("HIABS (the Induction Appropriate Body Service), not the school, decides whether you have completed "
            "induction, using the Headteacher's recommendation. It may instead decide that your induction "
            "should be extended.")
    assert status(text, "LEN-EXTENSION-AB") != "conflict"


def test_a_short_form_in_brackets_carries_the_long_forms_concepts():
    text = ("The Independent Schools Teacher Induction Panel (the Panel) quality-assures our induction.\n\n"
            "Unresolved concerns can be raised with the named contact at the Panel.")
    assert status(text, "CONC-AB-CONTACT") == "met"


def test_the_proper_name_of_a_body_alone_counts_as_the_body():
    text = ("Ousebridge Teaching School Hub quality assures induction across the trust.\n\n"
            "If an ECT may not complete induction satisfactorily, the induction tutor reports the concern to "
            "Ousebridge promptly.")
    assert status(text, "RISK-INFORM-AB") == "met"
    names = {n["name"] for n in defined_names(read_text(text, source="<p>"), RULESET)}
    assert "Ousebridge" in names


def test_a_question_in_a_leaflet_is_the_context_of_its_answer():
    text = ("What if I have a concern about my induction?\n\n"
            "Talk to your induction tutor first. If the matter is not resolved, speak to the headteacher.")
    assert status(text, "CONC-INTERNAL") == "met"


def test_a_role_title_the_policy_assigns_counts_as_that_role():
    text = ("The Deputy Head (Staff) is the induction tutor.\n\n"
            "The Deputy Head (Staff) holds QTS and conducts the termly progress reviews and formal assessments.")
    assert status(text, "ROLE-INDUCTION-TUTOR") == "met"


def test_you_is_the_ect_in_a_policy_written_to_the_new_teacher():
    text = ("You will have a mentor. Your mentor meets you weekly. You can talk to your tutor. "
            "Your lessons will be observed each half term, and you will get written feedback the same week.")
    assert status(text, "PROG-OBSERVATION") == "met"
    evidence = findings(text)["PROG-OBSERVATION"].evidence
    assert any("observed each half term" in e.text for e in evidence)


def test_the_name_table_is_in_the_json_report_and_in_extract(tmp_path):
    policy = tmp_path / "policy.md"
    policy.write_text("# Induction\n\nNorthvale Teaching School Hub (NTSH) is our appropriate body.\n", encoding="utf-8")
    extracted = CliRunner().invoke(cli, ["extract", str(policy), "--format", "json"])
    assert extracted.exit_code == 0
    assert "NTSH" in {n["name"] for n in yaml.safe_load(extracted.stdout)[0]["names"]}
    checked = CliRunner().invoke(cli, ["check", str(policy), "--format", "json", "--as-of", "2026-12-01"])
    assert "NTSH" in {n["name"] for n in yaml.safe_load(checked.stdout)["policies"][0]["metadata"]["names"]}


# --- composition ----------------------------------------------------------------------------------

def test_one_synonym_of_the_ect_carries_into_every_phrase_that_uses_it():
    assert status("Lessons taught by our new teachers are observed each half term, with written feedback.",
                  "PROG-OBSERVATION") == "met"


def test_the_guides_composition_example_passes_its_examples(tmp_path):
    guide = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- composition-example -->\s*```yaml\n(.*?)```", guide, re.S)
    assert match, "docs/writing-rules.md has no composition example"
    overlay = tmp_path / "composition.yaml"
    overlay.write_text(match.group(1), encoding="utf-8")
    ruleset = load_ruleset(str(overlay), strict=True)
    examples = [e for e in iter_examples(ruleset) if e.rule_id == "EX-SENIOR-OBSERVATION"]
    assert len(examples) == 3
    assert all(run_example(e, ruleset).passed for e in examples)


def _ruleset_with_concepts(tmp_path: Path, concepts: dict) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(yaml.safe_dump({"id": "x", "version": "1", "title": "x", "extends": "england-ect-induction",
                                    "concepts": concepts}), encoding="utf-8")
    return path


def test_a_reference_to_an_unknown_concept_fails_at_load(tmp_path):
    with pytest.raises(RulesetError, match="unknown concept 'no_such_concept'"):
        load_ruleset(str(_ruleset_with_concepts(tmp_path, {"odd": ["{no_such_concept} observed"]})))


def test_concepts_that_use_each_other_in_a_cycle_fail_at_load(tmp_path):
    with pytest.raises(RulesetError, match="cycle"):
        load_ruleset(str(_ruleset_with_concepts(tmp_path, {"a_one": ["{a_two} x"], "a_two": ["{a_one} y"]})))


def _synonyms(concepts: dict, name: str) -> list[str]:
    return [p for p in concepts[name] if not p.startswith("re:") and "{" not in p]


def test_no_concept_phrase_spells_out_a_synonym_of_a_role_or_body():
    """Each role and body synonym is written once; every other phrase refers to it as {name}."""
    data = yaml.safe_load((data_dir("rulesets") / "england-ect-induction.yaml").read_text(encoding="utf-8"))
    concepts, language = data["concepts"], data["language"]
    roles = [*language["definable"], language["reader"]]
    roles += [ref for role in roles for p in concepts[role] for ref in re.findall(r"\{(\w+)\}", p)]
    repeats = []
    for name, phrases in concepts.items():
        for phrase in phrases:
            if phrase.startswith("re:"):
                continue
            words = re.sub(r"\{\w+\}", " | ", phrase).lower().split()
            for role in set(roles) - {name}:
                for synonym in _synonyms(concepts, role):
                    wanted = synonym.lower().split()
                    if any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1)):
                        repeats.append(f"{name}: {phrase!r} spells out {role}: {synonym!r}")
    assert repeats == []


# --- numbers, dates, split evidence ------------------------------------------------------------------

def test_percentages_in_words_and_an_elliptical_second_year():
    text = "ECTs teach ninety per cent of the timetable in the first year and ninety-five per cent in the second."
    assert status(text, "TT-REDUCTION-Y1") == "met"
    assert status(text, "TT-REDUCTION-Y2") == "met"


def test_a_minimum_written_as_never_less_than_a_term():
    text = ("The appropriate body may, with the agreement of the headteacher and the ECT, reduce the induction "
            "period for a teacher with relevant experience, but never to less than a term.")
    assert status(text, "LEN-REDUCTION") == "met"


def test_a_review_date_given_as_a_named_term():
    text = "Approved by the governing body on 10 October 2025.\n\nNext review: Michaelmas Term 2027"
    assert status(text, "DOC-REVIEW-CURRENT") == "met"


def test_a_list_item_takes_its_actor_from_the_lead_in_and_quotes_both():
    text = "The headteacher will:\n\n- register each ECT with the appropriate body before induction starts;"
    finding = findings(text)["ELIG-AB-REGISTRATION"]
    assert finding.status == "met"
    policy = read_text(text, source="<p>")
    assert policy.clauses[-1].kind == "list_item"


def test_a_list_after_a_paragraph_reads_under_its_last_sentence():
    """The steps listed after "... may not meet the Teachers' Standards, the tutor acts at once." are the
    steps for that ECT, though the paragraph ends in a full stop, not a colon; earlier sentences lend nothing."""
    opening = ("# When progress is a concern\n\nMost new teachers thrive here. If the mentor believes an ECT may "
               "not meet the Teachers' Standards, the induction tutor acts at once.\n\n")
    steps = "- A written support plan is drawn up with the ECT, setting out specific targets.\n"
    assert status(opening + steps, "RISK-SUPPORT-PLAN") == "met"
    unrelated = ("# Planning\n\nECTs who may not meet the Teachers' Standards get help. Planning is shared by the "
                 "year group team.\n\n")
    assert status(unrelated + steps, "RISK-SUPPORT-PLAN") != "met"


def test_paragraphs_that_run_on_from_a_colon_read_under_it_as_list_items_would():
    """A list whose bullet glyphs were lost in extraction: each ";" paragraph still reads under the lead-in."""
    text = ("# Concerns\n\nWhere the tutor judges that an ECT may not meet the Teachers' Standards, they act at once:\n\n"
            "a written support plan is agreed, with clear targets;\n\nevidence of progress is recorded; and\n\n"
            "the ECT is observed again.\n\nPlanning is shared with the year group team, with targets for pupils.\n")
    finding = findings(text)["RISK-SUPPORT-PLAN"]
    assert finding.status == "met"
    assert not any("Planning is shared" in e.text for e in finding.evidence)


def test_them_stands_for_the_person_named_first_in_the_sentence_before():
    duty = " We ask them to take part fully in the programme and to gather evidence of their progress."
    assert status("Our early career colleagues are partners in their own induction." + duty, "ROLE-ECT") == "met"
    assert status("Our mentors are experienced teachers who coach ECTs." + duty, "ROLE-ECT") == "missing"
    assert status("Our early career colleagues are partners in their own induction.\n\n" + duty, "ROLE-ECT") == "missing"


def test_a_sentence_that_refers_back_takes_what_it_lacks_from_the_one_before():
    text = ("Both the induction tutor and the mentor have a weekly meeting slot. "
            "Both of them are given protected time to carry out their roles.")
    assert status(text, "TT-TUTOR-MENTOR-TIME") == "met"


# --- who does what, and whether it happens ---------------------------------------------------------

def test_each_deadline_belongs_to_its_own_actor():
    text = ("The headteacher sends the final recommendation to the appropriate body within 10 working days "
            "of the end of induction; the appropriate body then decides within 20.")
    assert status(text, "ASSESS-REPORTS-AB") == "met"
    assert status(text, "ASSESS-FINAL-DECISION") != "conflict"


def test_not_the_school_rules_the_school_out_as_decider():
    text = ("Whether induction has been passed or failed is a decision for the appropriate body and not "
            "for the school.")
    assert status(text, "ROLE-AB") != "conflict"
    assert status(text, "ASSESS-FINAL-DECISION") != "conflict"


def test_a_hypothetical_is_not_a_statement_of_practice():
    text = ("Should the school ever ask an ECT to use their release time for cover, the ECT should tell "
            "the appropriate body.")
    assert status(text, "TT-REDUCTION-USE") != "conflict"
    assert status("Release time may be used for cover when the school is short-staffed.",
                  "TT-REDUCTION-USE") == "conflict"


# --- superseded forms by pattern ---------------------------------------------------------------------

def test_an_nqt_era_induction_in_other_words_is_a_conflict():
    assert status("Induction is completed over three terms.", "LEN-TWO-YEARS") == "conflict"
    assert status("The induction period will last one school year.", "LEN-TWO-YEARS") == "conflict"


def test_a_guidance_title_with_an_old_revision_year_is_a_conflict():
    text = "We follow the statutory guidance on induction, as revised in 2021."
    assert status(text, "DOC-GUIDANCE-CURRENT") == "conflict"


def test_a_question_states_no_practice_and_lends_none_to_its_answer():
    text = ("Can I be asked to cover lessons in my ECT time?\n\n"
            "No. Your ECT time is protected time for your induction: training and mentor meetings.")
    assert status(text, "TT-REDUCTION-USE") == "met"


def test_a_body_named_in_full_is_then_the_and_its_last_word():
    text = ("The Independent Schools Teacher Induction Panel (ISTIP) acts as our appropriate body.\n\n"
            "The Panel then decides whether the ECT has completed induction satisfactorily, should have the "
            "induction period extended, or has failed, and informs the ECT and the school in writing.")
    assert status(text, "ROLE-AB") != "conflict"
    assert status(text, "LEN-EXTENSION-AB") != "conflict"


def test_a_share_of_the_week_in_hours_is_a_percentage():
    text = "In the first year of induction an ECT is released from 2.5 hours of a 25-hour timetable each week."
    assert status(text, "TT-REDUCTION-Y1") == "met"


def test_the_answer_to_a_question_in_the_same_paragraph_leans_on_it():
    text = "Working part-time? Your induction will last longer, in proportion to your hours."
    assert status(text, "LEN-PART-TIME") == "met"


def test_a_body_introduced_after_another_subject_is_not_renamed_as_it():
    """"The appropriate body for ECTs at the school is the Panel" does not make the Panel the school."""
    text = ("The appropriate body for ECTs at the school is the Independent Schools Teacher Induction Panel, "
            "referred to below as IStip or \"the Panel\".\n\n"
            "Only the Panel can extend an induction period. The school cannot extend induction itself.")
    assert status(text, "LEN-EXTENSION-AB") == "met"


def test_a_phrase_written_as_an_expression_matches_across_a_line_break():
    text = "This policy follows the statutory guidance Induction for early\ncareer teachers (England)."
    assert status(text, "DOC-GUIDANCE-CURRENT") == "met"


def test_a_table_rows_first_cell_labels_its_figures():
    text = ("Stage | Who | Timescale\n\n"
            "Appeal against a fail or an extension | The ECT, to the Teaching Regulation Agency | Within 10 working days")
    assert status(text, "APPEAL-TRA") == "conflict"


def test_a_bracket_keeps_its_figure_apart():
    text = ("In the first year ECTs teach no more than ninety per cent of a normal timetable. Your ten per cent "
            "(five per cent in year two) is for your training and mentor meetings.")
    assert status(text, "TT-REDUCTION-Y2") != "conflict"


def test_a_figure_for_the_whole_of_induction_applies_to_both_years():
    text = "Induction lasts two years. ECTs have a 10% reduction in their timetable for the duration of induction."
    assert status(text, "TT-REDUCTION-Y1") == "met"
    assert status(text, "TT-REDUCTION-Y2") == "conflict"


def test_a_year_near_induction_is_not_its_length():
    text = "Induction lasts two years. ECTs who finished induction a year ago often come back to speak to our new ECTs."
    assert status(text, "LEN-TWO-YEARS") == "met"


# --- document control in tables ---------------------------------------------------------------------

def _markdown_findings(tmp_path: Path, text: str) -> dict:
    (tmp_path / "p.md").write_text(text, encoding="utf-8")
    return {f.rule_id: f for f in evaluate(read_document(tmp_path / "p.md"), RULESET, AS_OF).findings}


def test_a_version_table_dates_its_approval_under_a_plain_date_column(tmp_path: Path) -> None:
    table = ("# Version control\n\n| Version | Date | Summary of changes | Approved by |\n| --- | --- | --- | --- |\n"
             "| 1.0 | September 2023 | First issue | Governing Body |\n| 2.0 | September 2025 | Revised guidance | Governing Body |\n")
    found = _markdown_findings(tmp_path, table)
    assert found["DOC-APPROVAL"].status == "met"
    assert any("September 2025" in e.text for e in found["DOC-APPROVAL"].evidence)


def test_a_date_column_takes_the_heading_no_other_dated_column_claims(tmp_path: Path) -> None:
    table = "| Date | Approved by | Next review |\n| --- | --- | --- |\n| March 2024 | Governing Body | March 2027 |\n"
    found = _markdown_findings(tmp_path, table)
    assert found["DOC-REVIEW-CURRENT"].status == "met"  # the review column has its own heading
    assert found["DOC-APPROVAL"].status == "met"  # so "Date" is the approval's


def test_a_date_column_under_two_unclaimed_dated_headings_is_not_guessed(tmp_path: Path) -> None:
    table = "| Date | Approved | Last reviewed | By |\n| --- | --- | --- | --- |\n| March 2024 | yes | yes | Governing Body |\n"
    assert _markdown_findings(tmp_path, table)["DOC-APPROVAL"].status != "met"


# --- run-in labels ----------------------------------------------------------------------------------

def test_a_run_in_label_lends_its_subject_to_the_sentences_after_it() -> None:
    text = ("Formal assessments. There are two: one at the end of your first year, and one at the end of your "
            "second year, which is the end of induction.")
    assert status(text, "ASSESS-FORMAL") == "met"
    assert status("There are two: one at the end of your first year, and one at the end of your second year.",
                  "ASSESS-FORMAL") == "missing"


def test_a_date_alone_on_its_line_takes_the_label_on_the_line_above() -> None:
    text = "Document control\n\nDate approved\n\n14 October 2025\n\nApproved by\n\nGoverning Board\n\nNext review due\n\nOctober 2027\n"
    found = findings(text)
    assert found["DOC-REVIEW-CURRENT"].status == "met"
    assert any("October 2027" in e.text for e in found["DOC-REVIEW-CURRENT"].evidence)
    assert found["DOC-REVIEW-DATE"].status == "met"


# --- amendments ---------------------------------------------------------------------------------------

def test_a_paragraph_an_amendment_withdraws_counts_neither_for_nor_against() -> None:
    body = ("5.4 Occasionally, where staff absence leaves no alternative, an ECT may be asked to cover a class "
            "during their release time.\n\n")
    assert status(body, "TT-REDUCTION-USE") == "conflict"
    amended = body + "A5. Protected release time. Paragraph 5.4 is withdrawn. ECT release time is never used for cover.\n"
    assert status(amended, "TT-REDUCTION-USE") != "conflict"


def test_a_contraction_matches_the_phrase_written_in_full() -> None:
    from policy_check.engine.nlp import stem

    assert [stem(w) for w in ("n't", "n\u2019t", "'re", "'ll")] == ["not", "not", "are", "will"]
    assert stem("'s") == "'s"  # a possessive as often as "is"
    assert status("If an ECT is not on track, the headteacher informs the appropriate body.", "RISK-INFORM-AB") == "met"
    assert status("If an ECT isn't on track, the headteacher informs the appropriate body.", "RISK-INFORM-AB") == "met"


def test_a_frequency_word_is_not_the_period_it_is_named_after():
    """'Weekly' is how often; 'the first week' is when. A stemmer folds the one into the other."""
    appointed = "Every ECT is appointed a mentor. "
    assert status(appointed + "The mentor meets the ECT weekly to review progress.", "ROLE-MENTOR") == "met"
    assert status(appointed + "The mentor shows the ECT round in the first week of term.", "ROLE-MENTOR") == "partial"


def test_being_appointed_a_mentor_gives_the_ect_one_and_names_nobody():
    names = defined_names(read_text("Every ECT is appointed a mentor. Ms Khan is appointed as mentor.", source="<policy>"),
                          RULESET)
    assert [(n["name"], n["refers_to"]) for n in names if n["how"] == "designation"] == [("Ms Khan", "mentor")]


def test_words_a_stemmer_would_fold_into_another_word_stay_whole():
    """Inflections match ("informs", "informed"); a different word does not ("informal" feedback is no
    notification, a lead "provider" is no report "provided")."""
    from policy_check.engine.nlp import stem

    assert stem("informs") == stem("informed") == stem("inform")
    assert stem("informal") != stem("inform") and stem("information") != stem("inform")
    assert stem("provided") == stem("provide") != stem("provider")
    assert stem("weekly") != stem("week")
    assert stem("boarding") != stem("board")  # boarding duties, not the trust board
