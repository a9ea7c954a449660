"""Other languages and scripts for the benchmark corpus: a small seed vocabulary each, grown
with generated words from the script's own letters, drawn with Zipf frequencies.

French, German and Spanish (accented Latin), Russian (Cyrillic), Greek, Arabic and Hebrew
(right to left), Chinese and Japanese (no spaces between words).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field, replace


@dataclass
class Language:
    code: str
    seed: str  # common words, most frequent first
    letters: tuple[str, str]  # consonants, vowels for generated words ("" vowels: any letters)
    quotes: tuple[str, str]
    stop: str = "."
    comma: str = ", "
    spaced: bool = True
    weight: float = 1.0
    forms: list[str] = field(default_factory=list)
    cumulative: list[float] = field(default_factory=list)

    def prepare(self, rng: random.Random, extra: int) -> None:
        """The seed words, then `extra` generated ones, with Zipf weights."""
        forms = list(dict.fromkeys(self.seed.split()))
        seen = set(forms)
        consonants, vowels = self.letters
        target = len(forms) + extra
        while len(forms) < target:
            size = rng.choice((1, 2, 2, 3, 3, 4))
            if vowels:
                word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(size))
                word += rng.choice(consonants) if rng.random() < 0.5 else ""
            else:
                word = "".join(rng.choice(consonants) for _ in range(size + 1))
            if word not in seen:
                seen.add(word)
                forms.append(word)
        self.forms = forms
        self.cumulative = list(itertools.accumulate(1 / (r + 2.7) for r in range(len(forms))))

    def words(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.forms, cum_weights=self.cumulative, k=count)

    def sentence(self, rng: random.Random, count: int) -> str:
        words = self.words(rng, count)
        if self.spaced:
            words[0] = words[0][:1].upper() + words[0][1:]
            if rng.random() < 0.3:
                words.insert(rng.randint(1, len(words)), self.comma.strip())
            if rng.random() < 0.15:
                words.insert(rng.randint(1, len(words)), f"{rng.randint(2, 950)}")
            text = " ".join(words).replace(" ,", ",").replace(" ، ", "، ").replace(" ،", "،")
        else:
            if rng.random() < 0.4:
                words.insert(rng.randint(1, len(words)), self.comma)
            if rng.random() < 0.2:
                words.insert(rng.randint(1, len(words)), f"{rng.randint(2, 950)}")
            text = "".join(words)
        if rng.random() < 0.15:
            opening, closing = self.quotes
            return f"{opening}{text}{self.stop if not self.spaced else ''}{closing}" + (
                "" if not self.spaced else f" {self.words(rng, 2)[0]}{self.stop}"
            )
        return text + self.stop


CYRILLIC = ("бвгддзкклмннпрррсстттвхцчшщж", "ааееииоооуыяю")
LANGUAGES = [
    Language(
        "fr",
        "de la le et les des en un une du est que pour dans qui sur au pas par plus a été ont "
        "ministre gouvernement président selon mercredi jeudi ville région après très année "
        "élection économie député réforme sécurité santé hôpital école prix coût grève marché "
        "déclaré annoncé à où ça être même où déjà français européenne l'État d'après qu'il",
        ("bbcdffgllmmnnpprrssttvç", "aaaeeeeiiioouuééèàêô"),
        ("« ", " »"),
        weight=1.5,
    ),
    Language(
        "de",
        "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch "
        "es an werden aus er hat dass sie nach wird bei Regierung Bundeskanzler Minister Stadt "
        "Millionen Prozent Wahl Gericht Polizei Straße Bürger Gemeinde über für Ärzte Größe "
        "Schülerinnen Grundsteuer Verkehrsministerium Mittwoch Donnerstag größte würde müssen",
        ("bbddffgghkllmmnnprrsstttwzß", "aaeeeeiiioouuäöü"),
        ("„", "“"),
        weight=1.5,
    ),
    Language(
        "es",
        "de la que el en y a los del se las por un para con no una su al lo como más pero sus "
        "gobierno presidente ministro ciudad años según elecciones economía región policía "
        "también después además año millones país mañana miércoles sábado información según "
        "educación política ¿por qué? señaló afirmó niños",
        ("bbccddfglllmnnnpprrssttvñ", "aaaeeeiiioouuáéíóú"),
        ("«", "»"),
        weight=1.5,
    ),
    Language(
        "ru",
        "в и на не что с по к о из за от для это как его также году был было они она он при "
        "правительство президент министр город области года рублей процентов заявил сообщил "
        "выборы экономика суд полиция жители школа больница мост строительство Москва России "
        "после более около будет который которые может всех очень",
        CYRILLIC,
        ("«", "»"),
        weight=1.5,
    ),
    Language(
        "el",
        "και το της η να του τα σε με την για από ο που στο στην οι είναι των δεν θα ότι κυβέρνηση "
        "πρωθυπουργός υπουργός δήμος πόλη εκλογές οικονομία δικαστήριο αστυνομία σχολείο "
        "νοσοκομείο Αθήνα Ελλάδα ευρώ εκατομμύρια σήμερα Τετάρτη Πέμπτη δήλωσε ανακοίνωσε",
        ("βγδζθκκλμννξππρρσσττφχψ", "ααεειιοουηωάέίό"),
        ("«", "»"),
        stop=".",
    ),
    Language(
        "ar",
        "في من على إلى أن عن مع هذا التي الذي كان قد بين بعد كما هذه ذلك وقال الحكومة الرئيس "
        "الوزير المدينة الانتخابات الاقتصاد المحكمة الشرطة المدرسة المستشفى مليون دولار "
        "اليوم الأربعاء الخميس وأضاف المتحدث باسم العاصمة البلاد الجديد",
        ("بتثجحخدذرزسشصضطظعغفقكلمنهوي", ""),
        ("«", "»"),
        comma="، ",
        weight=1.2,
    ),
    Language(
        "he",
        "של את על הוא לא עם זה כי גם אבל היא יותר כל מה אם היה הממשלה ראש השר העיר הבחירות "
        "הכלכלה בית המשפט המשטרה בית הספר בית החולים מיליון שקל היום רביעי חמישי אמר הודיע",
        ("אבגדהוזחטיכלמנסעפצקרשת", ""),
        ('"', '"'),
    ),
    Language(
        "zh",
        "的 在 是 了 和 有 为 对 将 与 中国 政府 市场 经济 发展 表示 记者 城市 地区 企业 项目 建设 "
        "交通 地铁 公路 学校 医院 居民 政策 会议 部门 工作 今年 去年 增长 亿元 万人 百分之 "
        "北京 上海 新华社 报道 宣布 计划 完成 开始",
        (
            "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
            "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同"
            "三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名"
            "定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内"
            "加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原"
            "车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战"
            "干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连"
            "远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转",
            "",
        ),
        ("“", "”"),
        stop="。",
        comma="，",
        spaced=False,
    ),
    Language(
        "ja",
        "の に は を た が で て と し れ さ ある いる も する から な こと として い や れる など "
        "政府 首相 市長 東京 大阪 経済 選挙 警察 学校 病院 住民 計画 発表 開始 万円 億円 "
        "によると しました しています されました 記者会見 ニュース システム サービス",
        (
            "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
            "ガギグゲゴザジズゼゾダデドバビブベボパピプペポ",
            "",
        ),
        ("「", "」"),
        stop="。",
        comma="、",
        spaced=False,
    ),
]


def prepared(rng: random.Random) -> list[Language]:
    """Every language with its vocabulary drawn (Chinese and Japanese: fewer, as their
    generated forms are strings of characters)."""
    languages = [replace(language) for language in LANGUAGES]
    for language in languages:
        language.prepare(rng, 2500 if language.spaced else 1500)
    return languages
