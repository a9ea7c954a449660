"""The words paragraph restoration must know: abbreviations, sentence starters and the like,
per language, all lowercase and without their dots."""

from __future__ import annotations

# Abbreviations (lowercase, without the dot) before a name: no break before a capital.
TITLES = frozenset(
    (
        # English
        "mr mrs ms mx dr prof st ste sen rep gov gen col lt sgt cpl pvt capt cpt cmdr adm maj "
        "brig mt ft rev hon fr pres supt insp det messrs sec co univ dept al "
        # German, French, Italian, Spanish, Portuguese, Polish, Turkish
        "hr frl hl mme mlle mgr pr av bd sig dott avv ing sr sra srta dra dña lic gral avda "
        "sto sta eng ul pl ks św płk mjr inż doç yrd sn op cad sok mah "
        # Russian, Ukrainian
        "им ул пл пр просп пер наб бул ст проф акад тов ген полк св вул ім"
    ).split()
)
# Abbreviations before a number: no break before a digit; before a letter they are words.
NUMBER_ABBREVIATIONS = frozenset(
    (
        "no nos nr art vol vols ch chap sec pp op fig figs tab para par ver ed eds abs bd kap "
        "ust pkt poz md núm pág cap tel approx ca str "
        "jan feb apr jun jul aug sep sept oct nov dec "
        "стр гл рис табл вып кв корп"
    ).split()
)
# Abbreviations that never end a sentence: no break at all (`vs.Nadal`, `e.g.Germany`),
# and the `www` of a domain (`www.BBC.co.uk`).
MIDSENTENCE = frozenset("cf vs viz bzw vgl sog inkl ggf evtl ph ср см www".split())
MIDSENTENCE_INITIALISMS = frozenset("eg ie zb dh ua va oä uu zt idr те тк тн тч".split())
# Dotted initialisms that often end a sentence: a glued capital after them starts a new one.
ACRONYMS = frozenset("us uk un eu usa uae ussr dc ny la nj nz gb am pm".split())
# Words that start sentences and are never names: after an ambiguous abbreviation or initial
# they mean a new paragraph (`Main St.The`, `F.B.I.The`, `Plan B.The`). Lowercase.
STARTERS = frozenset(
    (
        # English
        "the a an in on at it he she we they i this that these those there his her its their "
        "our my but and as if when while after before for from with by to of so yet also "
        "however meanwhile according some many most more what why how who where which all "
        "both each every other such then now today yesterday"
        # Russian
        " в во на по он она оно они это этот эта эти как но и а также однако при после до для "
        "из за к с со у о об мы я вы так там сейчас сегодня вчера кроме"
        # German
        " der die das den dem ein eine einer er sie es wir ich im am auf aus bei mit nach von "
        "vor zum zur auch aber doch und oder wie wenn als diese dieser dabei damit daher denn"
        # French, Spanish, Portuguese, Italian
        " les un une il elle ils elles nous ce cette ces en dans pour par sur mais et ou si "
        "selon depuis après avant los las una unos unas por para con pero y según desde tras "
        "este esta estos estas él ella ellos os um uma em no na nos nas mas e se segundo ele "
        "eles gli questo questa"
        # Polish, Turkish
        " w we z do od dla ale ten ta te jest nie jak że ona oni według bu bir ve ama ancak ile "
        "için"
        # Portuguese, Ukrainian, Greek
        " o às ao aos é це він вона вони але після також το οι τα αυτό"
    ).split()
)
# Starters that are also particles of names (`Mr.Le Van`): only with a lowercase word after.
NAME_PARTICLES = frozenset("le la el de da du des di del".split())
# Domain names written with a capital (`Lenta.Ru`) and the ends of addresses (`example.com`).
CAPITAL_TLDS = frozenset("ru com org ua рф".split())
TLD_HEADS = frozenset(tld[:2] for tld in CAPITAL_TLDS)
ADDRESS_ENDS = frozenset("com org net edu gov info io ru uk de fr ua html htm php".split())
# German ordinals glue a day or a rank to its noun: `am 3.Oktober`, `der 2.Weltkrieg`.
ORDINAL_NOUNS = frozenset(
    (
        "januar jänner februar märz april mai juni juli august september oktober november "
        "dezember jahrhundert jahrtausend weltkrieg liga bundesliga runde spieltag platz mal "
        "klasse stock etage lebensjahr fc"
    ).split()
)
# Chinese verbs of saying that end the short attribution after a quote (`“……。”他说。`).
SPEECH_VERBS = tuple(
    "说 說 道 表示 称 稱 指出 强调 強調 问 問 介绍 介紹 透露 回应 回應 坦言 补充 補充".split()
)
