"""Payer names: which customers a bank line's payer name (or a confirmed alias, a learned habit,
a customer's own number prefix) recognises, with a score and the name it was read against."""

from __future__ import annotations

from collections import defaultdict
from itertools import chain
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from reconcilers.normalise import COMMON_LEGAL_FORMS, name_block_keys, normalise_name, other_spelling


class Recognition(NamedTuple):
    score: float  # 0-100
    via: str  # 'name', 'alias', 'habit', 'po', 'group', 'customer number' or 'number prefix'
    evidence: str  # the customer name scored against, the alias, the token or the prefix read


MIN_CUT = 12  # a name is compared cut to the payer's length, never shorter: 'WILLOW' is not 'WILLOW INDIGO'
Recognitions = dict[str, Recognition]  # customer_id -> how the line's payer is recognised as it
FAR_BELOW_BEST = 20  # customer plans only weigh names within 5 points of the best, runners-up within 3


def score_names(payers: np.ndarray, names: np.ndarray, min_score: float = 0.0) -> np.ndarray:
    """Best of plain ratio, word-order-free ratio and ratio against the name cut to the payer's
    length (banks truncate names at 16-35 characters), on normalised names, in bulk. The last two
    score a little lower so that 'ECHO JUNIPER' is told from 'JUNIPER ECHO' when both exist; they
    are only computed for pairs the plain ratio does not already settle. Scores under min_score
    come out as 0 (rapidfuzz stops early on them)."""
    scores = process.cpdist(payers, names, scorer=fuzz.ratio, workers=-1, score_cutoff=min_score).astype(np.float64)
    unsure = np.flatnonzero(scores < 95)
    cutoff = min_score / 0.97
    if len(unsure):
        sorted_words = process.cpdist(payers[unsure], names[unsure], scorer=fuzz.token_sort_ratio, workers=-1,
                                      score_cutoff=cutoff) * 0.97
        scores[unsure] = np.maximum(scores[unsure], sorted_words)
        unsure = unsure[scores[unsure] < 95]
    if len(unsure):  # only where cutting the name to the payer's length changes it
        payer_lengths = pc.utf8_length(pa.array(payers[unsure], pa.string())).to_numpy()
        name_lengths = pc.utf8_length(pa.array(names[unsure], pa.string())).to_numpy()
        unsure = unsure[name_lengths > np.maximum(payer_lengths, MIN_CUT)]
    if len(unsure):
        truncated_names = np.array([n[:max(len(p), MIN_CUT)] for p, n in zip(payers[unsure], names[unsure])],
                                   dtype=object)
        scores[unsure] = np.maximum(scores[unsure],
                                    process.cpdist(payers[unsure], truncated_names, scorer=fuzz.ratio, workers=-1,
                                                   score_cutoff=cutoff) * 0.97)
    _name_then_more(payers, names, scores, min_score)
    return scores


def _name_then_more(payers: np.ndarray, names: np.ndarray, scores: np.ndarray, min_score: float) -> None:
    """Raises scores to the ratio against the payer cut to the name's length, where the cut falls
    between two words: a bank that prints the payer's city after its name ('ACME WIDGETS NEW
    YORK'). Scored 0.94 of it, so a customer whose whole name is the payer's ('ACME WIDGETS
    NORTH') stays more than five points ahead of one whose name only starts it."""
    unsure = np.flatnonzero(scores < 94)
    if not len(unsure):
        return
    payer_lengths = pc.utf8_length(pa.array(payers[unsure], pa.string())).to_numpy()
    name_lengths = pc.utf8_length(pa.array(names[unsure], pa.string())).to_numpy()
    unsure = unsure[(name_lengths >= MIN_CUT) & (payer_lengths > name_lengths)]
    longer = [k for k in unsure.tolist() if payers[k][len(names[k])] == " "]
    if longer:
        cut = np.array([payers[k][:len(names[k])] for k in longer], dtype=object)
        scores[longer] = np.maximum(scores[longer], process.cpdist(cut, names[longer], scorer=fuzz.ratio, workers=-1,
                                                                   score_cutoff=min_score / 0.94) * 0.94)


class PayerMatches(NamedTuple):
    """What recognise_payers keeps, as arrays (a fork sends them back as raw bytes, not as objects
    to unpickle one by one): per (payer, customer), sorted by payer then customer, the payer's
    position, the customer's position in customer_ids, its best name's position in the customer
    names, and that name's score."""
    payers: np.ndarray
    customers: np.ndarray
    names: np.ndarray
    scores: np.ndarray
    customer_ids: list[str]


def known_names(billed: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """The (customer_id, name) pairs a payer is recognised by, sorted, and each name normalised
    (here: later steps read them too, cached): the billing and CRM names and each one's other
    spelling ('Müller' as MUELLER, 'Mueller' as MULLER), unless that spelling is another customer's."""
    owners: dict[str, set[str]] = defaultdict(set)
    for customer, name in billed:
        owners[normalise_name(name)].add(customer)
    spelt = {(customer, other) for customer, name in billed if (other := other_spelling(name))
             and owners.get(normalise_name(other), {customer}) == {customer}}
    names = sorted(set(billed) | spelt) if spelt else billed
    return names, [normalise_name(name) for _, name in names]


def recognitions_by_line(payers: list[str], matches: PayerMatches, customer_names: list[tuple[str, str]],
                         payer_norm: list[str], line_idxs: list[int], payer_other: list[str]
                         ) -> dict[int, Recognitions]:
    """Each line gets its own copy of what its payer name recognises: the Recognitions made of
    recognise_payers' matches (payers: the distinct normalised payer names of the lines, sorted),
    and of its other name's where it gives two (normalise.other_name: 'X DBA Y', MÜLLER as
    MUELLER), the better score per customer."""
    by_payer: dict[int, Recognitions] = defaultdict(dict)
    for payer, customer, name, score in zip(matches.payers.tolist(), matches.customers.tolist(),
                                            matches.names.tolist(), matches.scores.tolist()):
        by_payer[payer][matches.customer_ids[customer]] = Recognition(score, "name", customer_names[name][1])
    payer_pos = {payer: k for k, payer in enumerate(payers)}
    result: dict[int, Recognitions] = defaultdict(dict)
    for i in sorted(line_idxs):
        if found := by_payer.get(payer_pos[payer_norm[i]]):
            result[i] = dict(found)
        if payer_other[i] and (other := by_payer.get(payer_pos[payer_other[i]])):
            line = result[i]
            for customer, recognition in other.items():
                if customer not in line or recognition.score > line[customer].score:
                    line[customer] = recognition
    return result


def recognise_payers(payers: list[str], customer_names: list[tuple[str, str]], name_norm: list[str], max_block: int,
                     min_score: float, recognised_score: float) -> PayerMatches:
    """Customer names by blocking + bulk fuzzy scores; per (payer, customer) the best of the
    customer's names, kept when at least min_score and, when the payer's best name reaches
    recognised_score, no more than FAR_BELOW_BEST points under it. payers: distinct normalised
    payer names (what a line recognises depends on its payer name alone, and a customer pays many
    times under one name); name_norm: each customer name normalised; returns the kept pairs
    (PayerMatches). Blocking and scoring work on distinct normalised customer names (texts: a
    customer's billing and CRM names often normalise alike). Pure Python and numpy, no DuckDB:
    the matcher runs it in a fork (recognitions_by_line makes the Recognitions)."""
    positions: dict[str, int] = {}
    text_of_name = np.array([positions.setdefault(name, len(positions)) for name in name_norm], dtype=np.int64)
    texts = list(positions)
    per_text = np.bincount(text_of_name, minlength=len(texts))  # how many customer names each text is
    pair_payers, pair_texts = _pairs_sharing_keys(_keys_of(payers), _keys_of(texts), per_text, max_block)
    customer_ids = sorted({c for c, _ in customer_names})
    if not len(pair_payers):
        none = np.zeros(0, dtype=np.int64)
        return PayerMatches(none, none, none, np.zeros(0), customer_ids)
    scores = score_names(np.array(payers, dtype=object)[pair_payers], np.array(texts, dtype=object)[pair_texts],
                         min_score)
    keep = scores >= min_score
    pair_payers, pair_texts, scores = pair_payers[keep], pair_texts[keep], scores[keep]
    # every customer name with a pair's text, in name order
    names_by_text = np.argsort(text_of_name, kind="stable")
    repeats = per_text[pair_texts]
    names = names_by_text[np.repeat((np.cumsum(per_text) - per_text)[pair_texts], repeats) + _within(repeats)]
    lines, kept = np.repeat(pair_payers, repeats), np.repeat(scores, repeats)
    customer_pos = {c: k for k, c in enumerate(customer_ids)}
    customers = np.array([customer_pos[c] for c, _ in customer_names], dtype=np.int64)[names]
    order = np.lexsort((names, -kept, customers, lines))
    lines, customers, names, kept = lines[order], customers[order], names[order], kept[order]
    first = np.ones(len(lines), dtype=bool)
    first[1:] = (lines[1:] != lines[:-1]) | (customers[1:] != customers[:-1])
    lines, customers, names, kept = lines[first], customers[first], names[first], kept[first]
    # a customer far below the line's best name (when that one recognises the payer) is never used
    starts = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]]) if len(lines) else np.zeros(0, dtype=np.int64)
    best = np.repeat(np.maximum.reduceat(kept, starts), np.diff(np.r_[starts, len(lines)])) if len(lines) else kept
    useful = (best < recognised_score) | (kept >= best - FAR_BELOW_BEST)
    return PayerMatches(lines[useful], customers[useful], names[useful], kept[useful], customer_ids)


class _Keys(NamedTuple):
    owner: np.ndarray  # position of the text each key belongs to
    key: pa.Array


def _keys_of(texts: list[str]) -> _Keys:
    """Every blocking key of each text (normalise.name_block_keys)."""
    keys = [name_block_keys(text) for text in texts]
    counts = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    return _Keys(np.repeat(np.arange(len(texts), dtype=np.int64), counts),
                 pa.array(list(chain.from_iterable(keys)), pa.string()))


def _within(counts: np.ndarray) -> np.ndarray:
    """0..n-1 for each n in counts, concatenated: the position inside each repeated group."""
    return np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)


def _pairs_sharing_keys(payer_keys: _Keys, name_keys: _Keys, weights: np.ndarray, max_block: int
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (payer, name) positions sharing a key held by at most max_block customer names (a
    name stands for weights[name] of them): a common word such as 'GLOBAL' blocks only through
    its pair keys ('GLOB+TECH'). A sort-merge join of the keys' dictionary codes."""
    codes = pc.dictionary_encode(pa.concat_arrays([payer_keys.key, name_keys.key])).indices.to_numpy()
    payer_codes, name_codes = codes[:len(payer_keys.key)], codes[len(payer_keys.key):]
    block = np.bincount(name_codes, weights=weights[name_keys.owner],
                        minlength=int(codes.max()) + 1 if len(codes) else 0)
    name_rows = np.flatnonzero(block[name_codes] <= max_block)
    name_rows = name_rows[np.argsort(name_codes[name_rows], kind="stable")]
    sorted_codes = name_codes[name_rows]
    payer_rows = np.flatnonzero(block[payer_codes] <= max_block)
    first = np.searchsorted(sorted_codes, payer_codes[payer_rows], "left")
    matches = np.searchsorted(sorted_codes, payer_codes[payer_rows], "right") - first
    payers = np.repeat(payer_keys.owner[payer_rows], matches)
    names = name_keys.owner[name_rows[np.repeat(first, matches) + _within(matches)]]
    width = max(len(weights), 1)  # a pair as one integer: payer * width + name
    pairs = np.sort(payers * width + names)  # a pair shares several keys: once each
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    return pairs // width, pairs % width


# What a parent or sister company adds to the shared first word of a group's names ('Silverline
# Group plc' paying for 'Silverline Foods LLC', 'Quantum Holdings Ltd' for 'Quantum Systems
# Corp.'); legal forms, HOLDINGS among them, are already dropped by normalise_name.
GROUP_WORDS = ("GROUP", "GLOBAL", "INTERNATIONAL", "WORLDWIDE", "ENTERPRISES", "HOLDING", "PARENT", "CORPORATE",
               "AMERICAS", "AMERICA", "EUROPE", "EMEA", "APAC", "NORTH", "USA", "US", "UK")
GROUP_SCORE = 85.0  # recognises the customer (min_name_score 80), below any real name match
MIN_GROUP_STEM = 4  # a shorter first word ('ACE', 'SKY') is shared by too many unrelated companies
MAX_GROUP_MEMBERS = 12  # a first word more customers start with is a common word, not a group's name
# the group word before the name in French, Spanish, Portuguese, Italian, Polish and Turkish
# ('Groupe Agadir SA' paying for 'Agadir Logistique SARL', 'Grupo Bimbo', 'Gruppo Rossi', 'Grupa Azoty')
LEADING_GROUP_WORDS = frozenset({"GROUPE", "GRUPO", "GRUPPO", "GRUPA", "GRUBU"})


def group_stem(normalised: str) -> str:
    """'SILVERLINE GROUP' / 'SILVERLINE GLOB' (cut) / 'QUANTUM' / 'GROUPE AGADIR' -> the group's
    first word, or '' when the name says more than the group word (then it is another company's
    own name). Bank
    typists' slips are read too: a group word one character off ('GLOBLA', 'GROPU') and, at the
    end, a legal form one character off ('TD', 'LFD', 'HOLDINGGS') or a cut to one letter after
    a group word ('KESTREL GLOBAL I', a 16-character field)."""
    words = normalised.split() or [""]
    stem, *rest = words[1:] if len(words) > 1 and words[0] in LEADING_GROUP_WORDS else words
    if len(stem) < MIN_GROUP_STEM or not stem.isalpha():
        return ""
    last = len(rest) - 1
    return stem if all(_says_group(word, at_end=k == last, after_group_word=k > 0) for k, word in enumerate(rest)) \
        else ""


_TYPO_GROUP_WORDS = tuple(w for w in GROUP_WORDS if len(w) >= 5) + ("HOLDINGS",)
_TYPO_LEGAL_FORMS = tuple(w for w in COMMON_LEGAL_FORMS if len(w) >= 3)  # the forms a slip at a group's end is read as


def _says_group(word: str, at_end: bool, after_group_word: bool) -> bool:
    if len(word) >= 2 and any(g.startswith(word) for g in GROUP_WORDS):
        return True
    if len(word) >= 4 and any(OSA.distance(word, g, score_cutoff=1) <= 1 for g in _TYPO_GROUP_WORDS):
        return True
    if at_end and len(word) >= 2 and any(OSA.distance(word, f, score_cutoff=1) <= 1 for f in _TYPO_LEGAL_FORMS):
        return True
    return at_end and after_group_word and len(word) == 1 and any(g.startswith(word) for g in GROUP_WORDS)


def recognise_group_payers(recognitions: dict[int, Recognitions], payer_norm: list[str], line_idxs: list[int],
                           customer_names: list[tuple[str, str]]) -> tuple[dict[int, str], dict[str, frozenset[str]]]:
    """A payer named as the group (its first word, maybe a group word) recognises every customer
    whose name starts with that word: a parent or sister company paying, or the parent itself; unless
    more than MAX_GROUP_MEMBERS customers do (then the word is a common one). Returns, for those
    common words, the lines naming one and each word's members: the name cannot say which member,
    an exact amount can."""
    stem_of = {payer: group_stem(payer) for payer in {payer_norm[i] for i in line_idxs}}  # payers repeat
    stems = {i: stem for i in line_idxs if (stem := stem_of[payer_norm[i]])}
    if not stems:
        return {}, {}
    by_first: dict[str, set[str]] = defaultdict(set)
    for customer, raw in customer_names:
        words = normalise_name(raw).split()  # cached: the matcher normalised them already
        if words:  # the group's own company too: 'Ember Holdings Inc.' is EMBER
            by_first[words[0]].add(customer)
    first_words = sorted(by_first)
    read_as = {stem: _known_stem(stem, by_first, first_words) for stem in set(stems.values())}
    stems = {i: read_as[stem] for i, stem in stems.items()}
    common = {stem: frozenset(members) for stem, members in by_first.items() if len(members) > MAX_GROUP_MEMBERS}
    for i, stem in stems.items():
        for customer in sorted(by_first.get(stem, ())) if stem not in common else ():
            recognise(recognitions, i, customer, Recognition(GROUP_SCORE, "group", stem))
        if stem in common:  # 'GRANITE GLOBAL' scores 77 against 'Granite Glacier Foods': the group
            # word's near miss of one member's name, not the name (a real one scores as a recognition)
            for customer in [c for c, found in recognitions.get(i, {}).items()
                             if found.via == "name" and c in common[stem] and found.score < GROUP_SCORE]:
                del recognitions[i][customer]
    return {i: stem for i, stem in stems.items() if stem in common}, common


MIN_TYPO_STEM = 5  # a shorter first word one character off is as likely another company's


def _known_stem(stem: str, by_first: dict[str, set[str]], first_words: list[str]) -> str:
    """The stem, or the one first word of customers' names it is a typist's slip of ('SILVERLILE'
    for SILVERLINE, 'KESTERL' for KESTREL); unchanged when none or several are one character off."""
    if stem in by_first or len(stem) < MIN_TYPO_STEM:
        return stem
    near = process.extract(stem, first_words, scorer=OSA.distance, score_cutoff=1, limit=2)
    return near[0][0] if len(near) == 1 else stem


def recognise(recognitions: dict[int, Recognitions], line_idx: int, customer: str, found: Recognition) -> None:
    """Keep the strongest recognition of a customer on a line."""
    known = recognitions[line_idx].get(customer)
    if known is None or found.score > known.score:
        recognitions[line_idx][customer] = found


def describe(payer: str, customer: str, found: Recognition) -> str:
    if found.via == "name":
        return f"payer '{payer}' scores {found.score:.0f} against '{found.evidence}'"
    if found.via == "alias":
        return f"payer '{payer}' is a confirmed alias of {customer}"
    if found.via == "po":
        return f"reference carries PO {found.evidence}, a purchase order of {customer}"
    if found.via == "group":
        return f"payer '{payer}' is named as the {found.evidence} group, {customer}'s group (parent or sister company)"
    if found.via == "customer number":
        return f"reference carries {found.evidence}, {customer}'s customer number"
    if found.via == "habit":
        return f"reference carries {found.evidence}, which {customer}'s payments usually carry (learned habit)"
    return f"reference carries {found.evidence}, the number prefix of {customer}'s invoices"
