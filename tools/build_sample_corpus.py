# ruff: noqa: E501  (the specs quote whole Arabic sentences)
"""Write the sample corpus's annotation sets (ann1, ann2, gold) from the specs below.

Each span is given by a context string in which ``[[...]]`` marks the span; the context must
occur exactly once in the text, so a span's offsets are found, never typed. Gold is the careful
annotation following docs/guidelines.md; ann1 and ann2 are that annotation with the kinds of
differences real annotators produce (boundaries, a label, a missed claim, attributes, a link).
Gold provenance is computed from the two sets. Run from the repository root:

    python tools/build_sample_corpus.py
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from annotator.model import AnnotationSet, Provenance
from annotator.store.project import Project

ROOT = Path(__file__).resolve().parents[1] / "sample_corpus"
DOC = "xinhua-deir-ezzor"

# key, label, attributes, context with [[span]]
GOLD: list[tuple[str, str, dict[str, str], str]] = [
    # 1: US strikes, according to state media and SOHR
    ("a_us1", "ACTOR", {"kind": "state_forces"}, "قصفت [[القوات الأمريكية]] الموجودة"),
    ("l_syria1", "LOCATION", {"kind": "country"}, "الموجودة في [[سوريا]] يوم الأربعاء مستودعات"),
    (
        "a_fighters1",
        "ACTOR",
        {"kind": "armed_group"},
        "تدريب [[للمقاتلين الموالين لإيران]]، بعد تعرض",
    ),
    ("a_iran1", "ACTOR", {"kind": "government"}, "للمقاتلين الموالين ل[[إيران]]، بعد تعرض"),
    ("a_us2", "ACTOR", {"kind": "state_forces"}, "تابعتين [[للقوات الأمريكية]] في دير الزور للقصف"),
    ("l_deir1", "LOCATION", {"kind": "region"}, "في [[دير الزور]] للقصف"),
    ("a_media1", "ACTOR", {"kind": "media"}, "بحسب [[الإعلام الرسمي السوري]]"),
    ("a_sohr1", "ACTOR", {"kind": "monitor_ngo"}, "السوري، و[[المرصد السوري لحقوق الإنسان]].\n"),
    (
        "c1",
        "CLAIM",
        {"stance": "asserted"},
        "[[قصفت القوات الأمريكية الموجودة في سوريا يوم الأربعاء مستودعات أسلحة ومعسكرات تدريب للمقاتلين الموالين لإيران، بعد تعرض قاعدتين عسكريتين تابعتين للقوات الأمريكية في دير الزور للقصف]]، بحسب",
    ),
    # 2: SANA reports the attack on the bases
    ("a_sana_full", "ACTOR", {"kind": "media"}, "وأفادت [[وكالة الأنباء السورية]] (سانا)"),
    ("a_sana1", "ACTOR", {"kind": "media"}, "السورية ([[سانا]]) يوم الأربعاء بتعرض"),
    ("a_us3", "ACTOR", {"kind": "state_forces"}, "العسكريتين [[للقوات الأمريكية]] في حقلي"),
    ("l_omar", "LOCATION", {"kind": "site"}, "حقلي [[العمر]] وكونيكو"),
    ("l_conoco", "LOCATION", {"kind": "site"}, "العمر و[[كونيكو]] النفطيين"),
    ("l_rif1", "LOCATION", {"kind": "region"}, "النفطيين ب[[ريف دير الزور]] (شرق سوريا) لهجوم"),
    ("l_east1", "LOCATION", {"kind": "region"}, "دير الزور ([[شرق سوريا]]) لهجوم"),
    ("w_shells1", "WEAPON", {"kind": "missile_rocket"}, "لهجوم ب[[القذائف الصاروخية]]."),
    (
        "c2",
        "CLAIM",
        {"stance": "asserted"},
        "ب[[تعرض القاعدتين العسكريتين للقوات الأمريكية في حقلي العمر وكونيكو النفطيين بريف دير الزور (شرق سوريا) لهجوم بالقذائف الصاروخية]].",
    ),
    # 3: SANA relays local sources
    ("a_sana2", "ACTOR", {"kind": "media"}, "ونقلت وكالة ([[سانا]]) الرسمية عن"),
    ("a_locals", "ACTOR", {"kind": "other"}, "عن [[مصادر أهلية]] قولها"),
    ("w_shells2", "WEAPON", {"kind": "missile_rocket"}, "عدة [[قذائف صاروخية]] سقطت"),
    ("a_us4", "ACTOR", {"kind": "state_forces"}, "العسكريتين [[للقوات الأمريكية]] حيث شوهد"),
    (
        "c3",
        "CLAIM",
        {"stance": "reported"},
        "بأن [[عدة قذائف صاروخية سقطت اليوم داخل القاعدتين العسكريتين للقوات الأمريكية حيث شوهد تصاعد أعمدة الدخان من المكان]].",
    ),
    # 4
    ("a_sources", "ACTOR", {"kind": "other"}, "وأشارت [[المصادر]] إلى"),
    ("a_us5", "ACTOR", {"kind": "state_forces"}, "إلى أن [[القوات الأمريكية]] أغلقت"),
    ("a_us6", "ACTOR", {"kind": "state_forces"}, "في صفوف [[القوات الأمريكية]] وسط تحليق"),
    ("w_aviation", "WEAPON", {"kind": "aircraft"}, "مكثف [[للطيران الأمريكي]] في أجواء"),
    ("c4", "CLAIM", {"stance": "asserted"}, "إلى أن [[القوات الأمريكية أغلقت المنطقة]] ولم يعرف"),
    # 5
    ("a_sana3", "ACTOR", {"kind": "media"}, "ولم تحدد وكالة ([[سانا]]) الجهة"),
    ("l_rif2", "LOCATION", {"kind": "region"}, "الأمريكيتين في [[ريف دير الزور]]."),
    # 6
    ("a_us7", "ACTOR", {"kind": "state_forces"}, "عقب قيام [[القوات الأمريكية]] بشن"),
    (
        "a_mil1",
        "ACTOR",
        {"kind": "armed_group"},
        "على مواقع ل[[ميليشيات موالية لإيران]] في محافظة دير الزور(شرق",
    ),
    (
        "a_iran2",
        "ACTOR",
        {"kind": "government"},
        "لميليشيات موالية ل[[إيران]] في محافظة دير الزور(شرق",
    ),
    ("l_prov1", "LOCATION", {"kind": "region"}, "في [[محافظة دير الزور]](شرق سوريا)"),
    ("l_east2", "LOCATION", {"kind": "region"}, "دير الزور([[شرق سوريا]])، وفقا"),
    ("a_sohr2", "ACTOR", {"kind": "monitor_ngo"}, "وفقا [[للمرصد السوري لحقوق الإنسان]]."),
    (
        "c5",
        "CLAIM",
        {"stance": "asserted"},
        "و[[يأتي هذا الهجوم عقب قيام القوات الأمريكية بشن سلسلة ضربات جوية على مواقع لميليشيات موالية لإيران في محافظة دير الزور(شرق سوريا)]]، وفقا",
    ),
    # 7
    ("a_sohr3", "ACTOR", {"kind": "monitor_ngo"}, "وكان [[المرصد السوري لحقوق الإنسان]] ومقره"),
    ("l_london", "LOCATION", {"kind": "city"}, "ومقره [[لندن]] أفاد"),
    (
        "a_mil2",
        "ACTOR",
        {"kind": "armed_group"},
        "مواقع ل[[ميليشيات موالية لإيران]] في محافظة دير الزور.\n",
    ),
    ("a_iran3", "ACTOR", {"kind": "government"}, "موالية ل[[إيران]] في محافظة دير الزور.\n"),
    ("l_prov2", "LOCATION", {"kind": "region"}, "في [[محافظة دير الزور]].\nوقال"),
    (
        "c6",
        "CLAIM",
        {"stance": "asserted"},
        "بأن [[ستة مقاتلين قتلوا خلال الضربات الأمريكية التي استهدفت مواقع لميليشيات موالية لإيران في محافظة دير الزور]].",
    ),
    # 8
    ("a_sohr4", "ACTOR", {"kind": "monitor_ngo"}, "وقال [[المرصد السوري لحقوق الإنسان]] الذي"),
    (
        "a_fighters2",
        "ACTOR",
        {"kind": "armed_group"},
        "تدريب [[للمقاتلين الموالين لإيران]] استهدفت",
    ),
    ("a_iran4", "ACTOR", {"kind": "government"}, "الموالين ل[[إيران]] استهدفت"),
    ("w_drone1", "WEAPON", {"kind": "drone"}, "هجوم ب[[طائرة مسيرة]] على قاعدة"),
    ("l_tanf1", "LOCATION", {"kind": "site"}, "على [[قاعدة التنف]] الأمريكية"),
    ("l_se", "LOCATION", {"kind": "region"}, "في [[جنوب شرق سوريا]] قبل أيام"),
    (
        "c7",
        "CLAIM",
        {"stance": "asserted"},
        "إن [[مستودعات أسلحة ومعسكرات تدريب للمقاتلين الموالين لإيران استهدفت في الضربات الأمريكية التي وقعت فجر الأربعاء، ردا على هجوم بطائرة مسيرة على قاعدة التنف الأمريكية في جنوب شرق سوريا قبل أيام]].",
    ),
    # 9
    ("a_sohr5", "ACTOR", {"kind": "monitor_ngo"}, "وأضاف [[المرصد السوري]] إن"),
    ("a_us8", "ACTOR", {"kind": "state_forces"}, "إن [[القوات الأمريكية]] في التنف،"),
    ("l_tanf2", "LOCATION", {"kind": "site"}, "الأمريكية في [[التنف]]، بعد"),
    ("w_ammo", "WEAPON", {"kind": "small_arms"}, "تدريبات ب[[الذخيرة الحية]] في القاعدة"),
    ("a_mil3", "ACTOR", {"kind": "armed_group"}, "أن [[الميليشيات الموالية لإيران]] لم ترد"),
    ("a_iran5", "ACTOR", {"kind": "government"}, "الميليشيات الموالية ل[[إيران]] لم ترد"),
    ("l_deir2", "LOCATION", {"kind": "region"}, "القواعد الأمريكية في [[دير الزور]].\nكما"),
    (
        "c8",
        "CLAIM",
        {"stance": "asserted"},
        "إن [[القوات الأمريكية في التنف، بعد هجوم الأربعاء الماضي، في حالة تأهب ونفذت تدريبات بالذخيرة الحية في القاعدة وقواعد أمريكية أخرى في المناطق الشرقية والشمالية الشرقية]]، مؤكدا",
    ),
    (
        "c9",
        "CLAIM",
        {"stance": "asserted"},
        "مؤكدا أن [[الميليشيات الموالية لإيران لم ترد بعد وسط تقارير أنهم وجهوا أسلحتهم نحو القواعد الأمريكية في دير الزور]].",
    ),
    # 10
    ("a_sohr6", "ACTOR", {"kind": "monitor_ngo"}, "كما أفاد [[المرصد السوري]] بسماع"),
    ("l_mayadin", "LOCATION", {"kind": "city"}, "منطقة [[الميادين]] شرقي"),
    ("l_deircity", "LOCATION", {"kind": "city"}, "شرقي مدينة [[دير الزور]] بالتزامن"),
    ("w_jets", "WEAPON", {"kind": "aircraft"}, "تحليق [[طائرات حربية]] وسماع"),
    ("w_aa", "WEAPON", {"kind": "artillery"}, "أصوات [[مضادات أرضية]] تحاول"),
    ("w_planes", "WEAPON", {"kind": "aircraft"}, "التصدي [[للطائرات]] التي يرجح"),
    ("a_coalition", "ACTOR", {"kind": "state_forces"}, "تابعة [[للتحالف الدولي]] بقيادة"),
    ("a_usa1", "ACTOR", {"kind": "government"}, "بقيادة [[الولايات المتحدة الأمريكية]].\nوقالت"),
    (
        "c10",
        "CLAIM",
        {"stance": "asserted"},
        "ب[[سماع دوي انفجارات تهز منطقة الميادين شرقي مدينة دير الزور بالتزامن مع تحليق طائرات حربية وسماع أصوات مضادات أرضية تحاول التصدي للطائرات التي يرجح أنها تابعة للتحالف الدولي بقيادة الولايات المتحدة الأمريكية]].",
    ),
    # 11: CENTCOM
    (
        "a_centcom1",
        "ACTOR",
        {"kind": "state_forces"},
        "وقالت [[القيادة المركزية الأمريكية]] في وقت",
    ),
    ("a_army1", "ACTOR", {"kind": "state_forces"}, "نفذها [[الجيش الأمريكي]] استهدفت"),
    (
        "a_groups1",
        "ACTOR",
        {"kind": "armed_group"},
        "استهدفت [[الجماعات المدعومة من قبل إيران]] في دير الزور.\nوذكر",
    ),
    ("a_iran6", "ACTOR", {"kind": "government"}, "من قبل [[إيران]] في دير الزور.\nوذكر"),
    ("l_deir3", "LOCATION", {"kind": "region"}, "إيران في [[دير الزور]].\nوذكر"),
    (
        "c11",
        "CLAIM",
        {"stance": "asserted"},
        "إن [[الضربات الجوية التي نفذها الجيش الأمريكي استهدفت الجماعات المدعومة من قبل إيران في دير الزور]].",
    ),
    # 12: the CENTCOM spokesman
    ("a_joe", "ACTOR", {"kind": "person"}, "الكولونيل [[جو بوتشينو]]،"),
    ("a_centcom2", "ACTOR", {"kind": "state_forces"}, "باسم [[القيادة المركزية الأمريكية]]، أن"),
    (
        "a_groups2",
        "ACTOR",
        {"kind": "armed_group"},
        "تستخدمها [[الجماعات التابعة للحرس الثوري الإسلامي الإيراني]]”",
    ),
    ("a_irgc", "ACTOR", {"kind": "state_forces"}, "التابعة [[للحرس الثوري الإسلامي الإيراني]]”"),
    (
        "c12",
        "CLAIM",
        {"stance": "asserted"},
        "أن [[الضربات استهدفت “منشآت البنية التحتية التي تستخدمها الجماعات التابعة للحرس الثوري الإسلامي الإيراني”]].",
    ),
    # 13: Iran's foreign ministry denies
    ("a_mfa", "ACTOR", {"kind": "government"}, "ونفت [[وزارة الخارجية الإيرانية]] أي"),
    ("a_groups3", "ACTOR", {"kind": "armed_group"}, "وبين [[المجموعات]] التي"),
    ("a_usa2", "ACTOR", {"kind": "government"}, "استهدفت [[الولايات المتحدة الأمريكية]]، معبرة"),
    ("a_damascus", "ACTOR", {"kind": "government"}, "لسيادة [[دمشق]]، وفق"),
    (
        "c13",
        "CLAIM",
        {"stance": "denied"},
        "الإيرانية [[أي رابط بينها وبين المجموعات التي استهدفت الولايات المتحدة الأمريكية]]، معبرة",
    ),
    (
        "c14",
        "CLAIM",
        {"stance": "asserted"},
        "إدانتها ل[[هذه الضربات التي تشكل “انتهاكا” لسيادة دمشق]]، وفق",
    ),
    # 14: the Pentagon
    ("a_pentagon", "ACTOR", {"kind": "government"}, "أكد [[البنتاغون]] في إفادة"),
    ("a_washington", "ACTOR", {"kind": "government"}, "أن [[واشنطن]] على علم"),
    ("l_syria2", "LOCATION", {"kind": "country"}, "جديد في [[سوريا]]، بعد إعلان"),
    ("a_army2", "ACTOR", {"kind": "state_forces"}, "إعلان [[الجيش الأمريكي]] عن سلسلة"),
    (
        "a_groups4",
        "ACTOR",
        {"kind": "armed_group"},
        "تستخدمها [[الجماعات المتحالفة مع إيران]] في سوريا.\nويشار",
    ),
    ("a_iran7", "ACTOR", {"kind": "government"}, "المتحالفة مع [[إيران]] في سوريا.\nويشار"),
    ("l_syria3", "LOCATION", {"kind": "country"}, "مع إيران في [[سوريا]].\nويشار"),
    (
        "c15",
        "CLAIM",
        {"stance": "asserted"},
        "أن [[واشنطن على علم بالتقارير عن تبادل إطلاق نار جديد في سوريا]]، بعد",
    ),
    # 15
    ("a_soldiers", "ACTOR", {"kind": "state_forces"}, "المئات من [[الجنود الأمريكيين]] ينتشرون"),
    ("l_ne", "LOCATION", {"kind": "region"}, "ينتشرون في [[شمال شرق سوريا]] في إطار"),
    ("a_isis", "ACTOR", {"kind": "armed_group"}, "عناصر [[تنظيم “داعش”]]، حسب"),
    (
        "c16",
        "CLAIM",
        {"stance": "asserted"},
        "تحالف [[هدفه محاربة ما تبقى من عناصر تنظيم “داعش”]]، حسب زعمهم",
    ),
    # 16
    ("a_syria_gov", "ACTOR", {"kind": "government"}, "وتطالب [[سوريا]] بخروج"),
    ("a_us9", "ACTOR", {"kind": "state_forces"}, "بخروج [[القوات الأمريكية]] من أراضيها"),
    ("c17", "CLAIM", {"stance": "asserted"}, "وتعتبر [[وجودها بأنه غير شرعي]]."),
    # 17
    ("a_xinhua", "ACTOR", {"kind": "media"}, "المصدر: [[شينخوا]]"),
]

GOLD_SOURCES: list[tuple[str, str]] = [
    ("c1", "a_media1"),
    ("c1", "a_sohr1"),
    ("c2", "a_sana_full"),
    ("c3", "a_locals"),
    ("c4", "a_sources"),
    ("c5", "a_sohr2"),
    ("c6", "a_sohr3"),
    ("c7", "a_sohr4"),
    ("c8", "a_sohr5"),
    ("c9", "a_sohr5"),
    ("c10", "a_sohr6"),
    ("c11", "a_centcom1"),
    ("c12", "a_joe"),
    ("c13", "a_mfa"),
    ("c14", "a_mfa"),
    ("c15", "a_pentagon"),
    ("c16", "a_soldiers"),
    ("c17", "a_syria_gov"),
]

# How each annotator's set differs from gold: replace a span (None removes it), add spans,
# change attributes, relink a claim.
ANN1_CHANGES = {
    "replace": {
        "a_joe": ("ACTOR", {"kind": "person"}, "وذكر [[الكولونيل جو بوتشينو]]،"),
        "c4": (
            "CLAIM",
            {"stance": "asserted"},
            "إلى أن [[القوات الأمريكية أغلقت المنطقة ولم يعرف فيما إذا خلف الهجوم إصابات أو قتلى في صفوف القوات الأمريكية وسط تحليق مكثف للطيران الأمريكي في أجواء المنطقة]].",
        ),
        "a_sana_full": ("ACTOR", {"kind": "media"}, "وأفادت [[وكالة الأنباء السورية (سانا)]] يوم"),
        "a_sana1": None,
        "a_damascus": None,
        "c3": ("CLAIM", {"stance": "asserted"}, None),
        "a_centcom1": ("ACTOR", {"kind": "government"}, None),
    },
    "add": [
        (
            "x_weapons",
            "WEAPON",
            {"kind": "other"},
            "مستودعات [[أسلحة]] ومعسكرات تدريب للمقاتلين الموالين لإيران، بعد",
        ),
        (
            "x_regions",
            "LOCATION",
            {"kind": "region"},
            "في [[المناطق الشرقية والشمالية الشرقية]]، مؤكدا",
        ),
    ],
    "relink": {},
}
ANN2_CHANGES = {
    "replace": {
        "a_us1": (
            "ACTOR",
            {"kind": "state_forces"},
            "قصفت [[القوات الأمريكية الموجودة في سوريا]] يوم",
        ),
        "a_washington": ("LOCATION", {"kind": "city"}, None),
        "c14": None,
        "l_omar": ("LOCATION", {"kind": "site"}, "[[حقلي العمر]] وكونيكو"),
        "a_isis": ("ACTOR", {"kind": "armed_group"}, "تنظيم “[[داعش]]”، حسب"),
        "a_pentagon": ("ACTOR", {"kind": "state_forces"}, None),
        "w_planes": None,
        "c12": (
            "CLAIM",
            {"stance": "asserted"},
            "“[[منشآت البنية التحتية التي تستخدمها الجماعات التابعة للحرس الثوري الإسلامي الإيراني]]”",
        ),
        "l_deircity": ("LOCATION", {"kind": "city"}, "شرقي [[مدينة دير الزور]] بالتزامن"),
    },
    "add": [],
    "relink": {"c3": "a_sana2"},
}

# The same mention has the same id in every set (annotators work in reading order), so the
# sets diff line by line.
SPAN_IDS = {
    key: f"s{n}"
    for n, key in enumerate(
        [k for k, *_ in GOLD] + [k for k, *_ in ANN1_CHANGES["add"] + ANN2_CHANGES["add"]], 1
    )
}

UPDATED = {
    "ann1": datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
    "ann2": datetime(2026, 11, 21, 16, 40, tzinfo=UTC),
    "gold": datetime(2026, 11, 24, 9, 5, tzinfo=UTC),
}


def locate(text: str, context: str) -> tuple[int, int]:
    before, rest = context.split("[[", 1)
    inner, after = rest.split("]]", 1)
    plain = before + inner + after
    first = text.find(plain)
    if first < 0 or text.find(plain, first + 1) >= 0:
        raise SystemExit(f"context must occur exactly once: {context!r}")
    start = first + len(before)
    return start, start + len(inner)


def build(
    project: Project,
    annotator: str,
    specs: list[tuple[str, str, dict[str, str], str]],
    sources: list[tuple[str, str]],
) -> tuple[AnnotationSet, dict[str, str]]:
    document = project.document(DOC)
    aset = AnnotationSet(document, annotator)
    ids: dict[str, str] = {}
    for key, label, attributes, context in specs:
        start, end = locate(document.text, context)
        aset, span = aset.add_span(
            project.schema, label, start, end, attributes=attributes, span_id=SPAN_IDS[key]
        )
        ids[key] = span.id
    for claim, actor in sources:
        if claim in ids and actor in ids:
            aset, _ = aset.add_relation(project.schema, "source", ids[claim], ids[actor])
    return aset, ids


def variant(changes: dict) -> tuple[list, list[tuple[str, str]]]:
    specs = []
    for key, label, attributes, context in GOLD:
        if key in changes["replace"]:
            new = changes["replace"][key]
            if new is None:
                continue
            label, attributes, new_context = new
            context = new_context or context
        specs.append((key, label, attributes, context))
    specs.extend(changes["add"])
    sources = [(c, changes["relink"].get(c, a)) for c, a in GOLD_SOURCES]
    return specs, sources


def main() -> None:
    project = Project.open(ROOT)
    sets = {}
    for name, changes in (("ann1", ANN1_CHANGES), ("ann2", ANN2_CHANGES)):
        specs, sources = variant(changes)
        aset, _ = build(project, name, specs, sources)
        sets[name] = aset.with_status("done").touched(UPDATED[name])
        project.save_set(sets[name])
    gold, _ = build(project, "adjudicator", GOLD, GOLD_SOURCES)
    for span in gold.spans:
        agreed = tuple(
            name for name, aset in sets.items() if aset.find(span.start, span.end, span.label)
        )
        same = [aset.find(span.start, span.end, span.label) for aset in sets.values()]
        edited = not any(s is not None and s.attributes == span.attributes for s in same)
        gold = gold.change_span(project.schema, span.id, provenance=Provenance(agreed, edited))
    gold = gold.with_status("done").with_adjudicated_from(sets).touched(UPDATED["gold"])
    project.save_gold(gold)
    # A second document in progress, so the corpus shows every status.
    started = AnnotationSet(project.document("damascus-quotes"), "ann1")
    text = started.document.text
    for label, attributes, context in (
        ("ACTOR", {"kind": "government"}, "قال [[وزير الخارجية السوري]] في"),
        ("ACTOR", {"kind": "media"}, "دمشق «[[سانا]]» —"),
        ("LOCATION", {"kind": "city"}, "[[دمشق]] «سانا»"),
    ):
        start, end = locate(text, context)
        started, _ = started.add_span(project.schema, label, start, end, attributes=attributes)
    project.save_set(started.touched(UPDATED["ann1"]))
    for name, aset in (*sets.items(), ("gold", gold)):
        print(f"{name}: {len(aset.spans)} spans, {len(aset.relations)} relations")


if __name__ == "__main__":
    main()
