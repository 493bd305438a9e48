"""Score a run's tables against hand annotation in the gold format (see tests/data/gold/README.md).

Matching follows the gold README: texts are compared after Unicode normalisation, apostrophe,
accent and case folding; a predicted quote, date or claim matches a gold one when their word
multisets have a Dice coefficient of at least 0.5 (greedy one-to-one); a speaker or actor
matches when the predicted canonical name equals the gold name or one of its aliases.
Optional gold items are neither required nor penalised.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

WORD = re.compile(r"\w+")
APOSTROPHES = dict.fromkeys(map(ord, "’‘`´ʼ"), "'")


def fold(text: str | None) -> str:
    """Unicode, apostrophe, accent and case folding, spaces collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(APOSTROPHES)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def words(text: str | None) -> Counter:
    return Counter(WORD.findall(fold(text)))


def dice(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def greedy_pairs(gold: list, predicted: list, score) -> list[tuple[int, int, float]]:
    """One-to-one pairs, best scores first, among those scoring at least 0.5."""
    candidates = []
    for g, gold_item in enumerate(gold):
        for p, predicted_item in enumerate(predicted):
            value = score(gold_item, predicted_item)
            if value >= 0.5:
                candidates.append((-value, g, p))
    taken_gold, taken_predicted, pairs = set(), set(), []
    for negative, g, p in sorted(candidates):
        if g not in taken_gold and p not in taken_predicted:
            taken_gold.add(g)
            taken_predicted.add(p)
            pairs.append((g, p, -negative))
    return pairs


@dataclass
class Tally:
    """True positives, false positives and false negatives, with the examples behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    checks: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    classes: Counter = field(default_factory=Counter)  # error class -> count (`veille eval --show-errors`)

    def check(self, name: str, ok: bool, example: str = "", error_class: str = "") -> None:
        self.checks[name][0] += int(ok)
        self.checks[name][1] += 1
        if not ok and example:
            self.wrong.append(f"{name}: {example}")
        if not ok and error_class:
            self.classes[error_class] += 1

    def scores(self) -> dict:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                  "tp": self.tp, "fp": self.fp, "fn": self.fn}
        for name, (right, total) in sorted(self.checks.items()):
            result[f"{name}_accuracy"] = round(right / total, 4) if total else 1.0
            result[f"{name}_checked"] = total
        result["misses"], result["extras"], result["wrong"] = self.misses, self.extras, self.wrong
        result["error_classes"] = dict(sorted(self.classes.items(), key=lambda kv: (-kv[1], kv[0])))
        return result


def load_gold(path: Path) -> list[dict]:
    files = sorted(Path(path).glob("*.jsonl")) if Path(path).is_dir() else [Path(path)]
    articles = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                articles.append(json.loads(line))
    return articles


def _read(output: Path, name: str) -> list[dict]:
    with open(Path(output) / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _group(rows: list[dict]) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["doc_id"]].append(row)
    return grouped


def _doc_for(article: dict, documents: list[dict]) -> str | None:
    """The doc_id of a gold article: same file stem, or same file name."""
    stem, name = article.get("id", ""), article.get("file", "")
    for document in documents:
        doc_id, source = document["doc_id"], document["source"]
        if doc_id.rsplit("/", 1)[-1] == stem or source.rsplit("/", 1)[-1] == name:
            return doc_id
    return None


GOLD_KEYS = {"dedup": ("duplicates", "unique_paragraphs"), "headings": ("headings",), "actors": ("actors",),
             "quotes": ("quotes",), "dates": ("dates",), "claims": ("claims",)}


def annotated_tables(article: dict) -> set[str]:
    """The tables a gold article annotates: a key left out (a dates-only corpus such as the French
    TimeBank) is not annotated, so its predictions are not counted as false positives; an empty
    list is annotated and says there is nothing to find."""
    return {name for name, keys in GOLD_KEYS.items() if any(key in article for key in keys)}


def evaluate(gold_path: Path, output: Path) -> dict:
    gold = load_gold(gold_path)
    documents = _read(output, "documents")
    tables = {name: _group(_read(output, name))
              for name in ("paragraphs", "mentions", "quotes", "claims", "dates")}
    actor_rows = {row["actor_id"]: row for row in _read(output, "actors")}
    tallies = {name: Tally() for name in ("dedup", "headings", "actors", "quotes", "dates", "claims")}
    missing, counted = [], Counter()
    for article in gold:
        doc_id = _doc_for(article, documents)
        if doc_id is None:
            missing.append(article.get("id", "?"))
        rows = {name: table.get(doc_id, []) for name, table in tables.items()}
        label = article.get("id", "?")
        aliases = _alias_table(article)
        annotated = annotated_tables(article)
        counted.update(annotated)
        if "dedup" in annotated:
            _score_dedup(article, rows["paragraphs"], tallies["dedup"], tallies["headings"], label)
        if "actors" in annotated:
            _score_actors(article, rows["mentions"], actor_rows, tallies["actors"], label)
        if "quotes" in annotated:
            _score_quotes(article, rows["quotes"], aliases, tallies["quotes"], label)
        if "dates" in annotated:
            _score_dates(article, rows["dates"], tallies["dates"], label)
        if "claims" in annotated:
            _score_claims(article, rows["claims"], aliases, tallies["claims"], label)
    result = {name: {**tally.scores(), "annotated_articles": counted[name]} for name, tally in tallies.items()}
    result["articles"] = len(gold)
    result["missing_documents"] = missing
    result["found_documents"] = len(gold) - len(missing)
    return result


def pairing_problem(result: dict, gold_path: Path, output: Path) -> str:
    """Why the scores mean nothing, or "": no gold article at all, or none of them in the run.

    Scoring a run of other documents gives F1 0.000 on every table, which reads like a broken
    pipeline; it is a gold set paired with the wrong corpus, and is said so.
    """
    if not result["articles"]:
        return f"no gold article in {gold_path}"
    if result["found_documents"]:
        return ""
    missing = result["missing_documents"]
    shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
    return (f"none of the {result['articles']} gold article(s) of {gold_path} is in "
            f"{Path(output) / 'documents.csv'} (missing: {shown}); score a run of the corpus the gold "
            "annotates, e.g. `veille run tests/data/corpus -o /tmp/x && veille eval tests/data/gold /tmp/x`")


def _alias_table(article: dict) -> dict[str, set[str]]:
    """Folded gold actor name -> every folded name that counts as that actor."""
    table = {}
    for actor in article.get("actors", []):
        names = {fold(actor["name"])} | {fold(alias) for alias in actor.get("aliases", [])}
        table[fold(actor["name"])] = names
    return table


def _same_actor(predicted: str, gold_names: list[str | None], aliases: dict[str, set[str]]) -> bool:
    predicted = fold(predicted)
    for name in gold_names:
        if name is None:
            continue
        if predicted == fold(name) or predicted in aliases.get(fold(name), set()):
            return True
    return False


def _tally_matches(tally, gold_items, predicted, pairs, label, show_gold, show_predicted, classify=None):
    """`classify(item, missed)`: the error class of a gold item missed or a predicted one extra."""
    matched_gold = {g for g, _, _ in pairs}
    matched_predicted = {p for _, p, _ in pairs}
    for g, item in enumerate(gold_items):
        if g in matched_gold:
            if not item.get("optional"):
                tally.tp += 1
        elif not item.get("optional"):
            tally.fn += 1
            tally.misses.append(f"{label}: {show_gold(item)}")
            if classify:
                tally.classes[classify(item, True)] += 1
    for p, item in enumerate(predicted):
        if p not in matched_predicted:
            tally.fp += 1
            tally.extras.append(f"{label}: {show_predicted(item)}")
            if classify:
                tally.classes[classify(item, False)] += 1


def _short(text: str, size: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _score_dedup(article, paragraphs, dedup: Tally, headings: Tally, label) -> None:
    repeats = [row for row in paragraphs if row["duplicate_of"]]
    gold = [{"text": opening} for opening in article.get("duplicates", [])]
    pairs = greedy_pairs(gold, repeats,
                         lambda g, p: 1.0 if fold(p["text"]).startswith(fold(g["text"])) else 0.0)
    _tally_matches(dedup, gold, repeats, pairs, label, lambda g: _short(g["text"]),
                   lambda p: _short(p["text"]))
    if "unique_paragraphs" in article:
        unique = sum(1 for row in paragraphs if not row["duplicate_of"])
        dedup.check("unique_paragraphs", unique == article["unique_paragraphs"],
                    f"{label}: {unique} unique paragraphs, gold {article['unique_paragraphs']}")
    if "headings" in article:
        predicted = [row for row in paragraphs if row["kind"] == "heading" and not row["duplicate_of"]]
        gold_headings = [{"text": text} for text in article["headings"]]
        pairs = greedy_pairs(gold_headings, predicted,
                             lambda g, p: 1.0 if fold(g["text"]) == fold(p["text"]) else 0.0)
        _tally_matches(headings, gold_headings, predicted, pairs, label,
                       lambda g: g["text"], lambda p: p["text"])


def _score_actors(article, mentions, actor_rows, tally: Tally, label) -> None:
    by_actor = defaultdict(list)
    for mention in mentions:
        if mention["actor_id"]:
            by_actor[mention["actor_id"]].append(mention)
    predicted = []
    for actor_id, rows in sorted(by_actor.items()):
        row = actor_rows.get(actor_id, {})
        types = Counter(m["label"] for m in rows).most_common()
        kind = types[0][0] if types and types[0][0] in {"PER", "ORG", "GOV", "MEDIA", "LOC", "MISC"} else row.get("type", "")
        predicted.append({"name": row.get("name", actor_id), "type": kind,
                          "surfaces": {fold(m["text"]) for m in rows}})
    gold = article.get("actors", [])

    def score(g, p):  # the canonical name beats an alias when an actor was split in two
        if fold(p["name"]) == fold(g["name"]):
            return 1.0
        return 0.9 if fold(p["name"]) in {fold(a) for a in g.get("aliases", [])} else 0.0

    pairs = greedy_pairs(gold, predicted, score)
    _tally_matches(tally, gold, predicted, pairs, label, lambda g: f'{g["name"]} ({g["type"]})',
                   lambda p: f'{p["name"]} ({p["type"]})')
    for g, p, _ in pairs:
        item, guess = gold[g], predicted[p]
        if item.get("optional"):
            continue
        allowed = {item["type"], *item.get("alt_types", [])}
        tally.check("type", guess["type"] in allowed,
                    f'{label}: {item["name"]} is {"/".join(sorted(allowed))}, predicted {guess["type"]}')


def _matched_texts(gold: list[dict], predicted: list[dict], tally: Tally, label: str, show_gold,
                   show_predicted, classify=None) -> list[tuple[dict, dict]]:
    """Match items by the Dice of their words; tally them; the required matched pairs."""
    pairs = greedy_pairs(gold, predicted, lambda g, p: dice(words(g["text"]), words(p["text"])))
    _tally_matches(tally, gold, predicted, pairs, label, show_gold, show_predicted, classify)
    return [(gold[g], predicted[p]) for g, p, _ in pairs if not gold[g].get("optional")]


def _same_or_both_empty(predicted: str, gold_names: list[str | None], aliases) -> bool:
    """A null gold actor (an anonymous source, the article itself) wants an empty prediction."""
    if gold_names[0] is None:
        return not predicted
    return _same_actor(predicted, gold_names, aliases)


def _score_quotes(article, quotes, aliases, tally: Tally, label) -> None:
    pairs = _matched_texts(article.get("quotes", []), quotes, tally, label,
                           lambda g: f'[{g.get("speaker")}] {_short(g["text"])}',
                           lambda p: f'[{p["speaker_name"] or p["speaker"]}] {_short(p["text"])}',
                           lambda item, missed: f'{item.get("kind", "direct")} quote {"missed" if missed else "extra"}')
    for item, guess in pairs:
        right = _same_or_both_empty(guess["speaker_name"], [item.get("speaker"), *item.get("alt_speakers", [])], aliases)
        tally.check("speaker", right, f'{label}: {_short(item["text"], 50)} — gold {item.get("speaker")}, '
                    f'predicted {guess["speaker_name"] or "∅"} ("{guess["speaker"]}", rule {guess.get("rule", "")})',
                    speaker_error_class(item, guess))
        if item.get("cue"):
            tally.check("cue", fold(item["cue"]) == fold(guess["cue"]),
                        f'{label}: {_short(item["text"], 40)} — gold {item["cue"]}, predicted {guess["cue"]}',
                        "cue not found" if not guess["cue"] else "cue: another word")
        tally.check("kind", item.get("kind") == guess["kind"],
                    f'{label}: {_short(item["text"], 40)} — gold {item.get("kind")}, predicted {guess["kind"]}')


def _score_dates(article, dates, tally: Tally, label) -> None:
    """A date found is a true positive; its value is checked against the gold's. A gold value of
    null is no value annotated (a weekday against a month-level publication date, a TimeML value
    outside the gold format): that date counts as found or missed only, never as a wrong value.
    A range the gold gives as its two points (TimeML) is scored as those two points."""
    dates = _split_ranges(article.get("dates", []), dates)
    pairs = _matched_texts(article.get("dates", []), dates, tally, label,
                           lambda g: f'{g["text"]} = {g.get("value")}', lambda p: f'{p["text"]} = {p["value"]}')
    for item, guess in pairs:
        expected = item.get("value")
        if expected is None:
            continue
        tally.check("value", expected == guess["value"],
                    f'{label}: {item["text"]} — gold {expected or "∅"}, predicted {guess["value"] or "∅"}')


def _split_ranges(gold: list[dict], dates: list[dict]) -> list[dict]:
    """A predicted range ("du mercredi 3 avril au samedi 6 avril", one row valued `a/b`) where the
    gold has its two ends as two dates and no range of those words: its start and its end, each
    with the gold words it covers, as two rows (TimeML's convention for ranges, ftib-dev/README.md)."""
    out = []
    for row in dates:
        start, _, end = (row.get("value") or "").partition("/")
        said = words(row["text"])
        inside = [item for item in gold if words(item["text"]) and not words(item["text"]) - said]
        whole = any("/" in (item.get("value") or "") and dice(words(item["text"]), said) >= 0.5 for item in gold)
        if not end or whole or len(inside) != 2:
            out.append(row)
            continue
        first, second = sorted(inside, key=lambda item: fold(row["text"]).find(fold(item["text"])))
        out += [{**row, "text": first["text"], "value": start}, {**row, "text": second["text"], "value": end}]
    return out


def _score_claims(article, claims, aliases, tally: Tally, label) -> None:
    pairs = _matched_texts(article.get("claims", []), claims, tally, label,
                           lambda g: f'[{g.get("actor")}] {_short(g["text"])}',
                           lambda p: f'[{p["actor_name"]}] {_short(p["text"])}', claim_error_class)
    for item, guess in pairs:
        where = f'{label}: {_short(item["text"], 50)} — gold'
        tally.check("actor", _same_actor(guess["actor_name"], [item.get("actor")], aliases),
                    f'{where} {item.get("actor")}, predicted {guess["actor_name"] or "∅"}',
                    "claim actor left empty" if not guess["actor_name"] else "claim actor: another actor")
        tally.check("source", _same_or_both_empty(guess["source_name"], [item.get("source")], aliases),
                    f'{where} {item.get("source")}, predicted {guess["source_name"] or "∅"}',
                    "claim source: " + ("left empty" if not guess["source_name"] else
                                        "given where there is none" if item.get("source") is None else "another actor"))
        tally.check("polarity", item.get("polarity", "affirm") == guess["polarity"],
                    f'{where} {item.get("polarity")}, predicted {guess["polarity"]}')


HOW = {"pronoun": "a pronoun", "role": "a role", "description": "a description", "spokesperson":
       "a spokesperson or document", "anonymous": "an anonymous source", "mention": "a name",
       "unknown": "words naming no known actor"}


def speaker_error_class(item: dict, guess: dict) -> str:
    """What kind of speaker phrase went wrong, from the rule that attributed it ("inversion/role")."""
    rule = guess.get("rule") or ""
    base, _, how = rule.partition("/")
    if not rule or rule == "unattributed":
        return "speaker: no attribution rule applied"
    if item.get("speaker") is None:
        return "speaker: an anonymous source given an actor"
    phrase = HOW.get(how, "a name")
    if not guess["speaker_name"]:
        return f"speaker: {phrase} left empty"
    return f"speaker of {phrase}: another actor" + (" (no phrase of its own)" if base in ("previous", "paragraph") else "")


COPULAS = {"est", "sont", "était", "étaient", "reste", "restent", "demeure", "demeurent", "semble",
           "semblent", "paraît", "sera", "seront", "serait", "seraient", "devient", "deviennent"}


def claim_error_class(item: dict, missed: bool) -> str:
    """A claim missed or extra, by the construction its words show (a guide, not a parse)."""
    if not missed:
        return "claim extra"
    said = [word.lower() for word in item["text"].replace("’", "'").split()]
    if any(word in ("été", "par") for word in said) and any(w in ("a", "ont", "est", "sont") for w in said):
        return "claim missed: passive"
    if any(word.endswith(("rait", "raient")) for word in said):
        return "claim missed: conditional"
    if COPULAS & set(said):
        return "claim missed: copula or state"
    if {"ne", "n'", "pas", "jamais", "aucun", "aucune"} & set(said):
        return "claim missed: negated"
    if item.get("source") and item["source"] == item.get("actor"):
        return "claim missed: held by its reporter (selon X, P; X estime que P)"
    if item.get("source"):
        return "claim missed: reported by another actor"
    named = {word.lower() for word in re.findall(r"\w+", item.get("actor") or "") if len(word) > 2}
    if named and not named & {word for w in said for word in re.findall(r"\w+", w)}:
        return "claim missed: doer a pronoun or description"
    return "claim missed: other construction"


def format_report(result: dict, show_errors: bool = False) -> str:
    lines = [f"veille eval: {result['articles']} gold article(s)"]
    if result["missing_documents"]:
        lines.append(f"  not in documents.csv: {', '.join(result['missing_documents'])}")
    for name in ("dedup", "headings", "actors", "quotes", "dates", "claims"):
        scores = result[name]
        if not scores.get("annotated_articles", 1):
            lines.append(f"  {name:<9} not annotated in this gold")
            continue
        extra = "  ".join(f"{key[:-9]} {scores[key]:.3f} ({scores[key[:-9] + '_checked']})"
                          for key in sorted(scores) if key.endswith("_accuracy"))
        lines.append(f"  {name:<9} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
                     f"F1 {scores['f1']:.3f}  (tp {scores['tp']}, fp {scores['fp']}, fn {scores['fn']})"
                     + (f"  {extra}" if extra else ""))
    if show_errors:
        for name in ("dedup", "headings", "actors", "quotes", "dates", "claims"):
            scores = result[name]
            for title, items in (("missed", scores["misses"]), ("extra", scores["extras"]),
                                 ("wrong", scores["wrong"])):
                if items:
                    lines.append(f"\n{name} {title} ({len(items)}):")
                    lines += [f"  - {item}" for item in items]
            if scores.get("error_classes"):
                lines.append(f"\n{name} errors by class:")
                lines += [f"  {count:>4}  {kind}" for kind, count in scores["error_classes"].items()]
    return "\n".join(lines)
