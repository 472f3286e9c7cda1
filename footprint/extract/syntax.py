"""The grammar of a sentence: who does what to whom, in which clause, and whether it is asserted.

A dependency parse in Universal Dependencies relations (``nsubj``, ``obj``, ``obl``, ``ccomp``, ...) from
the pipeline in ``footprint/extract/parser_model/``: a tagger, morphologizer, lemmatizer and parser trained
from scratch with spaCy on UD_English-EWT (CC BY-SA 4.0; ``scripts/train_parser.py`` rebuilds it, and the
folder's ``LICENSE.md`` gives its data and scores). Nothing is downloaded.

Sentences are parsed on the extractor's own tokens, so token ``i`` of a parse is token ``i`` of its
``SentenceView``. Every function takes the parse (a spaCy ``Doc``) and token indices, and returns indices.
Without the model folder, ``parse_tokens`` returns ``None`` and callers keep to their rules.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_DIR = Path(__file__).resolve().parent / "parser_model"

# Relations that open a clause of their own (UD v2 names; the subtype after ":" is ignored).
CLAUSE_RELATIONS = frozenset({"ROOT", "root", "ccomp", "xcomp", "advcl", "acl", "parataxis", "csubj"})
SUBJECT_RELATIONS = frozenset({"nsubj", "csubj"})
MODALS = frozenset({"will", "would", "shall", "should", "may", "might", "could", "can", "must"})
# Verbs whose complement is reported, not asserted by the writer.
SAYING = frozenset({"say", "tell", "announce", "state", "declare", "confirm", "report", "add", "note", "claim",
                    "insist", "explain", "write", "indicate", "reveal", "disclose", "warn", "stress", "allege"})
# Verbs whose infinitive complement has not happened: "plans to withdraw", "agreed to send".
INTENDING = frozenset({"plan", "intend", "want", "wish", "seek", "expect", "agree", "decide", "hope", "aim",
                       "prepare", "threaten", "propose", "consider", "vow", "pledge", "promise", "ask", "urge",
                       "demand", "call", "order", "request", "offer", "refuse", "need", "try", "attempt",
                       "mull", "weigh", "be set", "move"})
# Verbs whose complement is the event itself under way: "began to withdraw", "started pulling out".
BEGINNING = frozenset({"begin", "start", "continue", "complete", "finish", "resume", "be", "set", "go", "help"})


_NO_RULES_TOKENIZER = "footprint.no_rules_tokenizer.v1"


def _no_rules_tokenizer():  # a spaCy registry factory: returns the function that builds the tokenizer
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


@functools.cache
def parser() -> Language | None:
    """The trained pipeline, loaded once; ``None`` when ``parser_model/`` is absent.

    Its tokenizer has no rules (it splits on spaces only): parses are built on the extractor's own tokens
    (``parse_tokens``), so the model's English tokenizer, about half of the load time, is neither built nor read.
    """
    if not (MODEL_DIR / "meta.json").is_file():
        return None
    import spacy  # spaCy is imported by the tokenizer already; the model load is what costs (about 0.1 s)

    spacy.registry.tokenizers.register(_NO_RULES_TOKENIZER, func=_no_rules_tokenizer)
    return spacy.load(MODEL_DIR, config={"nlp": {"tokenizer": {"@tokenizers": _NO_RULES_TOKENIZER}}},
                      exclude=["tokenizer"])


def parse_tokens(sentences: Sequence[tuple[Sequence[str], Sequence[bool]]]) -> list[Doc] | None:
    """Parses of ``sentences``, each given as (words, whether a space follows each word), in order.

    Returns ``None`` without the model. Token ``i`` of each parse is word ``i`` of its sentence.
    """
    nlp = parser()
    if nlp is None:
        return None
    from spacy.tokens import Doc

    docs = [Doc(nlp.vocab, words=list(words), spaces=list(spaces)) for words, spaces in sentences]
    return list(nlp.pipe(docs, batch_size=64))


def relation(token: Token) -> str:
    """The token's UD relation without its subtype: "nsubj:pass" -> "nsubj"."""
    return token.dep_.split(":", 1)[0]


def is_clause_head(token: Token) -> bool:
    """Whether ``token`` heads a clause: the root, a complement, adverbial or relative clause, or a verb
    coordinated with one ("arrived and took over")."""
    rel = relation(token)
    if rel in CLAUSE_RELATIONS or token.head.i == token.i:
        return True
    return rel == "conj" and token.pos_ in ("VERB", "AUX") and is_clause_head(token.head)


def clause_head(doc: Doc, index: int) -> int:
    """The head of the clause that token ``index`` stands in (itself when it heads one)."""
    token = doc[index]
    while not is_clause_head(token):
        token = token.head
    return token.i






def subtree(doc: Doc, index: int) -> range:
    """The span of token ``index`` and everything below it, as a range of token indices."""
    token = doc[index]
    return range(token.left_edge.i, token.right_edge.i + 1)


def subject(doc: Doc, head: int) -> int | None:
    """The subject of the clause headed by ``head``: its own ``nsubj``; for an infinitive or a coordinated verb
    without one, the subject of the verb it depends on ("France decided to withdraw"); for a participle or
    relative clause, the noun it describes ("troops deployed in Mali", "troops who arrived")."""
    token = doc[head]
    for _ in range(4):
        own = [child for child in token.children if relation(child) in SUBJECT_RELATIONS]
        if own:
            subject_token = own[0]
            if relation(token) == "acl" and subject_token.tag_ in ("WP", "WDT") and token.head.i != token.i:
                return token.head.i  # "troops who arrived": the antecedent, not "who"
            return subject_token.i
        rel = relation(token)
        if rel == "acl" and token.head.i != token.i:
            return token.head.i
        if rel in ("xcomp", "conj") and token.head.i != token.i:
            token = token.head
            continue
        return None
    return None


def objects(doc: Doc, head: int) -> list[int]:
    """Direct and indirect objects of ``head``."""
    return [child.i for child in doc[head].children if relation(child) in ("obj", "iobj")]


def case_word(doc: Doc, index: int) -> str | None:
    """The preposition that marks token ``index`` ("to" in "to Niger"), lower case; ``None`` without one."""
    for child in doc[index].children:
        if relation(child) == "case":
            return child.text.lower()
    return None


def obliques(doc: Doc, head: int) -> list[tuple[str | None, int]]:
    """(preposition, token) of each oblique or nominal modifier of ``head``: ("to", Niger), ("in", January)."""
    return [(case_word(doc, child.i), child.i) for child in doc[head].children
            if relation(child) in ("obl", "nmod", "nummod") or child.dep_ == "obl:tmod"]


def governors(doc: Doc, head: int) -> Iterator[tuple[str, int]]:
    """(relation, head) of each clause above ``head``, nearest first: ("ccomp", said), ("ROOT", ...)."""
    token = doc[clause_head(doc, head)]
    while token.head.i != token.i:
        rel = relation(token)
        token = token.head
        token = doc[clause_head(doc, token.i)]
        yield rel, token.i




def modal(doc: Doc, head: int) -> str | None:
    """The modal verb of the clause headed by ``head`` ("will", "could"), or "going to"; ``None`` without."""
    clause = doc[clause_head(doc, head)]
    for child in clause.children:
        if relation(child) == "aux" and child.lemma_.lower() in MODALS | {"wo", "ca"}:
            return {"wo": "will", "ca": "can"}.get(child.lemma_.lower(), child.lemma_.lower())
    if relation(clause) == "xcomp" and clause.head.lemma_.lower() == "go" and clause.head.tag_ == "VBG":
        return "going to"
    return None


def intention(doc: Doc, head: int) -> int | None:
    """The verb or noun of intending that the clause headed by ``head`` completes: "plans" in "plans to withdraw",
    "decision" in "the decision to withdraw"; ``None`` when none governs it."""
    clause = doc[clause_head(doc, head)]
    if relation(clause) in ("xcomp", "acl", "ccomp") and clause.head.lemma_.lower() in INTENDING | {
            "plan", "decision", "intention", "proposal", "request", "call", "demand", "order", "agreement"}:
        return clause.head.i
    return None






def tokens_in(doc: Doc, indices: Iterable[int]) -> str:
    """The words at ``indices`` joined with their own spacing (for messages and tests)."""
    chosen = sorted(set(indices))
    return "".join(doc[i].text_with_ws for i in chosen).strip()


# Modifiers that stay inside a noun phrase: "the first 300 Kenyan soldiers", "France's troops", "Mali, Niger and
# Chad". Prepositional modifiers are kept only for "of"/"from" (whose troops they are); "in"/"to" phrases name
# places, and clauses (relative, participle) say something else.
_PHRASE_RELATIONS = frozenset({"amod", "compound", "flat", "nmod", "poss", "appos", "conj", "cc", "det", "nummod",
                               "fixed", "case", "punct", "nmod:poss"})
OWNER_CASES: frozenset[str | None] = frozenset({None, "of", "from", "'s", "’s", "'"})
# Without "from": in "the withdrawal of troops from Yemen" Yemen is the place they leave.
OWNER_CASES_LEAVING: frozenset[str | None] = OWNER_CASES - {"from"}


def predicate(doc: Doc, index: int) -> int:
    """The word that heads the event at token ``index``: the verb for an auxiliary or copula ("has" in "has
    left" -> "left"), else the token itself."""
    token = doc[index]
    if relation(token) in ("aux", "cop") and token.head.i != token.i:
        return token.head.i
    return index


def phrase(doc: Doc, head: int, cases: frozenset[str | None] = OWNER_CASES) -> list[int]:
    """Indices of the noun phrase headed by ``head``, without its clauses and its place phrases: for "Kenyan
    soldiers from the EAC force in Goma who arrived" the tokens of "Kenyan soldiers from the EAC force".
    ``cases`` are the prepositions whose phrases it keeps (no preposition, "of", "from", possessive)."""
    out: list[int] = []
    stack = [doc[head]]
    while stack:
        token = stack.pop()
        out.append(token.i)
        for child in token.children:
            if child.dep_ not in _PHRASE_RELATIONS and relation(child) not in _PHRASE_RELATIONS:
                continue
            if relation(child) in ("nmod", "conj", "appos") and case_word(doc, child.i) not in cases:
                continue  # "Burundi, with 5,000 troops in Somalia,": a "with" phrase, however the parse hangs it
            stack.append(child)
    return sorted(out)




def agent(doc: Doc, head: int) -> int | None:
    """The "by" phrase of a passive verb ("deployed by Rwanda" -> Rwanda); ``None`` without one. Also one a weak
    parse hangs on the verb's place ("deployed to Chad by France")."""
    for child in doc[head].children:
        if (child.dep_ in ("obl:agent", "agent") or relation(child) == "obl") and case_word(doc, child.i) == "by":
            return child.i
    for child in doc[head].children:
        if relation(child) == "obl":
            for grandchild in child.children:
                if relation(grandchild) in ("nmod", "obl") and case_word(doc, grandchild.i) == "by":
                    return grandchild.i
    return None


def doer(doc: Doc, head: int) -> int | None:
    """Who does what the verb ``head`` says, where the parse can be trusted to tell: the verb's own subject; the
    subject of a verb of intending or beginning whose infinitive it is ("Chad decided to withdraw", "began
    pulling out", also when the parse hangs the infinitive on it as an adverbial clause); a coordinated verb's
    ("arrived and took over"); a participle's or relative clause's noun ("troops deployed in Mali"); the main
    clause's subject for a participle clause after it ("Germany sent troops, deploying them in Gao"). An
    infinitive under any other verb gets none: a parse that makes "remain" the complement of "left" is wrong."""
    token = doc[head]
    own = [child for child in token.children if relation(child) in SUBJECT_RELATIONS]
    if own:
        return subject(doc, head)
    rel = relation(token)
    governor = token.head
    if governor.i == token.i:
        return None
    infinitive = rel == "xcomp" or (rel == "advcl" and any(
        relation(child) == "mark" and child.lower_ == "to" for child in token.children))
    if infinitive:
        if governor.lemma_.lower() in INTENDING | BEGINNING:
            return doer(doc, governor.i)
        return None
    participle = (token.tag_ == "VBG" and token.i > governor.i) or (
        token.tag_ == "VBN" and token.left_edge.i == token.i)
    if rel == "advcl" and participle and not any(relation(child) == "mark" for child in token.children):
        # "Germany was the largest contributor, deploying in 2013", "Sent in 2011, the soldiers ...": a participle
        # clause's subject is the main clause's (not so "after French troops left Mali, ...", whatever its tag)
        return subject(doc, governor.i)
    if rel == "conj" and governor.pos_ in ("VERB", "AUX"):
        # "arrived and took over" shares its subject; in "..., and Tanzania and Malawi have also sent soldiers" the
        # names before the verb are its own subject, however the parse hangs them.
        first = min([child.i for child in token.children if relation(child) in ("aux", "advmod")] + [token.i])
        before = doc[first - 1] if first > 0 else None
        if before is not None and relation(before) not in ("cc", "punct"):
            return None
        return doer(doc, governor.i)
    if rel == "acl" and token.tag_ == "VBG" and token.i > governor.i and any(
            relation(child) == "cop" for child in governor.children):
        # "Sweden was the second contributor, deploying in 2014": hung on the noun predicate, the participle
        # still has the clause's subject
        return subject(doc, governor.i)
    if rel == "acl":
        return subject(doc, head)
    return None


def moved(doc: Doc, head: int) -> list[int]:
    """What the event word ``head`` moves: a verb's objects ("withdrew its soldiers"), or a noun's "of" phrase
    ("the withdrawal of French troops")."""
    token = doc[head]
    if token.pos_ in ("NOUN", "PROPN"):
        return [child.i for child in token.children if relation(child) == "nmod" and case_word(doc, child.i) == "of"]
    # A noun a weak parse hangs on the verb as a complement clause ("withdrew its last soldiers", "left Chad") is
    # its object all the same.
    return objects(doc, head) + [child.i for child in token.children if relation(child) in ("ccomp", "xcomp")
                                 and child.pos_ in ("NOUN", "PROPN", "NUM") and case_word(doc, child.i) is None]


def finite_clause(doc: Doc, head: int) -> bool:
    """Whether the clause headed by ``head`` is a clause in its own right, not a misparsed phrase: a verb with a
    subject, a subordinating word ("after", "where", "that"; not the "to" of an infinitive) or a relative pronoun
    of its own."""
    token = doc[head]
    if token.pos_ not in ("VERB", "AUX") and not any(relation(child) == "cop" for child in token.children):
        return False
    # "to" marks an infinitive, which a weak parse also makes of "to eastern Congo"
    return token.dep_ == "acl:relcl" or any(
        relation(child) in ("nsubj", "expl") or (relation(child) == "mark" and child.lower_ != "to")
        or child.tag_ in ("WDT", "WP", "WRB") for child in token.children)


def in_another_clause(doc: Doc, index: int, head: int) -> bool:
    """Whether token ``index`` stands in a finite clause other than the clause of ``head`` and the clauses above
    it: one nested below it ("in 2011" in "left the country where they were deployed in 2011") or beside it
    ("in 2012" in "the troops that Kenya sent in 2012 moved to Baidoa"); only a relative, participle or adverbial
    clause counts. A clause above it, or any clause of a verb of saying ("announced on Friday that ..."), is not
    another clause here."""
    own = clause_head(doc, head)
    inner = clause_head(doc, index)
    if inner == own or not finite_clause(doc, inner) or doc[inner].lemma_.lower() in SAYING:
        return False  # a verb of saying's clause reports the event, whichever head a weak parse gives it
    if relation(doc[inner]) not in ("acl", "advcl"):
        return False  # coordinated or complement clauses share a date ("was in Goma on Saturday and met troops")
    return inner not in {governor for _rel, governor in governors(doc, head)}


def span_head(doc: Doc, first: int, last: int) -> int:
    """The token of ``first``..``last`` whose head lies outside the span (the first such): the head of a name."""
    for index in range(first, last + 1):
        head = doc[index].head.i
        if head == index or not first <= head <= last:
            return index
    return first


def case_words(doc: Doc, index: int) -> set[str]:
    """All the prepositions marking token ``index``, lower case: {"next", "to"} for "next to Camp Lemonnier"."""
    return {child.text.lower() for child in doc[index].children if relation(child) in ("case", "fixed")}


def reports(doc: Doc, index: int, head: int) -> bool:
    """Whether token ``index`` stands in the clause of a verb of saying above the clause of ``head``: "on
    Wednesday" in "On Wednesday the ministry confirmed that soldiers left Mali"."""
    inner = clause_head(doc, index)
    return inner != clause_head(doc, head) and doc[inner].lemma_.lower() in SAYING and \
        inner in {governor for _rel, governor in governors(doc, head)}


# Conjunctions of a time clause whose event the sentence takes as having happened: "since they crossed".
TEMPORAL_MARKS = frozenset({"since", "after", "when", "once", "as"})
# Words that open an indirect question, whose event is given ("not known how many troops left").
WH_WORDS = frozenset({"how", "what", "which", "when", "where", "why", "who"})


def past_tense(doc: Doc, head: int) -> bool:
    """Whether the clause headed by ``head`` is in a past tense: a past finite verb ("crossed"), or a perfect
    ("has left", "had left")."""
    clause = doc[clause_head(doc, head)]
    if clause.tag_ == "VBD" and "Past" in clause.morph.get("Tense"):
        return True
    return clause.tag_ == "VBN" and any(relation(child) == "aux" and child.lemma_.lower() == "have"
                                        for child in clause.children)


def time_clause_mark(doc: Doc, head: int) -> str | None:
    """The conjunction that makes the clause of ``head`` a time clause ("since" in "since they crossed into
    Somalia"), lower case; ``None`` when its clause is no subordinate time clause. UD marks "since" and "after"
    as ``mark`` and "when" as ``advmod``; either counts when it opens the clause."""
    clause = doc[clause_head(doc, head)]
    if clause.head.i == clause.i:
        return None  # the main clause
    opening = [child for child in clause.children if relation(child) in ("mark", "advmod") and child.i < clause.i
               and child.lower_ in TEMPORAL_MARKS]
    return opening[0].lower_ if opening and opening[0].i == clause.left_edge.i else None


def presupposed(doc: Doc, head: int) -> bool:
    """Whether the clause of ``head`` tells a past event as given, whatever the main clause does with it:
    "it would be the deadliest attack since they crossed into Somalia in 2011" (the crossing happened)."""
    mark = time_clause_mark(doc, head)
    if mark is None or not past_tense(doc, head):
        return False
    clause = doc[clause_head(doc, head)]
    # "once the troops have arrived" under "will deploy" is still to come; "since they have arrived" is not
    return mark == "since" or not any(relation(child) == "aux" and child.lower_ in ("has", "have", "'ve")
                                      for child in clause.children)


def noun_phrase(doc: Doc, index: int) -> list[int]:
    """The phrase token ``index`` heads, without what is coordinated with it or its clauses: "the opposition" in
    "expelled the opposition and French troops stayed"."""
    out: list[int] = []
    stack = [doc[index]]
    while stack:
        token = stack.pop()
        out.append(token.i)
        stack.extend(child for child in token.children
                     if relation(child) not in ("conj", "cc", "punct", "parataxis") and not is_clause_head(child))
    return sorted(out)


def direct_object(doc: Doc, head: int) -> int | None:
    """The direct object of ``head`` ("the opposition" in "expelled the opposition"): its head noun's index."""
    found = [child.i for child in doc[head].children if relation(child) == "obj"]
    return found[0] if found else None


def subject_denied(doc: Doc, head: int) -> bool:
    """Whether the verb of ``head``'s clause has a subject quantified by "no": "no troops from Chad have been
    deployed", "no foreign forces remain". Only a verb's own subject counts ("the withdrawal will have no
    impact" says nothing of the withdrawal)."""
    clause = doc[clause_head(doc, head)]
    if clause.pos_ not in ("VERB", "AUX") or not (clause.i == head or (
            doc[head].head.i == clause.i and relation(doc[head]) == "aux")):
        return False  # "after the withdrawal ..., no soldiers remained": the noun is not what is denied
    return any(relation(child) == "nsubj" and any(relation(grand) == "det" and grand.lower_ == "no"
                                                  for grand in child.children) for child in clause.children)


# Verbs of a sender's own intending, and those that frame a pullout noun as decided or under way (what
# others want, ask or demand is left to the rules, which tell a host's demand from protesters').
OWN_INTENDING = frozenset({"plan", "intend", "decide", "agree", "prepare", "expect", "aim", "vow", "pledge",
                           "promise", "seek", "set", "begin", "start", "schedule", "announce"})
ANNOUNCING = OWN_INTENDING | {"order", "approve", "launch", "initiate", "confirm", "propose"}


def _lemma(token: Token) -> str:
    from footprint.extract.classifier import lemma

    return lemma(token.text)


def framed_as_announced(doc: Doc, index: int) -> bool:
    """Whether the pullout word at ``index`` is framed as to come: an infinitive under a verb of intending or
    announcing, however far ("plans, according to two officials, to withdraw"); a verb under "will"; a noun that
    such a verb takes ("announced the withdrawal"), that "will" happen ("the withdrawal ... will begin"), or that
    a participle describes ("the pullout, expected next year, ...")."""
    token = doc[index]
    if token.pos_ in ("VERB", "AUX"):
        intending = intention(doc, index)
        # a verb of the sender's own intending; what others want or demand ("protesters want France to
        # withdraw"), or a noun ("complying with the decisions to withdraw"), is left to the rules
        if (intending is not None and doc[intending].pos_ == "VERB" and _lemma(doc[intending]) in OWN_INTENDING) or \
                modal(doc, index) in ("will", "shall", "going to", "must"):
            return True
        clause = doc[clause_head(doc, index)]
        return relation(clause) in ("xcomp", "ccomp") and _lemma(clause.head) in OWN_INTENDING and \
            clause.head.i < clause.i
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(relation(child) == "acl" and _lemma(child) in ANNOUNCING for child in token.children):
        return True
    head = token.head
    if relation(token) == "obj" and _lemma(head) in ANNOUNCING:
        return True
    return relation(token) == "nsubj" and head.pos_ in ("VERB", "AUX") and (
        modal(doc, head.i) in ("will", "shall", "going to") or _lemma(head) in ("begin", "start"))


def negated_verb(doc: Doc, index: int) -> bool:
    """Whether the verb at ``index``, or a verb whose complement it is, is negated by "not", "n't" or "never",
    however far the words stand apart: "does not, for now, plan to withdraw", "will not, the minister said,
    withdraw". A noun is not read this way ("the withdrawal will have no impact")."""
    if doc[index].pos_ not in ("VERB", "AUX"):
        return False
    token = doc[clause_head(doc, index)]
    for _ in range(3):
        if any(relation(child) == "advmod" and child.lower_ in ("not", "n't", "never") for child in token.children):
            return True
        if relation(token) not in ("xcomp", "ccomp") or token.head.i == token.i:
            return False
        if relation(token) == "ccomp" and any(word.lower_ in WH_WORDS for word in
                                              doc[token.left_edge.i:min(token.i, token.left_edge.i + 3)]):
            return False  # "it is not known how many troops have redeployed": that some did is given
        token = doc[clause_head(doc, token.head.i)]
    return False
