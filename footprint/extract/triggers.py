"""Event triggers: the words that say troops arrived, are present, left, or handed over a site."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from footprint.extract import syntax

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Trigger:
    """Words that report an event; ``start``/``end`` are character offsets in the sentence."""

    event: str
    start: int
    end: int
    nominal: bool = False


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{pattern})\b")


# Irregular verbs' forms (base, third person, past, participle, gerund) where the regular rules below fail.
_IRREGULAR = {"leave": ("leave", "leaves", "left", "leaving"), "fly": ("fly", "flies", "flew", "flown", "flying"),
              "withdraw": ("withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"),
              "send": ("send", "sends", "sent", "sending"), "take": ("take", "takes", "took", "taken", "taking"),
              "give": ("give", "gives", "gave", "given", "giving"), "keep": ("keep", "keeps", "kept", "keeping"),
              "run": ("run", "runs", "ran", "running"), "set": ("set", "sets", "setting"),
              "quit": ("quit", "quits", "quitting"), "shut": ("shut", "shuts", "shutting"),
              "hold": ("hold", "holds", "held", "holding"), "bring": ("bring", "brings", "brought", "bringing"),
              "draw": ("draw", "draws", "drew", "drawn", "drawing"), "come": ("come", "comes", "came", "coming"),
              "go": ("go", "goes", "went", "gone", "going")}


# Verbs of two syllables stressed on the last, which double its consonant: "patrolled", "transferred".
_STRESSED_LAST = frozenset({"patrol", "transfer", "control", "expel", "compel", "repel", "commit", "rebel"})


def verb_forms(lemma: str) -> tuple[str, ...]:
    """Every inflected form of the verb ``lemma`` ("arrive" -> arrive, arrives, arrived, arriving), by the regular
    English spelling rules unless it is irregular; ``tests/test_extract_triggers.py`` checks them against the
    spacy-lookups-data lemma table."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        stem = lemma[:-1]
        return lemma, lemma + "s", stem + "ed", stem + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s"
    # one-syllable consonant-vowel-consonant stems double their last consonant: "drop" -> "dropped"
    double = re.fullmatch(r"[^aeiou]*[aeiou][bdfgklmnprtv]", lemma) is not None or lemma in _STRESSED_LAST
    stem = lemma + lemma[-1] if double else lemma
    return lemma, third, stem + "ed", stem + "ing"


def _verbs(lemmas: str, forms: str = "") -> str:
    """A regex alternation of the forms of the space-separated verb ``lemmas``; ``forms`` picks which:
    any of "b" (base), "s" (third person), "d" (past and participle), "g" (gerund); all when empty."""
    wanted = []
    for lemma in lemmas.split():
        all_forms = verb_forms(lemma)
        base, third, *past, gerund = all_forms
        picked = {"b": [base], "s": [third], "d": past, "g": [gerund]}
        wanted += [form for key in (forms or "bsdg") for form in picked[key]]
    return "|".join(sorted(set(wanted), key=lambda w: (-len(w), w)))


_WITHDRAWN = _words(
    r"withdrew|(?:have|has|had|been|were|was) (?:now |already |finally |fully |officially )?withdrawn"
    r"|(?:have|has|had) (?:now |already |finally |fully |officially )?(?:left|departed|pulled out|exited|quit"
    r"|vacated)|left(?!-)|departed|pulled (?:[\w'-]+ ){0,4}?(?:out|back)|exited|vacated|evacuated"
    r"|moved (?:[\w'-]+ ){0,3}?out|flew out|flown out|retreated from"
    # "Kenyan troops are now out of Somalia", "are gone from Mali": the exit is done
    r"|(?:(?<=troops )|(?<=soldiers )|(?<=forces )|(?<=personnel )|(?<=contingent ))(?:are|is|were|was)"
    r" (?:now |all |finally |completely |long )?(?:out of|gone from)(?= (?-i:[A-Z]))"
    r"|pulled (?:[\w'’-]+ ){0,4}?(?:troops|forces|soldiers|personnel|contingents?|units?|military|mercenaries"
    r"|instructors|peacekeepers|battalions?) from"
    r"|relocated|redeployed|(?:returned|went|came|flew|headed|sailed) (?:back )?home"
    r"|repatriated(?! (?:the )?(?:bodies|remains))|quit(?= (?:the )?(?-i:[A-Z]))"
    r"|(?:closed|shut|shut down|dismantled|abandoned) (?:its|their|the|a) (?:[\w'-]+ ){0,3}?(?:bases?|camps?"
    r"|facilit(?:y|ies)|airbases?|outposts?)"
    r"|(?:transported|flown|brought|shipped) (?:back|home)"
    # troops landing back home: "arrived back in Dublin", "returned from Chad", "came home from Mali"
    rf"|(?:{_verbs('arrive land', 'sd')}|touched down|got|get|gets|flew|flown|came|comes|come) back (?:in|at|to|home)\b"
    rf"|(?:{_verbs('return', 'sd')}|(?:came|comes|come|got|get|gets|flew|flown) (?:back|home)) (?:home )?from\b"
    r"|(?:carried|airlifted|flown|ferried|took|taken) (?:[\w'-]+ ){1,10}?out of (?:the country|(?-i:[A-Z]))"
    # "boarded a plane at Goma Airport ... bound for Nairobi": a departure home
    r"|boarded (?:a |an |the |their |its )?(?:[\w-]+ )?(?:planes?|flights?|aircraft|airplanes?|ships?|vessels?|buses"
    r"|trucks)(?=[^.;]{0,90}?\b(?:bound for|heading (?:for|to|home|back)|back (?:to|home)|home|to return)\b)"
)
_WITHDRAWAL_DONE = _words(
    r"(?:completed|finished|concluded) (?:pulling (?:[\w'’-]+ ){0,4}?out|withdrawing|leaving|moving out)"
    r"|(?:complete[sd]|finish(?:es|ed)|conclude[sd]|wrap(?:ped|s) up|finali[sz]e[sd]) (?:the |its |their |a )?"
    r"(?:[\w'-]+ )?"
    r"(?:withdrawal|pullout|pull-out|departure|exit|disengagement"
    r"|drawdown|retreat)"
    r"|(?:withdrawal|pullout|pull-out|departure|exit|disengagement)(?: [\w'-]+){0,8}? (?:is|was|has been"
    r"|had been|were|have been) (?:now |officially |fully )?(?:complete|completed|finalised|finalized|concluded"
    r"|over|done)"
    r"|(?:withdrawal|pullout|pull-out|departure|exit|disengagement)(?: [\w'-]+){0,8}? (?:has |had )?(?:ended|finished"
    r"|concluded|took place|was carried out)"
    r"|presence (?:[\w'’-]+ ){0,8}?(?:has |had )?(?:ended|ceased|finished)"
    r"|(?:completion|conclusion) of (?:the |its |their )?(?:[\w'-]+ ){0,2}?(?:withdrawal|pullout|departure"
    r"|disengagement)"
    r"|(?:end|clos)(?:e|es|s|ed|ing)? (?:[\w'-]+ ){0,9}?presence|(?:end|close) (?:of|to) (?:[\w'-]+ ){0,9}?presence"
    r"|presence (?:[\w'-]+ ){0,8}?(?:has |have |had )?(?:come|came|comes|drawn|drew) to an? (?:[\w-]+ )?(?:end|close)"
    r"|end(?:s|ed)? (?:its|their|the) (?:[\w'-]+ ){0,3}?(?:mission|operations|deployment|stay)"
    r"|end of (?:its|their|the) (?:[\w'-]+ ){0,3}?(?:mission|operations|deployment)"
    r"|no longer (?:present|stationed|based)|(?:kicked|booted|forced|thrown|threw|drove|driven|pushed|chased) out"
    r"|expelled|expels|expelling|expulsion of"
)
# "Trump ordered American forces out of the country": an order to leave.
_ORDERED_OUT = _words(r"order(?:ed|s|ing)? (?:[\w'’-]+ ){0,4}?(?:troops|forces|soldiers|personnel|contingent"
                      r"|mercenaries|instructors|military) out")
_DISMANTLING = _words(r"(?:dismantling|closing|shutting down|tearing down|vacating|evacuating|packing up|emptying)"
                      r" (?:parts of |part of )?"
                      r"(?:its|their|the|a) (?:[\w'-]+ ){0,3}?(?:bases?|camps?|facilit(?:y|ies)|airbases?|outposts?)")
_WITHDRAW_WORD = _words(
    rf"{_verbs('withdraw leave depart exit quit evacuate', 'bsg')}|withdrawal|withdrawals"
    r"|pull(?:s|ing)? (?:[\w'-]+ ){0,4}?out|pull-out"
    r"|pullout|pull back|be out of|be gone"
    r"|depart|departing|departure|exit|exiting|quit|quitting|go home|going home|return home|returning home"
    r"|(?:head|heads|heading|headed) (?:back )?home"
    r"|returns home|disengagement|be withdrawn|be pulled out|evacuate|evacuating"
)
_ANNOUNCED_AFTER = re.compile(
    r"(?i)(?:\s+(?:of|from)\s+(?:[\w'-]+\s+){1,6}?)?\s*(?:will|is to|are to|is expected|is scheduled|is set"
    r"|would be|must"
    r"|should|is due|has been ordered|was ordered|was announced|has been announced"
    r"|(?:(?:is|was)\s+)?(?:now\s+|already\s+)?(?:under way|underway|in progress|ongoing)"
    # "the withdrawal of US troops from Niger began in May": a pullout begun, not done
    r"|(?:has\s+|had\s+)?(?:now\s+|already\s+)?(?:began|begun|started|kicked off|got under ?way|continues|continued)"
    r"|(?:that|which)\s+(?:[\w'-]+\s+){0,3}?(?:ordered|announced|decided|demanded|planned|requested)"
    # "leaving the country by the end of July": a deadline still ahead
    r"|(?:\s*\S+){0,4}?\s+by\s+(?:the\s+)?(?:end|middle|start|beginning|close)\s+of\s+(?:the\s+)?(?:year|month"
    r"|January|February|March|April|May|June|July|August|September|October|November|December|(?:19|20)\d{2}))\b"
)
_PERMISSION = _words(r"let|lets|allow|allows|allowed|allowing|permit|permits|permitted|enable|enables|enabled"
                     r"|authori[sz]e[sd]?|authori[sz]ing")
_PROGRESSIVE = re.compile(r"(?i)\b(?:is|are|was|were|been|now|currently|already|gradually)\s+$")
_CARRIED = _verbs("airlift ferry ship transport truck bus rush", "d")
_ARRIVED = _words(
    r"arrived|arrives|arrive(?= (?:in|at|on)\b)|landed|lands|land(?= (?:in|at) (?:the )?(?-i:[A-Z]))|touched down"
    r"|(?:flew|flown|flies) (?:in|into|to)|entered|enters|enter|reached|reach"
    # passive transport: "were airlifted to Mali", "had been ferried into Cabo Delgado"
    rf"|(?:(?<=were )|(?<=was )|(?<=been ))(?:{_CARRIED}|flown) (?:in)?to(?= (?:the )?(?-i:[A-Z]))"
    r"|(?:flew|flown|flying|airlifted|airlifting) (?:(?!from\b)[\w'-]+ ){1,5}?(?:into|to)(?= (?:the )?(?-i:[A-Z]))"
    r"|(?:are|is|were|was|began|begun|started|have been|has been) (?:(?:currently|now|still|already|gradually) )?"
    r"(?:arriving|deploying|landing)"
    # "two C-130 aircraft have delivered troops and equipment to Mogadishu": carried there
    r"|deliver(?:ed|s|ing) (?!by\b)(?:[\w'’-]+ ){0,3}?(?:troops|soldiers|personnel|peacekeepers|marines|paratroopers"
    r"|servicemen|special forces)\b"
    r"|began deploying|started deploying|begun deploying|moved into|moved in|poured into|rolled into"
    r"|(?:crossed|crosses|crossing|crept|poured|rolled|marched|pushed) (?:[\w'-]+ ){0,3}?into"
    r"(?= (?:[\w'-]+ ){0,2}?(?-i:[A-Z]))"
    r"|intervened (?:militarily )?in|launch(?:ed|es)? (?:a |an |its |the )?(?:[\w'’-]+ )?(?:military )?intervention in"
    r"|(?<!was )(?<!were )(?<!been )(?<!being )(?<! be )(?<! is )returned to (?=(?:the )?(?-i:[A-Z]))"
    r"|moved back into|set foot (?:in|on)|disembark(?:ed|s|ing)? (?:in|at)|(?:took|taken|take|takes|taking) up"
    r" positions (?:in|at|around|near)"
    # "relocated to Niger from Mali": arriving where it moves to; the bare verb is the departure
    r"|(?:relocated|moved|shifted) (?:[\w'’-]+ ){0,3}?(?:in)?to(?= (?:the )?(?-i:[A-Z]))"
    # setting up a presence is arriving there
    r"|(?:established|set up|built up|setting up|establishing) (?:a |its |their )?(?:[\w'’-]+ )?(?:military )?"
    r"presence (?:in|at)|(?:re-?deployed|returned|moved|sent) back (?:in)?to(?= (?:the )?(?-i:[A-Z]))"
    r"|re-?deployed (?:in)?to(?= (?:the )?(?-i:[A-Z]))"
)
# Opening a base is the force's arrival there, dated when it opened: "In 2017, Turkey opened its biggest overseas
# military base in Mogadishu", "in 2011 established the base in Djibouti", "base put into use". A base only
# planned ("plans to set up", "set to establish") is a plan; "began operations" (shared case k02) and a headline's
# "opens its base" (development set) stay a presence.
_OPENED_BASE = _words(
    r"(?<!to )(?:opened|established|inaugurated|set up|built|constructed) (?:[\w'’-]+ ){0,4}?(?:military |naval "
    r"|air |logistics? |logistical )?(?:base|airbase|facility|outpost|garrison)"
    r"|(?<=base )(?:was |were |has been |had been )?(?:opened|inaugurated|put into use|put into service)"
    # "the Chinese navy's base in Djibouti opened in 2017": the place between the noun and its verb
    r"|(?<=base )(?:in|at|near) (?:the )?(?:(?-i:[A-Z])[\w'’-]* ){1,3}(?:was |were |has been |had been )?"
    r"(?:opened|inaugurated)"
)
_SENT = _words(r"sent|sends|sending|dispatched|dispatches|dispatching|deploys|deploying"
               r"|(?:deploy|send|dispatch)(?= (?:[\w'’-]+ ){0,6}?(?:in|into|to) (?:the )?(?-i:[A-Z]))"
               r"|(?<=first country to )(?:deploy|send)|(?<=first nation to )(?:deploy|send)")
_DEPLOYED = _words(r"deployed")
# "deployed in the country to fight jihadists": "to" before a verb gives the purpose, not the destination.
_NOT_PURPOSE = (r"(?!\s+(?:fight|help|support|train|protect|secure|assist|combat|counter|bolster|reinforce|guard|back"
                r"|aid|battle|defend|monitor|oversee|supervise|stabili[sz]e|restore|hunt|tackle|boost|shore|provide"
                r"|carry|conduct|join|ensure|keep|maintain|police|patrol|free|retake|contain|curb|fend|repel|evacuate"
                r"|rescue|escort|strengthen|advise|mentor|work|serve|operate|participate|take part)\b)")
# "the arrival of Wagner", "the arrival in Mali of private military contractors"
_ARRIVAL_NOUN = _words(r"arrivals? (?:(?:in|at|on) (?:the )?(?-i:[A-Z])[\w'’-]*(?: (?-i:[A-Z])[\w'’-]*){0,3} )?of")
_PRESENT = _words(
    r"stationed|garrisoned|based (?:in|at|near|out of|inside|on (?=the (?:island|coast|border)|(?-i:[A-Z])))"
    r"|present (?:in|at|on|inside)|housed|housing"
    r"|(?:houses|hosts|hosting|hosted)(?= (?:[\w'-]+ ){0,4}?(?:troops|soldiers|forces|battalion|contingent"
    r"|personnel|units?|marines|warplanes|aircraft|jets|drones|(?:naval |military |air )?(?:bases?|airbases?)"
    r"|(?-i:[A-Z]\w+ (?:troops|soldiers|forces|Marine|Army|Air|Navy)))\b)|headquartered"
    r"|(?:remain|remains|remained|stay|stays|stayed)(?! (?:committed|concerned|unclear|uncertain|calm|tense|open"
    r"|unchanged|stable|volatile|fragile|unknown|hopeful|wary|cautious|opposed|determined|ready|an?|one|the|to be"
    r"|key|important|critical|vital|skeptical|sceptical|elusive|limited|focused|engaged|unresolved|silent)\b"
    # "remain unified and vigilant", "remained neutral": an adjective after it is a state of mind, not a place
    r"| (?!(?:present|operational|active|resident)\b)[a-z]+(?:ful|ous|ive|ant|ent|ible|able|al|ied|ic|less|ise"
    r"|ize)\b)"
    r"|remaining|staying"
    r"|(?:retreated|fell back|fallen back|regrouped) (?:to|in)(?= (?:[\w'’-]+ ){0,4}?(?-i:[A-Z]))"
    r"|(?:(?<=troops )|(?<=soldiers )|(?<=forces )|(?<=personnel ))(?:make|makes|made) up(?= (?:about |nearly |some "
    r"|around |more than |over |almost |roughly )?\d| (?:a |the )?(?:large |big |major |significant |small |greater )?"
    r"(?:part|bulk|majority|share|backbone|core)\b)"
    # "Zambian troops are among the UN peacekeepers in the Central African Republic"
    r"|(?:is|are|was|were) among (?:the )?(?:[\w'’-]+ ){0,3}?(?:troops|peacekeepers|forces|contingents|soldiers"
    r"|contributors)\b"
    r"|contribut(?:e|es|ed|ing) (?:the |a |an |its |their )?(?:[\w,'’-]+ ){0,3}?(?:troops|soldiers|personnel"
    r"|contingents?|battalions?|peacekeepers|units?) to(?= (?:the )?(?-i:[A-Z]))"
    r"|contribut(?:e|es|ing) (?:(?:(?:some|about|around|nearly|roughly|over|more than|up to) )?(?:\d[\d,]* )?"
    r"(?:troops|soldiers|personnel"
    r"|forces|a contingent|a battalion|contingents|battalions) )?to (?:the|a|an) (?:[\w',-]+ ){0,4}?(?:force|mission"
    r"|operation|contingent)s?"
    r"|(?:occup(?:y|ies|ying)|(?<=has )occupied|(?<=have )occupied|(?<=had )occupied|(?<=long )occupied)"
    r"(?! (?:a |an |the )?(?:seat|post|role|position of|office|chair|place in|top|first|second|third|last))"
    # a force's make-up stated: "the contingent is composed of 413 members"
    r"|(?:(?:is|are|was|were) (?:made up of|composed of|comprised of)|consists of|comprises) (?:about |some "
    r"|around |nearly |roughly |more than |over |up to )?\d[\d,]* (?:[\w'’-]+ )?(?:members|troops|soldiers"
    r"|personnel|officers|servicemen|peacekeepers|marines|gendarmes)\b"
    r"|(?:made up of|composed of|comprising|consisting of|drawn from|comprised of) (?:[\w'’-]+ ){0,4}?"
    r"(?:soldiers|troops|forces|contingents|personnel|units|battalions) from"
    r"|contribut(?:e|es|ed|ing) (?:(?:some|about|around|nearly|roughly|over|more than|up to) )?(?:\d[\d,]* )?"
    r"(?:troops|soldiers|personnel|forces|contingents|battalions) to(?= (?:the )?(?-i:[A-Z]))"
    r"|(?<=base |camp )(?:used|operated|run|occupied|shared) by"
    # "especially through its military base in Djibouti", "the French army's base at Abidjan"
    r"|(?:(?<=its )|(?<=their )|(?<='s )|(?<=’s ))(?:(?:first|only|largest|main|overseas|foreign|permanent|naval"
    r"|military|air|drone|logistics|logistical|support|army|navy)[ -])*(?:base|airbase|naval base|air base)"
    r"(?= (?:(?:is|was) (?:located )?)?(?:in|at|near|outside) (?:the )?(?-i:[A-Z]))"
    r"|(?<=airfield |facility |airstrip )(?:used|operated|run|occupied|shared) by"
    # a presence others report without asserting it: "are thought to be in Libya"
    r"|(?:is|are|was|were) (?:thought|believed|estimated|said|reported|understood|known) to (?:be|have been)"
    r" (?:(?:stationed|based|deployed|present) )?(?:in|inside|at)(?= (?:the )?(?-i:[A-Z]))"
    r"|(?:share|shares|shared|sharing) (?:[\w'’-]+ ){0,3}?(?:base|camp|airbase|facility|compound)"
    r"|(?:troop |military )?contributions? (?:of (?:[\w,'’-]+ ){1,4})?to(?= (?:the )?(?-i:[A-Z]))"
    r"|co-located|colocated|(?:operat(?:es|e|ed|ing)|fl(?:y|ies|ying)|launch(?:es|ed|ing)?) (?:from|out of)"
    r"|(?<!to )(?-i:operat(?:es|e|ing))"  # not "Forward Operating Base", a name
    r"|continu(?:e|es|ed|ing) to (?:operate|be (?:based|stationed|deployed|present)|maintain|keep|have|hold|man|use"
    r"|patrol|guard|occupy|train)"
    r"|(?:are|is|were|was|been) (?:training|working with|guarding|protecting|patrolling|advising|helping)"
    r"|(?:(?<=troops )|(?<=soldiers )|(?<=forces )|(?<=personnel )|(?<=peacekeepers )|(?<=contingent )"
    r"|(?<=who )|(?<=which ))(?:serve|serves|served|serving) (?:in|under|with|at)"
    # "Niger is home to about 1,000 US troops", "Djibouti, home to a Chinese naval base"
    r"|(?:home|host) to(?= (?:[\w'’,-]+ ){0,6}?(?:troops|soldiers|forces|bases?|airbases?|contingents?|garrisons?"
    r"|personnel|mercenaries|servicemen|marines)\b)"
    r"|(?:began|begun|started|starts|begins) operations|became operational|(?:manned|staffed|crewed) by"
    r"|(?:active|reorgani[sz]ing (?:itself|themselves)|regrouping|entrenched|embedded) in"
    r"|embedded (?:themselves |itself )?(?:in|within)|(?:has|have|had) (?:long |also )?(?:operated|been operating) in"
    # a force made larger is there: "bolstered its presence in Mali", "expanded its contingent"
    r"|(?:expand|increas|boost|bolster|strengthen|reinforc|beef)(?:ed|es|s|ing)?(?: up)? (?:its|their|the) "
    r"(?:[\w'’-]+ )?(?:military )?(?:presence|contingent|deployment|garrison|forces|troops)"
    # fighting in a country is being there: "where it fought in the civil war", "troops fighting alongside"
    r"|(?:fought|fighting|battling|battled) (?:(?:[\w'’-]+ ){0,3}?in(?= (?:the )?(?-i:[A-Z]))|alongside)"
    # "the mercenaries are fighting for Hifter's forces", "are spearheading the battle for Tripoli"
    r"|(?:(?<=are )|(?<=is ))(?:fighting|battling) (?:for|against|on behalf of"
    r"|on the side of)\b"
    r"|spearhead(?:s|ed|ing)? (?:the |a |an )?(?:[\w'’-]+ ){0,3}?(?:battle|fight|offensive|assault|attack|push"
    r"|war|campaign|operations?)\b"
    # "Malawi, Tanzania and South Africa have all lost soldiers in the ongoing conflict in the DRC"
    r"|(?:(?<=have )|(?<=has )|(?<=all )|(?<=also ))lost (?:[\w,'’-]+ ){0,3}?(?:soldiers|troops|peacekeepers"
    r"|servicemen|personnel) (?=in (?:the )?(?:ongoing|current|continuing|fighting|conflict|war|battle|(?-i:[A-Z])))"
    # "the ongoing joint UPDF and FARDC operations against the ADF": a force at work there now
    r"|ongoing (?:[\w'’-]+ ){0,4}?operations (?:against|in)\b"
    r"|(?:runs?|running) (?:[\w'-]+ ){0,4}?(?:base|camp|facility|airbase|outpost)"
    r"|(?<=(?:base|camp) )(?:it|they) (?:runs|run|operates|operate|maintains|maintain)"
    r"|(?:been |were |was )?(?:sighted|spotted|seen) (?:in|at)"
    r"|located (?:primarily |mainly |mostly )?(?:in|at|near)|work(?:s|ing)? (?:here|there)"
    r"|opens? (?:[\w'-]+ ){0,4}?(?:military |naval |air )?(?:base|airbase|facility|outpost)"
    r"|there (?:are|were|is|was|remain|remained)(?= [\w\s,]{0,30}\d)"
    r"|(?:maintains?|maintained|maintaining|keep|keeps|kept|keeping)"
    r"(?= (?:them |it )?(?:in|at|there)\b| (?:[\w'’,-]+ ){0,5}?(?:troops|soldiers"
    r"|forces|bases?|presence|contingents?|garrisons?|personnel|facilit(?:y|ies)|outposts?|military|instructors"
    r"|mercenaries|units?|detachments?|servicemen|marines|airbases?|drones?|aircraft)\b)"
    r"|(?:has|have|had|still has|still have)(?= (?:(?:about|some|around|nearly|roughly|more than|over"
    r"|approximately|an estimated|a|an|its|their|\d[\d,]*(?: \d{3})*|(?-i:[A-Z][\w.]*)|military|own|permanent|small"
    r"|large|already|naval)\s+){0,4}(?:troops|soldiers|personnel|bases?|military base|forces|servicemen|contingent"
    r"|garrison|instructors|mercenaries|facility|facilities|airbase|air base|outpost|presence)\b)"
)
# A force's size stated as a fact: the subject is the force, the verb says how many it counts now.
_NUMBERS = re.compile(
    r"(?i)\b(?:contingent|force|forces|mission|deployment|presence|garrison|troops|battalion|soldiers|mercenaries"
    r"|personnel|instructors)\b(?:\s+[\w'’-]+){0,4}?"
    r"\s+(?:currently\s+|now\s+|still\s+)?(?P<verb>numbers|numbered|totals|totalled|totaled|stands at|comprises"
    r"|number|total"  # "Ethiopia's troops in Somalia number about 3,000": the plural subject's verb
    r"|(?:(?:is|are) (?:thought|believed|estimated|said|reported|understood) to )number"
    r"|counts)(?=\s+(?:about|some|around|nearly|roughly|more than|over|approximately|an estimated|close to)?\s*\d)"
)
_PRESENCE_NOUN = _words(r"presence|deployment|deployments")
# "deployed in Niger in March 2023", "... on 9 July 2021", "... since 2021": a place, then a point in the past,
# in the same clause.
_AT_A_PAST_TIME = re.compile(
    r"(?i)\s+(?:in|at|across|around)\s+[^,;.]{1,60}?\b(?:in|on|since|last|this|early|late)\s+"
    r"(?:(?:early|late|mid-?|the)\s*)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December|(?:19|20)\d{2}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|week|weekend|month|year)\b"
)
# "deployed in 2011", "deployed in March 2023": the verb dated at once, with no place between.
_DATED_RIGHT_AFTER = re.compile(
    r"(?i)\s+(?:in|on)\s+(?:(?:early|late|mid-?)\s*)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:(?:January|February|March"
    r"|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2})?,?\s+)?(?:19|20)\d{2}\b"
)
_SINCE_A_TIME = re.compile(
    r"(?i)\s+(?:in|at|near|on)\s+[^,;.]{1,50}?\bsince\s+(?:(?:early|late|mid-?|the)\s*)?(?:\d{1,2}\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:19|20)\d{2}"
    r"|last)\b"
)
_HAD_UNTIL = re.compile(r"(?i)\bhad\s+(?:\w+\s+){0,2}$|\b(?:was|were)\s+$")
_UNTIL_A_TIME = re.compile(
    r"(?i)(?:\s+(?:[^,;.]|(?<=\d)[,.](?=\d)){1,60}?)?\s+until\s+(?:(?:early|late|mid-?|the end of)\s*)?(?:\d{1,2}\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:19|20)\d{2}"
    r"|last)\b"
)
# "had troops in Mali until 2022", "Until 2023, France kept 1,500 troops in Niger": held until then, so gone then.
_HELD_PAST = frozenset({"had", "kept", "maintained", "hosted", "housed", "stationed", "garrisoned"})
_FRONTED_UNTIL = re.compile(r"(?i)\s*until\s+[^,;]{1,30},\s+(?:[\w'’.-]+\s+){0,4}$")
# Troops seen at their work in a place: "Chadian soldiers patrol the streets of Gao".
_PATROL = re.compile(r"(?i)\b(?:(?<=troops )|(?<=soldiers )|(?<=forces )|(?<=peacekeepers )|(?<=marines ))"
                     r"(?:patrol|patrols|patrolled|guard|guards|secure|secures|man|mans)\b"
                     r"(?= (?:the |a )?(?:[\w'’-]+ ){0,3}?"
                     r"(?:streets?|roads?|town|city|border|airport|port|base|camp|area|region|villages?|(?-i:[A-Z])))")
_TROOPS_ARE_IN = re.compile(
    r"(?i)\b(?:troops|soldiers|forces|personnel|servicemen|instructors|trainers|advisers|advisors|mercenaries|contractors"
    r"|peacekeepers|marines|paramilitaries|operatives|specialists|gendarmes|legionnaires|paratroopers|commandos"
    r"|contingents?|battalions?|(?-i:Russians|Americans|Turks|Germans|Italians|Rwandans|Ugandans|Burundians|Chadians"
    r"|Kenyans|Egyptians))(?: [\w'-]+){0,2}?(?:,? (?:who|which|that))? "
    r"(?P<verb>(?:is|are|has been|have been) (?:still |now |currently |also )?"
    r"(?:in|inside|at)|(?:is|are|was|were) (?:also )?part of(?= (?:the |an? )?(?:[\w'’-]+ ){0,4}?(?:force|mission"
    r"|operation|contingent|coalition|convoy|column|(?-i:[A-Z]{3,}))\b)"
    # "100 Bundeswehr soldiers are currently waiting at an air base": doing something there now
    r"|(?:is|are) (?:currently|still|now) (?!(?:deploying|arriving|landing|moving|heading|withdrawing|leaving"
    r"|pulling|returning)\b)(?-i:[a-z]+ing) (?:in|inside|at)(?= (?:the |an? )?(?:[\w'’-]+ ){0,3}?"
    r"(?:base|camp|airbase|airport|(?-i:[A-Z]))))\b"
)
# Reported speech shifts the tense back: "Moscow acknowledged that its instructors were in Mali" says they are.
_REPORTED_AS_IN = re.compile(
    r"(?i)\b(?:said|acknowledged|admitted|confirmed|conceded|told [\w'’-]+)\s+(?:that\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:troops|soldiers|forces|instructors|personnel|mercenaries|peacekeepers|contingent|advisers|advisors)\s+"
    r"(?P<verb>(?:was|were) (?:still |also |already )?(?:in|inside|at|stationed in|based in|deployed in))"
    r"(?= (?:the )?(?-i:[A-Z]))(?![^.;]{0,60}\b(?:until|till|before|from \d)\b)"  # not a stay that ended
)
_HANDED = _words(
    r"hand(?:ed|s|ing)? (?:[\w'-]+ ){0,7}?(?:over|back)|handover|hand-over|handing-over"
    r"|hand(?:ed|s|ing)? (?:full |formal |operational )?control of"
    r"|hand(?:ed|s|ing)? (?:the |its |their |a )(?:[\w'’-]+ ){0,3}?(?:base|camp|airbase|barracks|facility|site)s? to"
    r"|transferr(?:ed|ing) (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp|site|facility|bases|camps))"
    r"|transfers? (?:of )?(?:control|(?:the |its )?(?:base|camp))"
    r"|returned (?:[\w'-]+ ){0,4}?(?:base|camp|site|facility|airbase|barracks|installation|bases|camps|sites)"
    r"|return of (?:[\w'-]+ ){0,4}?(?:base|camp|site|facilit\w*|airbase|barracks|bases|camps|sites)"
    r"|retroced(?:ed|es|e)|retrocession|ceded (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp))|turned over"
    r"|(?:gave|give|gives|giving|given) (?:[\w'-]+ ){0,4}?back|restitution of"
    r"|(?:was|were|been|being|is|be) (?:formally |officially )?returned to(?= (?:the )?(?-i:[A-Z]))"
    r"|relinquish(?:ed|es|ing)? (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp))"
    r"|(?:gave|give|gives|giving|given) up (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp|bases|camps))"
    # the host's side of it: "Malian troops took over the Menaka base from French troops"
    rf"|(?:{_verbs('take', 'bsdg')}) over (?:[\w'’-]+ ){{0,6}}?from (?:the )?(?:departing |outgoing |last |remaining )?"
    r"(?=(?-i:[A-Z])[\w'’-]+ (?:troops|forces|soldiers|army|military|contingent|peacekeepers)\b)"
)
_HANDOVER_OBJECT = _words(
    r"base|bases|camp|camps|site|sites|facility|facilities|airbase|barracks|installation|installations"
    r"|airfield|control|compound|headquarters|keys|platform|airstrip|airport|port|post|posts|positions?|runway"
    r"|garrison|jetty|premises|quarters|districts?"
)
_ENDED_AGREEMENT = _words(
    r"(?:end(?:s|ed|ing)?|terminat(?:e|es|ed|ing)|scrap(?:s|ped|ping)?|revok(?:e|es|ed|ing)|cancel(?:s|led|ed"
    r"|ling|ing)?|tore up|tear(?:s|ing)? up|torn up|ripped up|denounc(?:e|es|ed|ing)|renounc(?:e|es|ed|ing)"
    r"|abrogat(?:e|es|ed|ing)|annul(?:s|led|ling)?|rescind(?:s|ed|ing)?|br(?:oke|eak|eaks|eaking) off|broken off"
    r"|sever(?:s|ed|ing)?|cut(?:s|ting)? off|suspend(?:s|ed|ing)?|pull(?:ed|s|ing)? out of"
    r"|withdr(?:ew|awn|aw|aws|awing) from|quit|exit(?:ed|s)?)"
    r"(?: [\w'-]+){0,7}? (?:agreements?|accords?|pacts?|treat(?:y|ies)|cooperation|partnerships?|ties|deals?|sofa)"
    r"|(?:end|termination|cancellation|abrogation|denunciation|revocation|scrapping|rupture|suspension)"
    r" of (?:[\w'-]+ ){0,6}?(?:agreements?|accords?|pacts?|cooperation|treat(?:y|ies)|ties)"
)
_MILITARY_CONTEXT = _words(
    r"military|defen[cs]e|security|troops|forces|soldiers|bases?|basing|status of forces|sofa|stationing|army"
    r"|aircraft|warplanes|naval|navy|air force"
)

_SPECULATION = _words(
    r"could|might|(?-i:may)|possibly|potentially|likely|unlikely|perhaps|lead to|leads to|led to|result in"
    r"|results in|resulting in|if|unless|whether|threaten|threatens|threatened|risk|risks|fear|fears|feared"
    r"|speculation|rumou?rs?|pressure|considering|consider|considers|considered|weighing|weighs|weighed|mulls?"
    r"|mulled|contemplat\w*|mooted|floated|floats|explor(?:es|ed|ing)"
    r"|mulling|debating|refused|refuses|rejected|rejects|no plans|hypothetical|would mean|scenario|rather than"
    r"|instead of|avoid|prevent"
)


_ANNOUNCEMENT = _words(
    r"agreed|agree|agrees|decided|decides|decision|plan|plans|planned|planning|intend|intends|announced|announces|announce"
    r"|announcement|ordered|orders|order|told|tells|asked|asks|demanded|demands|demand|requested|requests"
    r"|request|gave|given|giving|until|deadline|timetable|timeline|schedule|scheduled|process|began|begun"
    r"|begins|begin|start|started|starts|will|shall|set to|is to|are to|must|has to|have to|had to|forced to"
    r"|expected to|due to|scheduled to|poised to|about to"
    r"|called on|calls on|called for|calls for|calling for|call for|urged|urges|confirmed|confirms|preparing"
    r"|prepares|prepare|organise"
    r"|organize|organising|organizing|completing|complete|finish|accelerat\w*|launched|ahead of|months? to|would"
    r"|announcing|ordering|demanding|telling|asking"
    r"|weeks? to|days? to|negotiat\w*|talks on|arrangements? for"
)


_AFTER_EVENT = re.compile(
    r"(?i)\b(?:after|following|follows|followed|since)\s+(?:the\s+|its\s+|their\s+)?(?:(?-i:[a-z]+)\s+){0,2}$"
)
# "were forced to pull out", "had to withdraw": an obligation reported in the past was carried out.
_OBLIGED_PAST = re.compile(
    r"(?i)\b(?:(?:was|were|had been)\s+(?:\w+\s+)?(?:forced|obliged|compelled|made)|had)\s+to\s+$"
)


# A headline's subject: up to four words from the start of the sentence, names or troop words only.
_HEADLINE_SUBJECT = re.compile(r"\s*(?:(?:[A-Z][\w.'’-]*|(?i:troops|soldiers|forces|military|army|the|last|all"
                               r"|remaining|final|its|their|contingent|personnel|mercenaries|instructors))\s+){1,4}"
                               r"(?:to\s+)?")
_PRESENT_EXIT = re.compile(r"(?i)(?:withdraws?|pulls?|leaves?|quits?|exits?)\b")


def _announces_withdrawal(sentence: str, match: re.Match[str]) -> bool:
    """A withdrawal word framed as decided, ordered, under way or scheduled."""
    before = sentence[:match.start()]
    if _PROGRESSIVE.search(before) or _ANNOUNCED_AFTER.match(sentence[match.end():match.end() + 80]):
        return True
    if _ANNOUNCEMENT.search(_clause_before(sentence, match.start(), 8)):
        return True
    if re.search(r"(?i)\b(?:working|racing|rushing|scrambling|hurrying)\s+(?:hard\s+)?to\s+$", before):
        return True  # "they've been working hard to pull out before a UN deadline": an exit in the making
    if _HEADLINE_SUBJECT.fullmatch(before) and (before.rstrip().endswith(" to") or _PRESENT_EXIT.match(match.group(0))):
        return True  # a headline's "France to withdraw troops", "France pulls troops out of Mali": news of an exit
    # Parenthetical commas ("announcing, without consulting Bamako, the withdrawal") may separate the cue.
    wide = " ".join(before.split()[-8:])
    return bool(_ANNOUNCEMENT.search(wide)) and not _SPECULATION.search(wide)


_FIRST_TO = re.compile(r"(?i)\b(?:was|were|became)\s+(?:the\s+)?(?:first|second|third|last)(?:\s+[\w-]+){0,2}?"
                       r"\s+to\s+$")


def _clause_before(sentence: str, position: int, words: int) -> str:
    """Up to ``words`` words before ``position``, stopping at a clause boundary."""
    # a comma between digits ("3,000 troops") is a thousands separator, not a clause boundary
    before = _THOUSANDS.sub("_", sentence[:position])
    cut = max(before.rfind(mark) for mark in (",", ";", ":", "(", ")", " - ", "—", "–", '"'))
    before = sentence[cut + 1:position] if cut >= 0 else sentence[:position]
    return " ".join(before.split()[-words:])


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


# A deployment or presence prolonged: the force is there now, whatever the vote or plan says of the future.
_EXTENDED_BEFORE = re.compile(r"(?i)\b(?:extend\w*|prolong\w*|renew\w*)\s+(?:the\s+|its\s+|their\s+)?"
                              r"(?:[\w'’-]+\s+)?$")


def _overlaps(a: Trigger, b: Trigger) -> bool:
    return a.start < b.end and b.start < a.end


def _presence_noun_event(sentence: str, match: re.Match[str]) -> str | None:
    """What "presence" or "deployment" reports here: presence, an arrival, or nothing (a deployment to come)."""
    if not match.group(0).lower().startswith("deployment"):
        return "presence"
    before, after = sentence[:match.start()], sentence[match.end():match.end() + 80]
    if re.search(r"(?i)\b(?:ahead of|before|pending|awaiting|for|approved?|approves|authori[sz]\w*|vote[sd]?|voting"
                 r"|endorsed?|endorses|request(?:s|ed)?|propos(?:e|es|ed|al))\s+"
                 r"(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w'’-]+\s+){0,2}?$", before) or re.match(
            r"(?i)(?:\s+\S+){0,6}?\s+(?:was|were|has been|had been|is|are)\s+(?:\w+ly\s+)?(?:approved|authori[sz]ed"
            r"|endorsed|voted|requested|proposed)\b", after):
        return None  # "ahead of their deployment", "parliament approved a year-long deployment": not yet there
    if _EXTENDED_BEFORE.search(before):
        return "presence"  # "voted to extend the deployment of Turkish troops in Libya": they are there
    if re.search(r"(?i)\b(?:begins?|began|begun|starts?|started|launch(?:es|ed)?|complet(?:es|ed))\s+"
                 r"(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w'’-]+\s+)?$", before):
        return "arrival"  # "Rwanda begins deployment to Cabo Delgado": the troops are arriving
    if re.match(r"(?i)\s+(?:begins|began|has begun|have begun|started|starts|has started|got under ?way"
                r"|is under ?way|was under ?way)\b", after):
        return "arrival"  # "deployment begins on Friday": the troops are arriving
    if re.match(r"(?i)(?:\s+\S+){0,8}?\s+to\s+(?!be\b)", after):
        # A dated "deployment of 1,000 soldiers to Mozambique in July 2021" is the arrival; an undated
        # "the Russian deployment to Air base 101 puts ..." describes the troops being there.
        dated = re.search(r"(?i)\b(?:19|20)\d{2}\b|\b(?:January|February|March|April|June|July|August"
                          r"|September|October|November|December)\b", sentence)
        return "arrival" if dated else "presence"
    if re.match(r"(?i)(?:\s+\S+){0,6}?\s+already\s+(?:in|there|on the ground|deployed)\b", after):
        return "presence"  # "a 200-strong deployment of British personnel already in the country"
    if re.match(r"(?i)\s+(?:in|at)\s+(?:the\s+)?(?!(?:January|February|March|April|May|June|July|August"
                r"|September|October|November|December)\b)(?-i:[A-Z])", after):
        return "presence"
    return None


# "the vacuum left by", "little time left": "left" after such a noun says what remains, not who went.
_REMAINING_LEFT = re.compile(r"(?i)\b(?:vacuum|void|gap|space|hole|room|time|nothing|little|much|what|anything"
                             r"|something|options?|choices?|days|weeks|months|years)\s+$")
# A state's base named by its adjective: "Chinese bases in Djibouti", "the French base in Gao", "US drone base at".
_NATIONAL_BASE = re.compile(
    r"\b(?:[A-Z][\w'’.-]+) (?:(?i:military|naval|navy|air|army|logistics?|logistical|drone|overseas|support|main)[ -])*"
    r"(?P<noun>(?i:bases?|airbases?|air bases?|naval bases?|military bases?))"
    r"(?= (?i:in|at|near|outside) (?:the )?[A-Z])"
)
# A base not held now: still negotiated, planned or built ("talks over a Russian naval base in Port Sudan"), or
# given up, taken or former ("took over the French base in Faya").
_BASE_NOT_HELD = _words(
    r"former|ex|old|once|abandoned|vacated|closed|left|took over|taken over|take over|seized|captured|overran"
    r"|stormed|handed|handing|returned|retroceded|transferred|negotiat\w*|talks|plans?|planned|planning|deal"
    r"|agreement|accord|proposals?|proposed|project|construction|build|building|built|establish\w*|set up"
    r"|setting up|bid|requests?|seek\w*|sought|wants?|future|potential|possible|prospective|would-be"
)
# A counted force in a place: "the 1,500 French soldiers in Niger", "the more than 1,000 mercenaries here".
_COUNTED_FORCE_IN = re.compile(
    r"(?i)(?:\b\d[\d,.]*(?: \d{3})*|\b(?:hundreds|thousands|dozens) of|\b(?:several|a few) (?:hundred|thousand)"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten) (?:hundred|thousand))"
    r"\s+(?:(?:[\w'’-]+|\w+ \w+)\s+)?(?:troops|soldiers|personnel|servicemen|mercenaries"
    r"|instructors|marines|paratroopers|peacekeepers|legionnaires|paramilitaries"
    r"|(?<=-strong )(?:contingent|force|garrison|battalion|mission|deployment)"
    r"|(?:(?<=-strong \w{5} )|(?<=-strong \w{6} )|(?<=-strong \w{7} )|(?<=-strong \w{8} )|(?<=-strong \w{9} ))"
    r"(?:contingent|force|garrison|battalion|mission|deployment))\s+(?:(?:currently|still|now|already"
    r"|stationed|based|deployed)\s+)?(?P<prep>(?:in|inside)(?=\s+(?:the\s+)?(?-i:[A-Z]))|(?:here|there)(?=[\s,.;]))"
)

_MOVED_FORCE = re.compile(r"(?i)\b(?:arrivals?|deployments?|departures?|withdrawals?|dispatch|sending|pull-?outs?"
                          r"|evacuation|return|transfer|redeployment|relocation) of (?:[\w'’-]+ ){0,3}$")
_CONDITIONAL = _words(r"if|unless|would|could|might|(?-i:may)|should")
_CASUALTY = _words(r"kill\w*|wound\w*|injur\w*|lost|los(?:e|es|ing)|captur\w*|kidnap\w*|abduct\w*|dead|died|die"
                   r"|deaths?|bodies|remains|hostages?|execut\w*|massacr\w*|ambush\w*|attack\w*")


def candidate_triggers(sentence: str, parse: Doc | None = None,
                       token_starts: Sequence[int] | None = None) -> list[Trigger]:
    """Every event trigger in ``sentence`` before screening, longest first where they overlap.

    With ``parse`` (the sentence's dependency parse) and ``token_starts`` (each token's offset in ``sentence``),
    a pullout word that its grammar frames as decided or to come is one even when the words just before it
    do not say so.
    """
    found: list[Trigger] = []

    def add(event: str, match: re.Match[str], *, nominal: bool = False) -> None:
        found.append(Trigger(event, match.start(), match.end(), nominal))

    for match in _WITHDRAWAL_DONE.finditer(sentence):
        add("withdrawal_completed", match)
    for match in _WITHDRAWN.finditer(sentence):
        if match.group(0).lower() in ("vacated", "evacuated", "abandoned", "relocated") and re.search(
                r"(?i)(?:'s?|\b(?:the|its|their|his|her|newly|recently|now))\s+$", sentence[:match.start()]):
            continue  # "the rebels' vacated positions": an adjective, not a departure
        if _REMAINING_LEFT.search(sentence[:match.start()]) and match.group(0).lower() == "left":
            continue  # "the vacuum left by the French", "the space left is being filled": what remains
        add("withdrawal_completed", match)
    for match in _ORDERED_OUT.finditer(sentence):
        add("withdrawal_announced", match)
    for match in _DISMANTLING.finditer(sentence):
        add("withdrawal_announced", match)  # "the UAE is dismantling parts of a military base it runs"
    for match in _WITHDRAW_WORD.finditer(sentence):
        before = sentence[:match.start()]
        if _AFTER_EVENT.search(before) or _OBLIGED_PAST.search(before) or _FIRST_TO.search(before):
            add("withdrawal_completed", match)  # "after the departure of ...", "was the first to withdraw": it happened
        elif _HEADLINE_SUBJECT.fullmatch(before) and _PRESENT_EXIT.match(match.group(0)) and \
                re.search(r"(?i)\b(?:last|final|all|remaining)\b", before) and not before.rstrip().endswith(" to"):
            add("withdrawal_completed", match)  # a headline's "Last French troops leave Niger": the exit is done
        elif _announces_withdrawal(sentence, match) or (
                parse is not None and token_starts is not None and syntax.framed_as_announced(
                    parse, max(0, bisect.bisect_right(token_starts, match.start()) - 1))):
            add("withdrawal_announced", match)
    for match in _ARRIVED.finditer(sentence):
        # "entered into force", "the arrangement reached with": entering or reaching needs a place after it.
        if match.group(0).lower().startswith(("enter", "reach")) and re.search(
                r"(?i)\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", sentence[:match.start()]):
            continue  # "an agreement was reached in Djibouti": the passive has no force for its subject
        if match.group(0).lower().startswith(("enter", "reach")) and re.match(
                r"(?i)\s+(?:into(?!\s+(?:the\s+)?(?-i:[A-Z]))|with|on|an?|agreement|deal|consensus|its|their|his|her"
                r"|this|that|out)\b",
                sentence[match.end():]):
            continue
        add("arrival", match)
    for match in _SENT.finditer(sentence):
        if match.group(0).lower() == "sending" and (re.search(r"(?i)\bthe\s+$", sentence[:match.start()])
                                                    or re.match(r"\s+of\b", sentence[match.end():])):
            continue  # "approved the sending of a mission": a decision, not a movement
        add("arrival", match)
    for match in _DEPLOYED.finditer(sentence):
        before, after = sentence[:match.start()], sentence[match.end():match.end() + 80]
        if re.search(r"(?i)\bfirst\s+$", before) or re.match(
                r"(?i)\s+(?:this|last|on|early|late)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
                r"|week|weekend|month|morning|night)\b", after):
            add("arrival", match)  # "first deployed in the Central African Republic in 2014"
        elif _DATED_RIGHT_AFTER.match(after) and not re.search(r"(?i)\b(?:remain|remains|stay|stays|still)\s+$",
                                                                before):
            add("arrival", match)  # "where they were deployed in 2011 to help": the dated verb is the movement
        elif _AT_A_PAST_TIME.match(after) and not re.search(
                r"(?i)\b(?:is|are|remain|remains|remained|stay|stays|still)\s+$", before):
            add("arrival", match)  # "deployed in Niger in March 2023": the move, dated; "are deployed" is being there
        elif re.search(r"(?i)\b(?:is|are|was|were|be|been|being|remain|remains|remained|stay|stays)\s+$", before) \
                and not re.match(rf"(?i)(?:\s+\S+){{0,6}}?\s+(?:to|into)\b{_NOT_PURPOSE}", after):
            add("presence", match)
        elif re.match(r"(?i)(?:\s+\S+){0,8}?\s+(?:to|into)\b", after) or \
                re.search(r"(?i)\b(?:has|have|had)\s+(?:\w+\s+)?$", before) or \
                re.match(r"(?i)\s+(?:(?:about|some|around|nearly|roughly|more than|over|an?)\s+)?\d", after):
            add("arrival", match)
        else:
            add("presence", match)
    for match in _ARRIVAL_NOUN.finditer(sentence):
        add("arrival", match, nominal=True)
    for match in _OPENED_BASE.finditer(sentence):
        add("arrival", match)
    for match in _PRESENT.finditer(sentence):
        after = sentence[match.end():match.end() + 90]
        word = match.group(0).lower()
        if word == "stay" and re.search(r"(?i)\b(?:their|its|his|her|the|a|an|during|brief|short|\w+-day)\s+$",
                                        sentence[:match.start()]) and not re.search(
                r"(?i)\bextend(?:s|ed|ing)?\s+(?:\S+\s+){0,2}$", sentence[:match.start()]):
            continue  # "during their stay in the port": a visit's length, not a deployment
        if word in ("stationed", "based", "garrisoned") and _SINCE_A_TIME.match(after):
            add("arrival", match)  # "troops stationed in Juba since December last year": they came then
        elif (_HAD_UNTIL.search(sentence[:match.start()]) or word in _HELD_PAST) and (
                _UNTIL_A_TIME.match(after) or _FRONTED_UNTIL.match(sentence[:match.start()])):
            # "had maintained a presence at Baledogle until January": they left then; the object is part of it
            held = re.match(r"(?i)\s+(?:[\w'’-]+\s+){0,3}?presence\b", after)
            found.append(Trigger("withdrawal_completed", match.start(), match.end() + (held.end() if held else 0)))
        else:
            # "its military base in Djibouti": a noun phrase, which a movement in the sentence makes its object
            add("presence", match, nominal=word.endswith("base"))
    for match in _PATROL.finditer(sentence):
        add("presence", match)
    for match in _NUMBERS.finditer(sentence):
        add("presence", match)  # "The Italian contingent in Niger currently numbers 350 soldiers"

    for match in _PRESENCE_NOUN.finditer(sentence):
        event = _presence_noun_event(sentence, match)
        if event:
            add(event, match, nominal=True)
    for match in _NATIONAL_BASE.finditer(sentence):
        if not _BASE_NOT_HELD.search(" ".join(sentence[:match.start()].split()[-6:])):
            # The trigger is the base noun, so that distances to the counts and places of the sentence are the
            # noun's ("China's base in Djibouti, opened in 2017, houses about 2,000 personnel").
            found.append(Trigger("presence", match.start("noun"), match.end("noun"), nominal=True))
    for match in _COUNTED_FORCE_IN.finditer(sentence):
        if _CASUALTY.search(" ".join(sentence[:match.start()].split()[-4:])):
            continue  # "killed 60 Ethiopian soldiers in an attack": casualties, not the force's strength
        if _MOVED_FORCE.search(sentence[:match.start()]) or _EXPECTED_AFTER.match(sentence[match.end():]):
            continue  # "the arrival of 300 peacekeepers in Somalia (is expected)": the movement says it
        if _CONDITIONAL.search(sentence):
            continue  # "If approved, the 400 Egyptian troops in Somalia would be the first": not there yet
        found.append(Trigger("presence", match.start("prep"), match.end("prep"), nominal=True))
    for match in _TROOPS_ARE_IN.finditer(sentence):
        found.append(Trigger("presence", match.start(), match.end("verb")))
    for match in _REPORTED_AS_IN.finditer(sentence):
        found.append(Trigger("presence", match.start("verb"), match.end("verb")))
    if _HANDOVER_OBJECT.search(sentence):
        for match in _HANDED.finditer(sentence):
            add("handover", match)
    if _MILITARY_CONTEXT.search(sentence):
        for match in _ENDED_AGREEMENT.finditer(sentence):
            if re.search(r"(?i)\b(?:ties|relations)$", match.group(0)) and not _MILITARY_CONTEXT.search(match.group(0)):
                continue  # "broke off ties with France": diplomatic relations, not a defence accord
            add("agreement_ended", match)

    # Longer triggers win: "end of the French presence" is a pullout, not a presence.
    found.sort(key=lambda t: (t.start - t.end, t.start))
    kept: list[Trigger] = []
    for trigger in found:
        if not any(_overlaps(trigger, other) for other in kept):
            kept.append(trigger)
    # "the accord that let American troops operate": a permission, not a report of presence.
    kept = [t for t in kept if not (t.event in ("presence", "arrival") and _PERMISSION.search(
        " ".join(sentence[:t.start].split()[-5:])))]
    return sorted(kept, key=lambda t: t.start)


_EXPECTED_AFTER = re.compile(
    r"(?i)\s+(?:[\w'’,-]+\s+){1,8}?(?:is|are|was|were)\s+(?:still\s+|now\s+|also\s+)?(?:expected|planned"
    r"|scheduled|due|foreseen|anticipated|awaited|envisaged)\b"
)
