"""Load and check the rule files of `models/` (and of any `--rules` folder).

Every rule family is data: spaCy JSONL patterns, word lists of lemmas with `#` comments, or a
TOML settings file. One loader reads them all, counts lines itself and gathers every problem as
`file:line: message` before failing, so a user sees all their mistakes at once.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODELS = Path(__file__).resolve().parent.parent / "models"

ACTOR_TYPES = frozenset({"PER", "ORG", "GOV", "MEDIA", "LOC", "MISC"})
ACTOR_KINDS = frozenset({
    "company", "platform", "equipment", "chipmaker", "telecom", "software", "cloud", "carmaker",
    "regulator", "government", "ministry", "court", "parliament", "agency", "institution",
    "party", "ngo", "trade_body", "media", "news_agency", "law", "product", "country", "city",
    "region", "person",
})


# What each label of models/claims*.jsonl marks for pipeline/claims.py.
CLAIM_LABELS = frozenset({"NEGATION", "SOURCE_CUE", "ANONYMOUS_SOURCE", "AGENT_HEAD", "IMPERSONAL",
                          "VOLITIVE", "PERIPHRASTIC", "CONDITIONAL", "STANCE"})


@dataclass(frozen=True)
class Family:
    """A kind of rule file, recognised by its file name: `speech_verbs.txt`, `speech_verbs_mine.txt`."""

    name: str
    format: str  # "jsonl", "words" or "toml"
    summary: str
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    labels: frozenset[str] | None = None  # allowed values of "label", None for any
    one_word: bool = False  # a words file of single lower-case words, looked up as written


def _jsonl(name, summary, required=(), optional=(), labels=None) -> Family:
    return Family(name, "jsonl", summary, frozenset(required), frozenset(optional),
                  frozenset(labels) if labels is not None else None)


FAMILIES: dict[str, Family] = {family.name: family for family in [
    _jsonl("actors", "gazetteer: one spaCy pattern per surface form, id = canonical name",
           {"label", "pattern", "id"}, {"kind", "country", "gender", "role", "affiliation"},
           ACTOR_TYPES),
    _jsonl("descriptions", "definite descriptions that point back to a named actor (scope anaphora, "
           "short_name), nationality adjectives (scope nationality) and the words that type a name (scope name)",
           {"label", "pattern"}, {"id", "kinds", "country", "gender", "types", "roles", "scope", "at"},
           ACTOR_TYPES),
    _jsonl("cues", "source cues such as selon / d'après, and anonymous sources",
           {"label", "pattern"}, {"id", "types"}),  # types: actor types a description may name
    _jsonl("dates", "temporal expressions as spaCy Matcher patterns",
           {"label", "pattern"}, {"id"}),
    _jsonl("claims", "token patterns the claims rules read: negation words, source cues, anonymous "
           "sources, agent nouns, impersonal, volitive and periphrastic verbs, irregular conditionals",
           {"label", "pattern"}, {"id"}, CLAIM_LABELS),
    Family("speech_verbs", "words", "lemmas of speech verbs and multiword cues"),
    Family("denial_verbs", "words", "verbs whose claim is a denial"),
    Family("intention_verbs", "words", "verbs of intention (modality intended)"),
    Family("obligation_verbs", "words", "verbs of obligation (modality obligation)"),
    Family("metonymy", "words", "verbs whose subject place stays a place; any other verb makes it a government"),
    Family("appeal_nouns", "words", "nouns after en that bring a denial before a court (en justice)", one_word=True),
    Family("court_nouns", "words", "nouns of a court after devant (an appeal, not a denial)", one_word=True),
    Family("own_institutions", "words", "descriptions that name an institution of their own (le gouvernement)",
           one_word=True),
    Family("institution_nouns", "words", "nouns of a government body named by its complement "
           "(le ministère chinois du Commerce)", one_word=True),
    Family("not_infinitives", "words", "words in -er, -ir, -re that are no infinitive (contre, notre)", one_word=True),
    Family("settings", "toml", "thresholds and numeric settings"),
]}

# What a description rule may say (models/descriptions*.jsonl), read by pipeline/actors/anaphora.py.
DESCRIPTION_SCOPES = ("anaphora", "short_name", "name", "nationality", "portfolio")
DESCRIPTION_POSITIONS = ("start", "end", "any")
ONE_TOKEN_SCOPES = frozenset({"name", "nationality", "portfolio"})
# Token extensions a pattern may read ({"_": {"lemma": "contester"}}): the ones the pipeline sets.
PATTERN_EXTENSIONS = frozenset({"lemma"})

# Known settings: type and allowed range (inclusive); a setting file may only hold these.
SETTINGS_SCHEMA: dict[str, dict[str, tuple[type, float, float]]] = {
    "dedup": {"threshold": (float, 0.05, 1.0), "num_perm": (int, 16, 1024), "shingle_size": (int, 1, 10),
              "min_words": (int, 1, 1000), "bands": (int, 1, 1024), "rows": (int, 1, 1024)},
    "paragraphs": {"heading_max_words": (int, 1, 1000), "heading_max_chars": (int, 1, 100_000),
                   "segment_max_chars": (int, 200, 999_999)},
    "ingest": {"max_document_chars": (int, 1, 2_000_000_000)},
    "actors": {"fuzzy_min_score": (float, 50.0, 100.0), "fuzzy_min_length": (int, 1, 100)},
}
# A quantified group that holds a quantifier, "(a+)+", "(\w*)*", "(a|ab)+": backtracking that can
# run for minutes on one token; spaCy's REGEX predicates use Python's backtracking `re`.
CATASTROPHIC_REGEX = re.compile(r"\((?:[^()\\]|\\.)*(?:[+*}]|\|)(?:[^()\\]|\\.)*\)[+*{]")

FORMAT_OF_SUFFIX = {".jsonl": "jsonl", ".txt": "words", ".toml": "toml"}
IGNORED_SUFFIXES = {".md", ".rst"}


@dataclass
class Rule:
    """One line of a JSONL rule file, with where it came from for error messages."""

    file: str
    line: int
    data: dict

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Rules:
    folders: list[Path]
    patterns: dict[str, list[Rule]] = field(default_factory=dict)
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # family -> lemma -> file:line
    settings: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what a rules folder changed in those before it

    def wordlist(self, family: str) -> set[str]:
        return set(self.words.get(family, {}))

    def pattern_rules(self, family: str) -> list[Rule]:
        return list(self.patterns.get(family, []))

    def setting(self, section: str, key: str, default=None):
        return self.settings.get(section, {}).get(key, default)


class RulesError(Exception):
    """Raised with every problem found, each as `file:line: message`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def family_of(path: Path) -> Family | None:
    """The family whose name the file's stem starts with (longest name wins)."""
    stem = path.stem
    for name in sorted(FAMILIES, key=len, reverse=True):
        if stem == name or re.match(rf"{re.escape(name)}[_\-.]", stem):
            return FAMILIES[name]
    return None


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def load_rules(extra: Path | list[Path] | None = None, base: Path | None = DEFAULT_MODELS) -> Rules:
    """Rules of `base` (models/) then of the extra folders; raises RulesError listing all problems."""
    folders = [base] if base is not None else []
    for folder in ([] if not extra else extra if isinstance(extra, list) else [extra]):
        if not any(Path(folder).resolve() == known.resolve() for known in folders):  # `rules check models`
            folders.append(Path(folder))
    rules = Rules(folders=folders)
    problems: list[str] = []
    pattern_seen: dict[tuple, str] = {}
    actor_types: dict[str, tuple[str, str]] = {}
    for folder in folders:
        if not folder.is_dir():
            problems.append(f"{folder}: rules folder not found")
            continue
        rules.notes += _replace_actors(folder, rules, pattern_seen, actor_types)
        for path in rule_files(folder):
            shown = _shown(path, folder)
            if path.suffix in IGNORED_SUFFIXES:
                continue
            family = family_of(path)
            expected = FORMAT_OF_SUFFIX.get(path.suffix)
            if family is None:
                known = ", ".join(sorted(FAMILIES))
                problems.append(f"{shown}:1: unknown rule family (file names start with one of: {known})")
                continue
            if expected != family.format:
                problems.append(f"{shown}:1: a {family.name} file must be {_suffix_of(family.format)}, not {path.suffix or 'without suffix'}")
                continue
            try:
                content = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                problems.append(f"{shown}:1: not UTF-8 text ({error.reason})")
                continue
            if family.format == "jsonl":
                problems += _load_jsonl(content, shown, family, rules, pattern_seen, actor_types)
            elif family.format == "words":
                problems += _load_words(content, shown, family, rules)
            else:
                problems += _load_toml(content, shown, rules)
    if not problems:  # rules that read other rules: the date word classes the date patterns name
        from pipeline.dates.words import check as date_word_problems

        problems += date_word_problems(rules)
    if problems:
        raise RulesError(problems)
    return rules


def _replace_actors(folder: Path, rules: Rules, pattern_seen: dict, actor_types: dict) -> list[str]:
    """An actor that a later folder's actors file defines again (same `id`) is that folder's: every
    line of it read before is dropped, so a `--rules` folder corrects an actor of models/ without
    editing it. One note per actor replaced, `file:line: actor "id" replaces …`."""
    defined: dict[str, str] = {}
    for path in rule_files(folder):
        if family_of(path) is not FAMILIES["actors"] or path.suffix != ".jsonl":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue  # the loader says so
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                defined.setdefault(data["id"], f"{_shown(path, folder)}:{number}")
    replaced: dict[str, list[str]] = {}
    kept = []
    for rule in rules.patterns.get("actors", []):
        if rule.data.get("id") in defined:
            replaced.setdefault(rule.data["id"], []).append(rule.where)
        else:
            kept.append(rule)
    if not replaced:
        return []
    rules.patterns["actors"] = kept
    for key in [key for key, value in pattern_seen.items()
                if key[0] == "actors" and key[-1] == "id" and value[0] in replaced]:
        where = pattern_seen.pop(key)[1]
        if pattern_seen.get(key[:-1]) == where:
            del pattern_seen[key[:-1]]
    for actor in replaced:
        actor_types.pop(actor, None)
    return [f'{defined[actor]}: actor "{actor}" replaces its {len(lines)} line(s) of {", ".join(sorted(_files(lines)))}'
            for actor, lines in sorted(replaced.items())]


def _files(wheres: list[str]) -> set[str]:
    return {where.rsplit(":", 1)[0] for where in wheres}


def check_rules(extra: Path | list[Path] | None = None, base: Path | None = DEFAULT_MODELS) -> list[str]:
    try:
        load_rules(extra, base)
    except RulesError as error:
        return error.problems
    return []


def _shown(path: Path, folder: Path) -> str:
    """The path as a user would type it: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(Path(folder.name) / path.relative_to(folder))


def _suffix_of(fmt: str) -> str:
    return {"jsonl": ".jsonl", "words": ".txt", "toml": ".toml"}[fmt]


def _load_jsonl(content, shown, family, rules, pattern_seen, actor_types) -> list[str]:
    from spacy.schemas import validate_token_pattern

    problems = []
    allowed = family.required | family.optional
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: invalid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{where}: each line must be a JSON object")
            continue
        for key in sorted(set(data) - allowed):
            problems.append(f'{where}: unknown key "{key}" (allowed: {", ".join(sorted(allowed))})')
        for key in sorted(family.required - set(data)):
            problems.append(f'{where}: missing key "{key}"')
        label = data.get("label")
        if family.labels is not None and label is not None and label not in family.labels:
            problems.append(f'{where}: unknown label "{label}" (allowed: {", ".join(sorted(family.labels))})')
        pattern = data.get("pattern")
        if "pattern" in data:
            problems += [f"{where}: {message}" for message in _pattern_problems(pattern, validate_token_pattern)]
        if family.name in ("actors", "descriptions"):
            problems += _actor_line_problems(data, where, family, actor_types)
        if family.name == "descriptions":
            problems += [f"{where}: {message}" for message in _description_problems(data)]
        key = (family.name, json.dumps(pattern, ensure_ascii=False, sort_keys=True).lower()
               if isinstance(pattern, str) else json.dumps(pattern, sort_keys=True), label)
        if pattern is not None:
            previous = pattern_seen.get(key)
            if previous is not None and family.name != "actors":
                problems.append(f"{where}: duplicate of {previous}")
            elif family.name == "actors":
                owner = pattern_seen.get(key + ("id",))
                if owner is not None and owner[0] != data.get("id"):
                    problems.append(f'{where}: pattern already names actor "{owner[0]}" at {owner[1]}')
                elif owner is not None:
                    problems.append(f"{where}: duplicate of {owner[1]}")
                pattern_seen[key + ("id",)] = (data.get("id"), where)
            pattern_seen.setdefault(key, where)
        rules.patterns.setdefault(family.name, []).append(Rule(shown, number, data))
    return problems


def _pattern_problems(pattern, validate_token_pattern) -> list[str]:
    if isinstance(pattern, str):
        return [] if pattern.strip() else ["empty pattern"]
    if isinstance(pattern, list):
        if not pattern:
            return ["empty pattern"]
        problems = [f"invalid token pattern: {message}" for message in validate_token_pattern(pattern)]
        return problems or _predicate_problems(pattern)
    if isinstance(pattern, dict):  # a DependencyMatcher pattern is a list; a dict is a mistake
        return ["pattern must be a string or a list of token dicts"]
    return ["pattern must be a string or a list of token dicts"]


def _predicate_problems(pattern: list) -> list[str]:
    """What spaCy's schema lets through but a run would choke on: an extension the pipeline does
    not set (every document would fail), a regex that backtracks for minutes."""
    problems = []
    for token in pattern:
        if not isinstance(token, dict):
            continue
        extensions = token.get("_", {})
        for name in sorted(set(extensions) - PATTERN_EXTENSIONS if isinstance(extensions, dict) else ()):
            problems.append(f'unknown token extension "_.{name}" (allowed: {", ".join(sorted(PATTERN_EXTENSIONS))})')
        for value in [*token.values(), *(extensions.values() if isinstance(extensions, dict) else ())]:
            regex = value.get("REGEX") if isinstance(value, dict) else None
            if not isinstance(regex, str):
                continue
            try:
                re.compile(regex)
            except re.error as error:
                problems.append(f'invalid REGEX "{regex}" ({error})')
                continue
            if CATASTROPHIC_REGEX.search(regex):
                problems.append(f'REGEX "{regex}" nests quantifiers and can backtrack for minutes; '
                                f'quantify the group once or use IN with a word list')
    return problems


def _description_problems(data: dict) -> list[str]:
    problems = []
    scope = data.get("scope", "anaphora")
    if scope not in DESCRIPTION_SCOPES:
        problems.append(f'unknown scope "{scope}" (allowed: {", ".join(DESCRIPTION_SCOPES)})')
    if data.get("at", "any") not in DESCRIPTION_POSITIONS:
        problems.append(f'"at" must be {", ".join(DESCRIPTION_POSITIONS[:-1])} or {DESCRIPTION_POSITIONS[-1]}')
    pattern = data.get("pattern")
    one_token = isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)
    if scope in ONE_TOKEN_SCOPES and not one_token:
        problems.append(f"a {scope} rule is one token: " + '[{"LOWER": {"IN": [...]}}]')
    return problems


def _actor_line_problems(data, where, family, actor_types) -> list[str]:
    problems = []
    kinds = data.get("kinds", [data["kind"]] if "kind" in data else [])
    if isinstance(kinds, str):
        kinds = [kinds]
    for kind in kinds:
        if kind not in ACTOR_KINDS:
            problems.append(f'{where}: unknown kind "{kind}" (allowed: {", ".join(sorted(ACTOR_KINDS))})')
    if "gender" in data and data["gender"] not in ("m", "f"):
        problems.append(f'{where}: gender must be "m" or "f"')
    if family.name == "actors":
        actor, label = data.get("id"), data.get("label")
        if not isinstance(actor, str) or not actor.strip():
            problems.append(f"{where}: empty id (the id is the actor's canonical name)")
        elif label:
            first = actor_types.setdefault(actor, (label, where))
            if first[0] != label:
                problems.append(f'{where}: actor "{actor}" is {label} here but {first[0]} at {first[1]}')
    return problems


_WORD_OK = re.compile(r"^[^\W\d_][\w' \-’]*$")


def _load_words(content, shown, family, rules) -> list[str]:
    problems = []
    words = rules.words.setdefault(family.name, {})
    for number, raw in enumerate(content.splitlines(), 1):
        where = f"{shown}:{number}"
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        lemma = " ".join(text.split())
        if not any(c.isalpha() for c in lemma):
            problems.append(f'{where}: empty lemma ("{lemma}" has no letters)')
            continue
        if not _WORD_OK.match(lemma):
            problems.append(f'{where}: "{lemma}" is not a lemma (letters, spaces, hyphens, apostrophes)')
            continue
        if family.one_word and (" " in lemma or lemma != lemma.lower()):
            problems.append(f'{where}: "{lemma}" must be one lower-case word '
                            f'(a {family.name} file is matched word by word)')
            continue
        if lemma in words:
            problems.append(f'{where}: "{lemma}" already listed at {words[lemma]}')
            continue
        words[lemma] = where
    return problems


def _load_toml(content, shown, rules) -> list[str]:
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        return [f"{shown}:{match.group(1) if match else 1}: invalid TOML ({error})"]
    problems = []
    lines = content.splitlines()

    def line_of(key: str) -> int:
        for number, line in enumerate(lines, 1):
            if re.match(rf"\s*\[?\s*{re.escape(key)}\b", line):
                return number
        return 1

    for section, values in data.items():
        schema = SETTINGS_SCHEMA.get(section)
        if schema is None or not isinstance(values, dict):
            problems.append(f'{shown}:{line_of(section)}: unknown section "{section}" (allowed: {", ".join(sorted(SETTINGS_SCHEMA))})')
            continue
        for key, value in values.items():
            if key not in schema:
                problems.append(f'{shown}:{line_of(key)}: unknown setting "{section}.{key}" (allowed: {", ".join(sorted(schema))})')
                continue
            expected, low, high = schema[key]
            if not isinstance(value, expected) or isinstance(value, bool):
                if expected is float and isinstance(value, int) and not isinstance(value, bool):
                    value = float(value)
                else:
                    problems.append(f'{shown}:{line_of(key)}: "{section}.{key}" must be {expected.__name__}')
                    continue
            if not low <= value <= high:
                problems.append(f'{shown}:{line_of(key)}: "{section}.{key}" = {value} is out of range ({low} to {high})')
                continue
            rules.settings.setdefault(section, {})[key] = value
    return problems
