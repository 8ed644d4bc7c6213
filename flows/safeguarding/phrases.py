"""Curated safeguarding phrases: per language, per category, as regular expressions.

How to read and write a pattern (the detector relies on these conventions):

- Text is normalised before matching: case-folded; accents, diacritics and apostrophes
  removed (``б'є``/``бʼє``/``б’є`` -> ``бє``, ``mąż`` -> ``maz``, ``ł`` -> ``l``, ``ė``/``ę``
  -> ``e``, ``й`` -> ``и``, ``ї`` -> ``і``, ``ё`` -> ``е``); every run of punctuation and
  spaces becomes a single space; a word mixing Latin and Cyrillic look-alikes is put in
  one script. Words are therefore separated by exactly one space.
- Patterns are written in ordinary spelling, lower case, and go through the same folding
  when they are compiled, so ``mąż``, ``б'є`` and ``ё`` in a pattern are fine.
- Every pattern is anchored at the start of a word by the detector. Endings are explicit:
  a stem plus ``\\w*``, or a list of forms. ``G1``..``G3`` allow that many words in between.
- A pattern is a specific combination (who does what to whom), never a single scary word,
  except for words that only ever carry the meaning ("suicide", "rape", "paedophile").
  Harmless look-alikes ("kill time", "bije rekordy", "პატივს სცემს") are kept out by the
  combination or by a look-ahead; ``tests/flows/test_safeguarding.py`` lists them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Category(StrEnum):
    """What a message suggests. Declared from the most to the least severe."""

    DANGER_NOW = "danger_now"
    SELF_HARM = "self_harm"
    SEXUAL_ABUSE = "sexual_abuse"
    # Domestic-violence patterns name the partner or the parent who is attacked, so when
    # they match together with a generic abuse pattern they describe the situation better.
    DOMESTIC_VIOLENCE = "domestic_violence"
    ABUSE = "abuse"
    NEGLECT = "neglect"


Table = dict[Category, tuple[str, ...]]

G1 = r"(?:\w+ )?"
G2 = r"(?:\w+ ){0,2}"
G3 = r"(?:\w+ ){0,3}"

D = Category.DANGER_NOW
S = Category.SELF_HARM
X = Category.SEXUAL_ABUSE
V = Category.DOMESTIC_VIOLENCE
A = Category.ABUSE
N = Category.NEGLECT

# --------------------------------------------------------------------------- English
_EN_KIN = (
    r"(?:step ?)?(?:dad|daddy|father|mum|mom|mummy|mommy|mother|parents?|uncle|aunt|auntie|"
    r"brother|sister|grandad|grandpa|grandfather|grandma|granny|grandmother|cousin|carer|"
    r"guardian|foster (?:dad|mum|mom|father|mother|parents?|carer))"
)
_EN_PARTNER = r"(?:husband|partner|boyfriend|girlfriend|wife|ex(?: husband| wife| partner)?)"
_EN_WHO = (
    rf"(?:hes?|shes?|they|theyre|someone|somebody|"
    rf"(?:my |our |her |his |the |their )?(?:{_EN_KIN}|teacher|coach|neighbou?r))"
)
_EN_KID = (
    r"(?:(?:my|our|the|his|her|their|a) (?:little |youngest |oldest |eldest |younger |older |"
    r"foster |baby )?(?:son|daughter|kids?|child|children|baby|boy|girl|toddler|brother|"
    r"sister|grandson|granddaughter|niece|nephew))"
)
_EN_KID_SUBJ = rf"(?:{_EN_KID}|(?:the )?(?:kids?|child|children|baby|toddler|little ones?))"
_EN_VICTIM = rf"(?:me|him|her|us|them|{_EN_KID})"
_EN_ADULT = (
    r"(?:(?:my|our|his|her|their) (?:mum|mom|mother|mommy|mummy|wife|husband|partner|"
    r"girlfriend|boyfriend|gran|grandma|granny|grandmother))"
)
_EN_HIT = (
    r"(?:hits?|hitting|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|slap(?:s|ped|ping)?|"
    r"smack(?:s|ed|ing)?|chok(?:es|ed|ing)|strangl(?:es|ed|ing)|whip(?:s|ped|ping)?|"
    r"shov(?:es|ed|ing)|abus(?:es|ed|ing))"
)
_EN_BEAT = r"(?:beat|beats|beating|beaten)"
_EN_NOT_GAME = (
    r"(?! (?:at|to|out|off|in (?:a |the )?(?:chess|cards|games?|race|match|tennis|football|"
    r"exam|test|vote|election))\b)"
)

EN: Final[Table] = {
    A: (
        rf"{_EN_WHO} {G2}{_EN_HIT} {_EN_VICTIM}\b(?! (?:up|out|off|position|power|trust|"
        r"authority|role|privileges?)\b)",
        rf"{_EN_WHO} {G2}{_EN_BEAT} (?:up )?{_EN_VICTIM}\b{_EN_NOT_GAME}",
        rf"(?:my|our) {_EN_KIN} {G1}beats?(?= ?$| (?:up|when|and|with|badly|often|again|daily|"
        r"regularly|constantly|us|me|them|him|her)\b)",
        rf"{_EN_WHO} {G2}(?:always |constantly )?(?:calls?|called|calling) (?:me|us|him|her|"
        rf"{_EN_KID}) {G2}(?:worthless|useless|stupid|idiot|retard(?:ed)?|fat|ugly|whore|slut|"
        r"bitch|names)\b",
        rf"(?:tells?|told|says|said) (?:me|us|him|her|{_EN_KID}) (?:that )?(?:im|i am|were|"
        r"we are|hes|he is|shes|she is|they are) (?:worthless|useless|a mistake|unwanted|a burden)"
        r"|(?:wishes|wished) (?:i|we|he|she) (?:was|were|had) never (?:been )?born",
        r"(?:physical|emotional|psychological|verbal)(?:ly)? abus\w*|child abuse|abusive "
        r"(?:dad|father|mum|mom|mother|parents?|stepdad|stepfather|stepmum|stepmother|home|"
        r"family|carer)",
        rf"(?:hurting|abusing|torturing|tormenting) {_EN_KID}\b(?! (?:feelings|chances|"
        r"development|education|health|sleep|teeth|eyes)\b)",
        rf"{_EN_WHO} {G2}(?:hurts?|hurting|harms?|harmed|harming|injur(?:es|ed|ing)) "
        rf"{_EN_VICTIM}\b(?! (?:feelings|s feelings)\b)",
        rf"(?:beaten|punched|kicked|slapped|abused|whipped|belted|battered) (?:up )?by (?:my|our|"
        rf"his|her|their) (?:{_EN_KIN}|{_EN_PARTNER}|teacher|coach)\b",
        rf"lock(?:s|ed|ing)? {_EN_VICTIM} {G1}in (?:the |a |my |his |her |our |their )?(?:room|"
        r"bedroom|bathroom|basement|cellar|closet|cupboard|wardrobe|toilet|shed|garage|balcony|"
        r"attic)\b",
        rf"(?:left|leaves|leaving) (?:bruises|marks|welts|burns) on {_EN_VICTIM}\b|"
        r"bruises (?:from|because of) (?:him|her|them|my|his|the belt)",
        rf"(?:burn(?:s|ed|t)?|burning) {_EN_VICTIM} with (?:a |his |her )?(?:cigarettes?|lighter|"
        rf"iron|hot)|(?:pulls?|pulled|drags?|dragged|grabs?|grabbed) {_EN_VICTIM} {G1}by (?:the|"
        r"my|his|her|their) (?:hair|neck|throat)",
        rf"(?:{_EN_KID_SUBJ}|i|im|we|he|she|they) {G3}(?:abused|beaten up|beaten)\b(?! (?:at|in|"
        r"by the|alcohol|drugs|substances|his|her|their|my|our|the)\b)",
        rf"(?:i|we) {G1}(?:hit|beat|slap|slapped|smack|smacked|punch|punched|kick|kicked) "
        rf"(?:my|our) (?:son|daughter|kids?|child|children|baby|toddler)\b{_EN_NOT_GAME}",
    ),
    X: (
        r"sexual(?:ly)? (?:abus\w*|assault\w*|harass\w*|exploit\w*|molest\w*|touch\w*)",
        r"(?:rape|raped|rapes|raping|rapist|molest\w*|grop(?:e|es|ed|ing)|fondl(?:e|es|ed|ing))\b",
        rf"{_EN_WHO} {G2}touch(?:es|ed|ing)? (?:me|her|him|them|us|{_EN_KID})\b(?! (?:deeply|"
        r"so much|a lot|emotionally|to tears|heart|soul)\b)",
        r"touch(?:es|ed|ing)? (?:me |her |him |them )?(?:down there|inappropriately|(?:on |in )?"
        r"(?:my|her|his|their) (?:private|privates|intimate|genitals?|breasts?|bum|butt|bottom|"
        r"crotch|vagina|penis)|under (?:my|her|his|their) (?:clothes|pants|skirt|shirt))",
        rf"(?:makes?|made|forces?|forced|pressur\w*|asks?|asked|wants?|wanted|tells?|told|tries|"
        rf"tried) (?:me|her|him|them|us|{_EN_KID}) (?:to )?(?:touch (?:him|her|his|it)|watch "
        r"porn\w*|undress|strip|take (?:off )?(?:my|her|his|their) clothes|get naked|have sex|"
        r"do sexual|send (?:him |her )?(?:nudes|naked|nude)|sleep with (?:him|her))",
        rf"show(?:s|ed|ing)? (?:me|her|him|them|us|{_EN_KID}) {G1}(?:porn\w*|naked|nude|his "
        r"(?:penis|privates?|private parts|dick))",
        rf"(?:ask(?:s|ed|ing)?|beg(?:s|ged)?|pressur\w*) (?:me|her|him|them|{_EN_KID}) for "
        r"(?:nudes|naked (?:photos?|pictures?|pics))|(?:sends?|sent|sending) (?:me|her|him|them|"
        rf"{_EN_KID}) (?:nudes|dick pics?|naked (?:photos?|pictures?|pics)|porn)",
        rf"p(?:a|ae|e)dophil\w*|incest\w*|child porn\w*|groom(?:s|ed|ing) (?:me|her|him|them|"
        rf"{_EN_KID})\b",
        r"forc(?:ed|es|ing) (?:himself|herself|themselves) on (?:me|her|him|them)",
    ),
    N: (
        rf"{_EN_KID_SUBJ} {G3}alone {G2}(?:for )?(?:days|nights|weeks|all day|all night|"
        r"overnight|(?:the )?whole (?:day|night|week|weekend))\b",
        rf"(?:left|leaves|leave|leaving) {_EN_VICTIM} {G2}(?:alone|unattended|unsupervised|by "
        r"(?:myself|ourselves|himself|herself|themselves)) {G2}(?:for )?(?:days|nights|weeks|"
        rf"all day|all night|overnight|whole)|abandon(?:s|ed|ing)? (?:me|us|{_EN_KID})\b|"
        rf"(?:left|leaves|leaving) {_EN_KID} {G1}(?:alone )?(?:in the car|outside|on the street)",
        rf"(?:doesnt|didnt|wont|refuses? to|stopped|never|nobody|no one|(?:they|parents) dont) "
        rf"(?:even )?(?:feed|feeds|fed) (?:me|us|him|her|them|{_EN_KID})\b(?! (?:sugar|sweets|"
        r"junk|meat|solids|formula|milk|after|before|at)\b)",
        r"(?:havent|hasnt|have not|has not|hadnt|didnt|did not|not) (?:\w+ )?(?:eaten|eat|had "
        rf"(?:any )?food|had anything to eat) {G2}days\b",
        rf"(?:{_EN_KID_SUBJ}|we|i) (?:have|has|had|got|get|havent|hasnt) (?:nothing|no food) "
        r"(?:to eat|at home|in the house|for days)",
        rf"starv(?:es|ed|ing) (?:me|us|him|her|them|{_EN_KID})\b|(?:nobody|no one|noone) "
        r"(?:\w+ )?(?:feeds|looks after|takes care of|cares for|is looking after) (?:me|us|him|"
        rf"her|them|{_EN_KID})\b",
        rf"(?:my |our )?{_EN_KIN} (?:is|are|gets|get|got|was|were) (?:always |often |"
        r"constantly |again |so |too |really )?(?:drunk|high|wasted|passed out|stoned)\b",
        rf"(?:kicked|kicks|threw|throws|thrown) {_EN_VICTIM} out (?:of (?:the )?(?:house|home|"
        r"flat)|onto the street|on the street)",
    ),
    V: (
        r"domestic (?:violence|abuse)|violen\w* (?:at|in) (?:the |our |my |his |her )?(?:home|"
        r"house|family|flat)",
        rf"(?:{_EN_WHO}|(?:my |our |her )?{_EN_PARTNER}) {G2}(?:{_EN_HIT}|{_EN_BEAT}) "
        rf"{_EN_ADULT}\b{_EN_NOT_GAME}",
        rf"(?:my|her) {_EN_PARTNER} {G2}(?:{_EN_HIT}|{_EN_BEAT}) (?:me|us)\b{_EN_NOT_GAME}",
        rf"(?:parents|mum and dad|mom and dad|dad and mum|dad and mom) {G2}(?:hit|beat|punch|"
        r"kick|slap|attack)\w* each other",
        rf"(?:{_EN_WHO}|(?:my |our |her )?{_EN_PARTNER}) (?:is|gets|get|was|becomes?|turns|can "
        rf"be|getting) (?:so |very |really |more |often )?violent\b|(?:my |her )?{_EN_PARTNER} "
        r"(?:is|gets|was|becomes|turns|can be) (?:so |very |really )?aggressive\b",
        rf"(?:afraid|scared|terrified|frightened) of (?:my|her|our) (?:{_EN_PARTNER}|stepdad|"
        r"stepfather)\b",
        r"(?:throws?|threw|throwing) (?:things|stuff|plates|dishes|bottles|objects|furniture|"
        r"chairs) at (?:me|us|her|him|them|my|our|each other)\b",
        rf"abusive (?:{_EN_PARTNER}|relationship|marriage)\b|(?:mum|mom|mother|wife|sister) "
        r"(?:always|often) (?:has|had) (?:\w+ )?bruises",
    ),
    S: (
        r"(?:want|wanna|wants|wanted|going|gonna|plan|planning|decided|ready|thinking about|"
        r"think about|would rather) (?:to )?(?:die|be dead|end (?:it all|my life|his life|"
        r"her life|their life|everything)|kill (?:my|him|her|them)sel(?:f|ves)|not (?:be )?"
        r"(?:alive|exist|wake up))\b(?! (?:of|on (?:this|that|a) hill|laughing|for)\b)",
        r"(?:kill(?:s|ed|ing)?|hang(?:s|ed|ing)?|hung|shoot|shot|drown(?:ed)?|poison(?:ed)?) "
        r"(?:my|him|her|them|your)sel(?:f|ves)\b(?! in the foot)",
        r"suicid\w*|self ?harm\w*|self ?injur\w*|self ?mutilat\w*",
        r"(?<!accidentally )(?:cut(?:s|ting)?|harm(?:s|ing|ed)?|hurt(?:s|ing)?|burn(?:s|ing|ed|t)?"
        r"|scratch(?:es|ing|ed)?) (?:my|him|her|them)sel(?:f|ves)\b(?! (?:shaving|cooking|"
        r"chopping|on|with a (?:knife|paper)|by accident|accidentally|playing|while|when|at|"
        r"during|falling|in the kitchen|a (?:slice|piece)|some|off|short)\b)",
        r"(?:dont|do not|doesnt|does not|no longer) (?:\w+ )?want to (?:live|be alive|exist|"
        r"wake up|be here anymore)\b(?! (?:in|with|near|at|there|here|alone|together)\b)",
        r"(?:no|not any) (?:reason|point) (?:in |to )?(?:living|live|go on|going on|being alive)"
        r"\b|better off dead|better off without me|tired of (?:living|being alive)|(?:take|took|"
        r"taking) (?:my|his|her|their) (?:own )?life|end(?:ing)? (?:my|his|her|their) (?:own )?"
        r"life|end it all",
        r"(?:wish|wished) (?:i|he|she) (?:was|were|had) (?:dead|never been born|not born)",
        r"(?:want|wanna|going|gonna|will|ill|hell|shell|think about|thinking about|plan to|"
        r"planning to) (?:to )?(?:jump|throw (?:my|him|her)self) (?:off|from|out of|in front of) "
        r"(?:the |a |my )?(?:roof|bridge|window|balcony|building|train|car|cliff)",
        r"overdos\w*|(?:took|taken|swallowed|take) (?:all|a lot of|lots of|a bunch of|loads of|a "
        r"handful of|the whole (?:box|bottle|pack) of) (?:my |the |her |his )?(?:pills|tablets|"
        r"meds|medication|paracetamol)",
        r"(?:talks?|talked|talking|keeps talking|writes?|wrote) about (?:dying|killing (?:him|"
        r"her|my|them)self|wanting to die|ending (?:it|his life|her life))",
    ),
    D: (
        r"(?:not|dont feel|do not feel|never feel|isnt|is not|arent|are not|wasnt) (?:\w+ )?"
        r"safe (?:at home|in (?:my|our|the) (?:home|house|flat)|with (?:him|her|them|my "
        rf"(?:{_EN_KIN}|{_EN_PARTNER})))\b|unsafe (?:at home|with (?:him|her|them))|home is(?: "
        r"not|nt) safe",
        rf"threat\w* {G2}(?:to )?(?:kill|hurt|beat|stab|shoot|burn|strangle|choke|drown) (?:me|"
        rf"us|him|her|them|{_EN_KID}|{_EN_ADULT})\b|threat\w* (?:me|us|him|her|them|{_EN_KID}) "
        r"with (?:a )?(?:knife|gun|axe|weapon)",
        r"(?:tried|tries|try|trying) to (?:kill|strangle|choke|drown|stab|suffocate|smother|"
        rf"poison) (?:me|us|him|her|them|{_EN_KID}|{_EN_ADULT})\b",
        rf"(?:afraid|scared|terrified|fear|frightened|worried) {G3}(?:will|is going to|gonna|"
        r"going to|might|could|would|wants to|hell|shell|theyll|is gonna) (?:kill|hurt|beat|stab|"
        rf"shoot) (?:me|us|him|her|them|{_EN_KID}|{_EN_ADULT})\b(?! (?:if|for|when)\b)",
        rf"(?:{_EN_WHO}|(?:my |our |her )?{_EN_PARTNER}) {G2}(?:is going to|will|wants to|gonna|"
        r"going to|said (?:he|she|they) (?:would|will|d)|says (?:he|she|they) (?:will|ll)|hell|"
        rf"shell|theyll) (?:kill|stab|shoot|strangle|burn) {_EN_KID}\b",
        r"(?:hes|he is|shes|she is|theyre|they are|hell|shell|theyll) (?:going to|gonna|about to|"
        r"trying to|really going to) kill (?:me|us)\b(?! (?:if|when|for|lol|haha|after|once)\b)",
        r"(?:came|coming|comes|went|ran|running|runs|chased|chasing|chases|attacked|attacking|"
        rf"attacks|threatening|threatened|threatens) (?:at |after )?(?:me|us|him|her|them|"
        rf"{_EN_KID}|{_EN_ADULT}) with (?:a |his |her )?(?:knife|gun|axe|hammer|weapon|bat)"
        r"|(?:pointed|pointing|points|held|holding|holds|pulled|pulls) (?:a |his |her )?(?:knife"
        r"|gun) (?:to|at) (?:me|us|him|her|them|my|our|his|the)\b",
        r"(?:scared|afraid|terrified|frightened) (?:to go|of going|to come|of coming) (?:back )?"
        r"home\b",
        r"(?:is|are|am|im|be|been|being|were|was|feel) (?:\w+ )?in (?:real |serious |immediate |"
        r"great |grave |mortal )?danger\b(?! of\b)",
        r"kidnap\w*|abduct\w*",
        r"(?:ran|run|running|runs) away from (?:home|(?:the |my |our |his |her )?(?:foster )?"
        rf"(?:home|family|house|carers?|parents))|{_EN_KID_SUBJ} (?:is|has gone|went|has been|is "
        r"still) missing(?: (?:since|for|from)\b|$)",
        r"(?:break|breaking|kick|kicking|smash|smashing)(?:s|ed)? (?:down (?:the|our|my) door|"
        r"(?:the|our|my) door (?:down|in))",
        r"help (?:me |us )?(?:please )?(?:hes|he is|shes|she is|theyre|they are|my \w+ is) "
        r"(?:hitting|beating|attacking|strangling|choking|stabbing)\b",
    ),
}

# --------------------------------------------------------------------------- Russian
_RU_KID = (
    r"(?:ребенк\w*|детей|дети|детям|детьми|доч\w*|сын(?:а|у|ом|ишк\w*|очк\w*)?|малыш\w*|"
    r"малого|малую|младш\w+|брат(?:а|ика)?|сестр(?:у|енку|ичку))"
)
_RU_KID_ACC = r"(?:ребенка|детей|дочку|доченьку|сына|сынишку|малыша|брата|сестру|сестренку)"
_RU_KID_SUBJ = r"(?:ребенок|ребенка|дети|детей|малыш|малыша|сын|сына|дочь|дочка|дочку|младш\w+)"
_RU_PARENT = (
    r"(?:папа|папка|отец|отчим|мама|мамка|мать|мачеха|родители|дед|дедушка|бабушка|бабка|"
    r"брат|дядя|тетя|опекун\w*|приемн\w+ (?:мама|папа|мать|отец|родители)|воспитател\w*)"
)
_RU_PERP = (
    r"(?:он|отчим|папа|отец|дядя|дедушка|дед|брат|сосед|тренер|учитель|мужчина|взрослый|"
    r"парень|мамин \w+|мамкин \w+)"
)
_RU_HIT = (
    r"(?:б[ьъ]?(?:ёт|ет|ют)|бил[аи]?|(?:из|по)би(?:л|ла|ли|вает|вают|вал|вала|вали)|"
    r"удар(?:ил|ила|или|яет|яют|ял|яла)|колот(?:ит|ят|ил|ила)|луп(?:ит|ят|ил|ила|или|цует)|"
    r"отлуп\w*|пина(?:ет|ют|л|ла)|пнул\w*|душ(?:ит|ат|ил|ила)|придуш\w*|пор(?:ет|ют|ол|ола)|"
    r"выпор\w*)"
)
_RU_HIT_STRICT = (
    r"(?:б[ьъ]?(?:ёт|ет|ют)|бил[аи]?|(?:из|по)би(?:л|ла|ли|вает|вают|вал|вала|вали)|"
    r"ударил[аи]?|луп(?:ит|ят|ил|ила|или)|отлуп\w*|выпор\w*)"
)
_RU_NOT_OTHERS = r"(?!(?:други|чуж|остальн|всех)\w* )"
_RU_NOT = (
    r"(?! (?:рекорд|мяч|по мяч|током|дрож|озноб|чуш|ерунд|бред|тревог|баклуш|в бараб|в ладош)\w*)"
)

RU: Final[Table] = {
    A: (
        rf"{_RU_HIT} {_RU_NOT_OTHERS}{G1}(?:меня|нас|его|её|их|{_RU_KID})\b{_RU_NOT}",
        rf"(?:меня|нас|{_RU_KID_ACC}) {G2}{_RU_HIT_STRICT}\b{_RU_NOT}",
        rf"{_RU_PARENT} {G2}{_RU_HIT_STRICT}\b{_RU_NOT}",
        rf"(?:бь|бил|избива|избил|порет|порол|лупи|луп|отлуп|выпор|хлеста|отхлеста|наказыва)\w* "
        rf"{G2}(?:ремн[её]м|ремнями|палк(?:ой|ами)|шнуром|проводом|кулаками|скакалкой)",
        r"подн(?:им|ял|яла|яли)\w* (?:на (?:меня|нас|него|неё|них|ребенка|детей|дочь|сына|маму|"
        r"жену) руку|руку на (?:меня|нас|него|неё|них|ребенка|детей|дочь|сына|маму|жену))",
        rf"(?:оставил|оставила|оставляет|оставляют) {G1}синяки|синяки "
        r"от (?:ремня|побоев|его|её|рук)",
        r"(?:издева|измыва)\w* над (?:мной|нами|ним|ней|ними|ребенк\w*|детьми|доч\w*|сын\w*)|"
        rf"(?:униж|оскорбл|обзыва|терроризиру|трав[ия]т)\w* {G1}(?:меня|нас|ребенк\w*|детей|"
        r"доч\w*|сына|сыном)\b",
        r"(?:физическ|психологическ|эмоциональн|психическ)\w* насили\w*|жесток\w* обращени\w*"
        r"(?! с (?:животн|кошк|собак)\w*)|насили\w* (?:над|в отношении) (?:ребенк|дет|мно|нами|"
        r"доч|сын)\w*",
        rf"(?:запира|запер|закрыва|закрыл)\w* {G1}(?:меня|нас|{_RU_KID}) {G1}в (?:комнат|ванн|"
        r"подвал|шкаф|туалет|кладов|чулан|балкон|квартир)\w*",
        rf"(?:таска|тяга|дерга|дерну|тяну|потяну|схват|хвата)\w* {G2}за волосы",
    ),
    X: (
        r"сексуальн\w* (?:насили|домогат|надругат|эксплуатац|приставан|злоупотреблен|совращ)\w*",
        r"(?:изнасил|растлен|растлил|растлева|надругал|совращ|совратил)\w*",
        r"домога(?:ется|ются|лся|лась|тельств)\w*",
        r"приста(?:ет|ёт|ют|вал|вала|вали)\w* (?:ко мне|к (?:ней|нему|нам|ребенку|детям|доч\w*|"
        r"сыну))",
        rf"{_RU_PERP} {G2}(?:трога|щупа|лапа)\w* {G1}(?:меня|её|его|ребенка|доч\w*|сына)\b"
        r"(?! (?:за душу|до слез)\b)",
        rf"{_RU_PERP} (?:меня|её|ребенка|доч\w*|сына) {G1}(?:трога|щупа|лапа)\w*",
        rf"(?:трога|щупа|лапа|гладит|гладил)\w* {G2}(?:за (?:интимн\w*|грудь|попу|попку|письку|"
        r"ягодиц\w*)|между ног|под одежд\w*|в трусах|в (?:интимн|укромн)\w* мест\w*)",
        rf"(?:заставля|застави|прос|требу|уговарива|принужда)\w* {G1}(?:меня|её|его|ребенка|"
        rf"доч\w*|сына|нас) {G1}(?:раздева\w*|раздеться|снимать {G1}(?:одежд|трус)\w*|трогать "
        rf"(?:его|себя)|смотреть порн\w*|(?:прислать|скинуть|отправ\w*) {G1}(?:голы|интимн|"
        r"обнаж)\w*|спать с ним|ложиться с ним|заниматься сексом)",
        rf"показ(?:ывает|ывал|ал|ала|ывают)\w* {G1}(?:мне|ей|ему|нам|ребенку|детям|доч\w*|сыну) "
        rf"{G1}(?:порн\w*|голы\w*|свои? (?:половы\w*|член\w*|письк\w*)|член\w*|письк\w*)",
        rf"педофил\w*|инцест\w*|детск\w* порн\w*|шантаж\w* {G2}(?:интимн|голы|обнаж)\w*",
    ),
    N: (
        rf"{_RU_KID_SUBJ} {G3}(?:один|одна|одни|одного|одну|одних) {G2}(?:сутками|по несколько "
        r"дней|несколько дней|целыми днями|днями|неделями|всю ночь|по ночам|ночами|на "
        r"несколько дней|на сутки|на всю ночь|на ночь|на неделю)",
        rf"(?<!не )(?:оставля|оставил|оставила|оставили|оставит|броса|бросил|бросила|бросили|"
        rf"кида|кинул|кинула)\w* {G1}(?:меня|нас|{_RU_KID}) {G1}(?:одн(?:ого|у|их)|без присмотра"
        r"|без еды|на улице|голодн\w*)",
        rf"не {G1}корм(?:ит|ят|ил|ила|или)\w* {G1}(?:меня|нас|их|его|её|{_RU_KID})\b(?! грудью)"
        rf"|(?:меня|нас|детей|ребенка|их) {G1}никто не (?:кормит|смотрит|заботится)",
        rf"(?:мне|нам|детям|ребенку) {G1}нечего {G1}есть|нечем {G1}кормить {G1}(?:детей|ребенка"
        r"|малыша)",
        rf"мор(?:ит|ят)\w* {G1}голодом|не ел[аи]? {G2}(?:дн(?:я|ей)|сутки|суток)|(?:дня|дней|"
        rf"суток|сутки) {G1}не ел[аи]?\b|(?:дети|ребенок|малыш|мы) {G1}голода(?:ют|ет|ем)",
        rf"{_RU_PARENT} {G2}(?:пьян\w*|бухает|бухают|в запое|запил\w*|пьянству\w*|алкоголи\w*|"
        r"наркоман\w*|(?:постоянно|опять|снова|каждый день|беспробудно) пь[её]т|пь[её]т "
        r"(?:постоянно|каждый день|беспробудно|не просыхая|запоем))",
        rf"выгна(?:л|ла|ли|ть)\w* {G1}(?:меня|нас|{_RU_KID}) {G1}(?:из дома|на улицу|из "
        r"квартиры)",
        r"никто не (?:смотрит|следит|присматривает) за (?:мной|нами|ним|ней|ними|ребенк\w*|"
        r"детьми|малыш\w*)|никто не (?:заботится|ухаживает) (?:о|обо|за) (?:мне|нас|нем|ней|них|"
        r"мной|нами|ребенк\w*|дет\w*|малыш\w*)",
    ),
    V: (
        r"(?:домашн|семейн|бытов)\w* насили\w*|насили\w* (?:в семье|дома|в доме)",
        rf"(?:муж|мужик|сожитель|бывший|жена|сожительница|парень) {G2}{_RU_HIT_STRICT}\b{_RU_NOT}",
        rf"{_RU_HIT_STRICT} {G1}(?:муж|сожитель|бывший)\b",
        rf"{_RU_HIT} {G1}(?:маму|мамку|жену|бабушку|сожительницу)\b|(?:маму|мамку|жену) {G2}"
        rf"{_RU_HIT_STRICT}\b",
        r"(?:родители|мама с папой|папа с мамой|мама и папа|папа и мама|отец с матерью) "
        rf"{G2}(?:дерутся|дрались|подрались|бьют друг друга)",
        rf"распуска(?:ет|ют|л|ла)\w* руки|распустил\w* руки|(?:кида|броса|набрасыва|лез)\w* {G2}"
        r"с кулаками",
        rf"бо(?:юсь|имся|ится) {G1}(?:мужа|сожителя|бывшего|отчима)\b",
        rf"(?:кида|броса|швыря)\w* (?:в )?(?:меня|нас|маму|неё|него|жену|детей|ребенка) {G1}"
        r"(?:вещ|посуд|тарелк|бутылк|стул)\w*|(?:кида|броса|швыря)\w* (?:вещ|посуд|тарелк|"
        r"бутылк|стул)\w* в (?:меня|нас|маму|неё|жену|детей|ребенка)",
    ),
    S: (
        r"(?:хочу|хочется|хочет|хотят|хотел\w*|думаю|собираюсь|решил\w*|лучше|готов\w*|мечтаю|"
        rf"пора) {G2}(?:умереть|сдохнуть|помереть|покончить с собой|покончить с жизнью|убить "
        r"себя|не жить|уйти из жизни|повеситься|выпрыгнуть|прыгнуть с|вскрыть (?:себе )?вены|"
        r"наложить на себя руки|отравиться|исчезнуть навсегда)\b(?! (?:со смеху|от смеха|от "
        r"стыда|от скуки))",
        r"поконч\w* с (?:собой|жизнью)|наложи\w* на себя руки|(?:убить|убью|убьет|убьёт|убил|"
        r"убила) себя|повешусь|повесился|повесилась",
        r"суицид\w*|самоубийств\w*|самоповрежд\w*|селфхарм\w*|селф харм",
        r"(?:режу|режет|режут|резать|резала|резал|порезала|порезал|царапаю|царапает|жгу|"
        r"прижигаю|прижигает) (?:себя|себе (?:руки|вены|ноги|запясть\w*|бедра))\b",
        rf"(?:не хочу|не хочется|не хочет|не хотят|незачем|нет смысла|надоело|устал\w*|не могу "
        rf"больше) {G1}жить\b(?! (?:в|с|у|на|за|там|здесь|тут|вместе|рядом|далеко|одн\w*|без)"
        rf"\b)|жить {G1}не (?:хочу|хочется|хочет)\b",
        rf"(?:наглота|напи|нажра|обожра)\w* {G1}(?:таблет\w*|лекарств\w*|снотворн\w*)|"
        r"передозировк\w*",
        r"(?:выйти|выйду|выпрыгну\w*|прыгну\w*|спрыгну\w*|шагну\w*|брошусь|броситься|кинусь|"
        rf"кинуться) {G1}(?:в окно|из окна|с крыши|с моста|с балкона|под поезд|под машину)",
        rf"лучше бы (?:я|меня) {G1}(?:умер|умерла|не было|не родил\w*|сдох\w*)|зачем (?:мне )?"
        r"жить\b|зачем я живу",
        rf"{_RU_KID_SUBJ} {G2}(?:говорит|сказал\w*|пишет|писал\w*|думает) {G1}о (?:смерти|"
        r"суициде|самоубийстве)",
    ),
    D: (
        rf"(?:угрож|гроз|обеща)\w* {G2}(?:убить|убьет|убьёт|зарезать|прирезать|прибить|"
        r"покалечить|избить|задушить|утопить|сжечь|поджечь)\b(?! врем\w*)",
        rf"(?:убь[её]т|убьют|зарежет|прибь[её]т|задушит|покалечит) {G1}{_RU_KID}\b",
        rf"бо(?:юсь|имся|ится) {G3}(?:убь[её]т|убьют|зарежет|прибь[её]т|покалечит|изобь[её]т|"
        r"задушит)\b(?! за\b)",
        rf"пыта(?:ется|лся|лась|лись)\w* (?:(?:меня|нас|её|его|их|маму|{_RU_KID}) )?(?:убить|"
        r"задушить|утопить|зарезать|придушить|сжечь|отравить)\b(?! (?:время|муху|комара|"
        r"таракан\w*|бактери\w*|микроб\w*|себя)\b)",
        r"(?:кинулся|кинулась|бросился|бросилась|бросается|кидается|набросился|гонялся|гоняется|"
        rf"бегает|бегал|пришел|пришёл|угрожал|угрожает|размахивает|размахивал) {G2}с (?:ножом|"
        r"топором|пистолетом|ружьем|ружьём|оружием|молотком)|с (?:ножом|топором|пистолетом|"
        r"ружьем|оружием) (?:на (?:меня|нас|маму|ребенка|детей)|за (?:мной|нами))",
        rf"(?:боюсь|страшно|боится|боятся|боимся) {G1}(?:идти|возвращаться|вернуться|приходить|"
        rf"ехать|пойти) домой|(?:мне|нам|ребенку|детям) {G1}(?:небезопасно|опасно|страшно) {G1}"
        r"дома\b|дома (?:мне |нам )?(?:небезопасно|опасно|страшно)\b(?! \w+(?:ть|ться|чь)\b)|"
        rf"не (?:чувствую|чувствуем|чувствует) себя в безопасности {G1}(?:дома|с ним|с ней)",
        rf"(?:я|мы|ребенок|дети|доч\w*|сын|малыш|мама|она|он|жизнь\w*) {G2}в (?:\w+ )?опасности"
        rf"\b|(?:жизни|здоровью) {G2}угрожа\w*",
        rf"(?:сбежал|сбежала|сбежали|убежал|убежала|убежали) {G1}из (?:дома|семьи|приемной "
        r"семьи|интерната)|(?:пропал|пропала|пропали|исчез|исчезла|исчезли) "
        rf"{G1}(?:ребенок|сын|дочь|дочка|малыш|дети)\b|(?:ребенок|сын|дочь|дочка|малыш|дети) "
        rf"{G1}(?:пропал|пропала|пропали|исчез|исчезла|исчезли)\b",
        rf"(?:лом(?:ится|ятся|ился)|выбива(?:ет|ют)|выломал\w*) {G1}(?:в )?(?:дверь|двери)",
        rf"похитил\w*|похищени\w*|украл\w* {G1}(?:ребенка|сына|дочь|дочку|детей)",
        rf"помогите {G2}(?:он|она|они|отец|папа|муж|отчим|мать|мама) {G1}(?:бьет|бьёт|"
        r"убивает|душит|режет|ломится|избивает)",
    ),
}

# --------------------------------------------------------------------------- Ukrainian
_UK_KID = (
    r"(?:дитин\w*|діт(?:и|ей|ям|ьми)|донь\w*|доч(?:ка|ку|ки|кою|ці|ь)|син(?:а|ом|ові|очк\w*|"
    r"ок)?|малюк\w*|малого|малу|молодш\w+|брат(?:а|ика)?|сестр(?:у|ичку))"
)
_UK_KID_ACC = r"(?:дитину|дітей|доньку|дочку|сина|синочка|малюка|малого|брата|сестру)"
_UK_KID_SUBJ = (
    r"(?:дитина|дитину|діти|дітей|малюк|малюка|син|сина|донька|доньку|дочка|дочку|молодш\w+)"
)
_UK_PARENT = (
    r"(?:тато|татко|батько|вітчим|мама|мати|мачуха|батьки|дід|дідусь|баба|бабуся|брат|дядько|"
    r"тітка|опікун\w*|прийомн\w+ (?:мама|тато|мати|батько|батьки)|вихователь\w*)"
)
_UK_PERP = (
    r"(?:він|вітчим|тато|батько|дядько|дідусь|дід|брат|сусід|тренер|вчитель|учитель|чоловік|"
    r"дорослий|хлопець|мамин \w+)"
)
_UK_HIT = (
    r"(?:б[ьъ]?(?:є|ють)|бив|била|били|поби(?:в|ла|ли|ває|вають)|[ву]дари(?:в|ла|ли)|"
    r"вдаря(?:є|ють)|луп(?:ить|лять|цює|цюють|цював|цювала|ив|ила)|відлуп\w*|гамсел\w*|"
    r"дубас\w*|товч(?:е|уть)|копа(?:є|ють)|душ(?:ить|ать|ив|ила)|придуши\w*|хлоста\w*|"
    r"відхлоста\w*)"
)
_UK_HIT_STRICT = (
    r"(?:б[ьъ]?(?:є|ють)|бив|била|били|побив|побила|побили|побиває|[ву]дарив|[ву]дарила|"
    r"[ву]дарили|луп(?:ить|лять|цює|цюють|цював|цювала)|відлуп\w*|гамсел\w*|дубас\w*)"
)
_UK_NOT_OTHERS = r"(?!(?:інш|чуж|усіх|всіх)\w* )"
_UK_NOT = r"(?! (?:рекорд|м'яч|по м'яч|струм|тривог|байдик|в барабан|в долон|на сполох)\w*)"

UK: Final[Table] = {
    A: (
        rf"{_UK_HIT} {_UK_NOT_OTHERS}{G1}(?:мене|нас|його|її|їх|{_UK_KID})\b{_UK_NOT}",
        rf"(?:мене|нас|{_UK_KID_ACC}) {G2}{_UK_HIT_STRICT}\b{_UK_NOT}",
        rf"{_UK_PARENT} {G2}{_UK_HIT_STRICT}\b{_UK_NOT}",
        r"(?:б[ьъ]?є|б[ьъ]?ють|би[вл]\w*|поби\w*|луп\w*|відлуп\w*|хлоста\w*|відхлоста\w*|кара\w*) "
        rf"{G2}(?:ременем|паском|палкою|палицею|шнуром|кулаками|скакалкою)",
        rf"підн(?:іма|яв|яла|яли)\w* {G1}(?:руку на (?:мене|нас|нього|неї|них|дитину|дітей|"
        r"доньку|дочку|сина|маму|дружину)|на (?:мене|нас|нього|неї|них|дитину|дітей|доньку|дочку"
        r"|сина|маму|дружину) руку)",
        rf"залиш\w* {G1}синці|синці від (?:ременя|"
        r"побоїв|його|її|рук)",
        r"(?:знуща|познуща)\w* (?:з|над|із) (?:мене|нас|мною|нами|нього|неї|них|дитин\w*|"
        r"діт\w*|донь\w*|доч\w*|син\w*)|(?:принижу|принизи|обража(?:є|ють)|ображав|ображала|"
        rf"цькує|цькують|тероризу|обзива)\w* {G1}(?:мене|нас|дитин\w*|дітей|донь\w*|доч\w*|"
        r"сина)\b",
        r"(?:фізичн|психологічн|емоційн|психічн)\w* насильств\w*|жорсток\w* поводженн\w*"
        r"(?! з тварин\w*)|насильств\w* (?:над|щодо) (?:дит|діт|мен|нас|донь|доч|син)\w*",
        rf"(?:замика|замкну|зачиня|зачини)\w* {G1}(?:мене|нас|{_UK_KID}) {G1}[ув] (?:кімнат|"
        r"ванн|підвал|шаф|туалет|комор|льох|балкон|квартир)\w*",
        rf"(?:тяга|смика|хапа|схопи|тягн|потяг|скуб)\w* {G2}за волосся",
    ),
    X: (
        r"сексуальн\w* (?:насильств|домаганн|розбещ|експлуатац|знущан|зловживан)\w*",
        r"з[ґг]валт\w*|[ґг]валтує|[ґг]валтував\w*|розбещ\w*|розбестив\w*",
        r"домага\w* до (?:мене|неї|нього|нас|дитин\w*|донь\w*|доч\w*|сина)",
        rf"{_UK_PERP} {G2}(?:торка|чіпа|лапа|маца|обмацу)\w* {G1}(?:мене|її|його|дитину|доньку|"
        r"дочку|сина)\b(?! (?:за душу|до сліз|до глибини)\b)",
        rf"{_UK_PERP} (?:мене|її|дитину|доньку|дочку|сина) {G1}(?:торка|чіпа|лапа|маца|"
        r"обмацу)\w*",
        rf"(?:лапа|маца|обмацу|торка|чіпа)\w* {G2}(?:за (?:інтимн\w*|груди|сідниці|дупу|попу|"
        r"пісюн\w*)|між ніг|під одяг\w*|під спідниц\w*|[ву] трусах|[ву] інтимн\w* міс\w*)",
        rf"(?:змушу|змуси|примушу|примуси|прос|вимага|вмовля|умовля)\w* {G1}(?:мене|її|дитину|"
        rf"доньку|дочку|сина|нас) {G1}(?:роздяг\w*|дивитися порно\w*|(?:надіслати|скинути|"
        rf"надсилати) {G1}(?:голі|інтимн|оголен)\w*|спати з ним|лягати з ним|торкатися "
        r"(?:його|себе)|займатися сексом)",
        rf"показ(?:ує|ують|ував|увала|ав|ала) {G1}(?:мені|їй|йому|нам|дитині|дітям|доньці|дочці|"
        rf"синові) {G1}(?:порно\w*|голі\w*|свої статев\w*|статев\w*|член\w*)",
        rf"педофіл\w*|інцест\w*|дитяч\w* порно\w*|шантаж\w* {G2}(?:інтимн|голи|оголен)\w*",
    ),
    N: (
        rf"{_UK_KID_SUBJ} {G3}(?:сам|сама|самі|саму|самого|самих|одна|один|одні|одну|одного|"
        rf"одних) {G2}(?:цілими днями|цілу ніч|всю ніч|днями|добами|тижнями|ночами|вночі|уночі|"
        r"по кілька днів|кілька днів|на кілька днів|на ніч|на тиждень|на добу)",
        rf"(?<!не )(?:залиша|лиша|кида|покину|кину|залиши|покида)\w* {G1}(?:мене|нас|{_UK_KID}) "
        rf"{G1}(?:саму|самого|самих|одну|одного|одних|без нагляду|без їжі|на вулиці|"
        r"напризволяще|голодн\w*)",
        rf"не {G1}году(?:є|ють|вала|вав|вали) {G1}(?:мене|нас|їх|його|її|{_UK_KID})\b"
        rf"(?! грудд\w*| грудьми)|(?:мене|нас|дітей|дитину|їх) {G1}ніхто не (?:годує|доглядає|"
        r"дбає)",
        rf"(?:мені|нам|дітям|дитині) {G1}нічого {G1}їсти|(?:нема|немає) (?:що|чого|чим) {G1}"
        rf"(?:їсти|годувати {G1}(?:дітей|дитину|малюка))",
        rf"мор(?:ить|ять)\w* {G1}голодом|не ї(?:в|ла|ли|мо) {G2}(?:дн[яі]в?|доби|добу)|(?:дн[яі]в?"
        rf"|доби|добу) {G1}не ї(?:в|ла|ли|мо)\b|(?:діти|дитина|малюк|ми) {G1}голоду(?:ють|є|ємо)",
        rf"{_UK_PARENT} {G2}(?:п[ьъ]?ян\w*|бухає|бухають|пиячить|пиячать|в запої|запила|запив|"
        r"алкоголі\w*|наркоман\w*|(?:постійно|знову|щодня|весь час) п[ьъ]?є|п[ьъ]?є (?:постійно|"
        r"щодня|весь час|без просипу|не просихаючи))",
        rf"вигна(?:в|ла|ли|ти)\w* {G1}(?:мене|нас|{_UK_KID}) {G1}(?:з дому|з хати|на вулицю|з "
        r"квартири)",
        r"ніхто не (?:догляда|дба|піклу|году|стеж|дивиться)\w* (?:за |про )?(?:мною|мене|нами|нас|"
        r"дитин\w*|діт\w*|малюк\w*|ним|нею|ними|них|неї|нього)\b",
    ),
    V: (
        r"домашн\w* насильств\w*|насильств\w* [ву] (?:сім'ї|родині|домі|дома|вдома)|(?:вдома|"
        rf"[ву] родині|[ву] сім'ї) {G1}насильств\w*",
        rf"(?:чоловік|співмешканець|колишній|дружина|співмешканка|хлопець|партнер) {G2}"
        rf"{_UK_HIT_STRICT}\b{_UK_NOT}",
        rf"{_UK_HIT_STRICT} {G1}(?:чоловік|співмешканець|колишній)\b",
        rf"{_UK_HIT} {G1}(?:маму|матір|бабусю|дружину|жінку|мамку)\b|(?:маму|матір|дружину|"
        rf"жінку) {G2}{_UK_HIT_STRICT}\b",
        r"(?:батьки|мама з татом|тато з мамою|мама і тато|тато і мама|мати з батьком) "
        rf"{G2}(?:б[ьъ]?ються|билися|бились|побилися|побились|б[ьъ]?ють один одного)",
        rf"розпуска\w* руки|розпустив руки|(?:кида|накида|лізе|ліз)\w* {G2}з кулаками",
        rf"бо(?:юс[ья]|їмося|їмось|їться) {G1}(?:чоловіка|співмешканця|колишнього|вітчима)\b",
        rf"(?:кида|жбурля|шпурля)\w* [ву] (?:мене|нас|маму|неї|дружину|дітей|дитину) {G1}(?:реч|"
        r"посуд|тарілк|пляшк|стільц)\w*|(?:кида|жбурля|шпурля)\w* (?:реч|посуд|тарілк|пляшк|"
        r"стільц)\w* [ву] (?:мене|нас|маму|неї|дружину|дітей|дитину)",
    ),
    S: (
        r"(?:хочу|хочеться|хоче|хочуть|хотів|хотіла|думаю|збираюс[ья]|вирішив|вирішила|краще|"
        rf"готов\w*|мрію) {G2}(?:померти|вмерти|умерти|здохнути|покінчити з собою|покінчити з "
        r"життям|накласти на себе руки|вбити себе|убити себе|не жити|піти з життя|"
        r"повіситис[ья]|вистрибнути|стрибнути з|порізати (?:собі )?вени|отруїтис[ья]|зникнути "
        r"назавжди)\b(?! (?:від|зі|з) (?:сміху|сорому|нудьги))",
        r"покінч\w* (?:з собою|з життям)|наклас\w* на себе руки|наклала на себе руки|наклав на "
        r"себе руки|[ву]б(?:ити|ив|ила|или|[ьъ]?ю|[ьъ]?є|[ьъ]?ють) себе\b|повішус[ья]|"
        r"повісився|повісилас[ья]",
        r"суїцид\w*|самогубств\w*|самоушкодж\w*|селфхарм\w*|селф харм",
        r"(?:ріжу|ріже|ріжуть|різати|різала|різав|порізала|порізав|дряпаю|дряпає|палю|припікаю|"
        r"припікає) (?:себе|собі (?:руки|вени|ноги|зап'ястя|стегна))\b",
        rf"(?:не хочу|не хочеться|не хоче|не хочуть|нема сенсу|немає сенсу|набридло|втомив\w*|"
        rf"втомил\w*|не можу більше) {G1}жити\b(?! (?:в|у|на|з|із|разом|тут|там|поруч|окремо|"
        rf"за|без)\b)|жити {G1}не (?:хочу|хочеться|хоче)\b",
        rf"(?:наковта|напи|наїв|наїла|наїлас)\w* {G1}(?:таблет\w*|пігул\w*|ліків|снодійн\w*)|"
        r"передозуванн\w*|передоз\w*",
        r"(?:вийти|вийду|вистрибну\w*|стрибну\w*|зістрибну\w*|стрибнути|кинус[ья]|кинутис[ья]) "
        rf"{G1}(?:[ув] вікно|з вікна|з даху|з мосту|з балкона|під поїзд|під потяг|під машину)",
        rf"краще б (?:я|мене) {G1}(?:помер|померла|вмер|вмерла|не було|не народ\w*|здох\w*)|"
        r"навіщо (?:мені )?жити\b|навіщо я живу",
        rf"{_UK_KID_SUBJ} {G2}(?:говорить|сказав|сказала|пише|писав|писала|думає) {G1}про "
        r"(?:смерть|суїцид|самогубство)",
    ),
    D: (
        rf"(?:погрож|загрож|обіця|грози)\w* {G2}(?:вбити|убити|зарізати|прибити|покалічити|"
        r"побити|задушити|втопити|спалити|підпалити)\b(?! час\w*)",
        rf"(?:[ву]б[ьъ]?є|[ву]б[ьъ]?ють|заріже|приб[ьъ]?є|задушить|покалічить) {G1}{_UK_KID}\b",
        rf"бо(?:юс[ья]|їмос[ья]|їться) {G3}(?:[ву]б[ьъ]?є|[ву]б[ьъ]?ють|заріже|приб[ьъ]?є|"
        r"покалічить|поб[ьъ]?є|задушить)\b(?! за\b)",
        rf"(?:намага|пробува|спробува)\w* (?:(?:мене|нас|її|його|їх|маму|{_UK_KID}) )?(?:вбити|"
        r"убити|задушити|втопити|зарізати|придушити|спалити|отруїти)\b(?! (?:час|муху|комара|"
        r"таргана|себе)\b)",
        r"(?:кинувся|кинулася|кидається|накинувся|бігає|ганяється|ганявся|прийшов|погрожує|"
        rf"погрожував|розмахує|розмахував) {G2}з (?:ножем|сокирою|пістолетом|рушницею|зброєю|"
        r"молотком)|з (?:ножем|сокирою|пістолетом|рушницею|зброєю) (?:на (?:мене|нас|маму|дитину"
        r"|дітей)|за (?:мною|нами))",
        rf"(?:боюс[ья]|страшно|боїться|бояться|боїмос[ья]) {G1}(?:йти|іти|повертатис[ья]|"
        rf"повернутис[ья]|приходити|їхати|піти) додому|(?:мені|нам|дитині|дітям) {G1}"
        rf"(?:небезпечно|страшно) {G1}(?:вдома|дома)\b|(?:вдома|дома) (?:мені |нам )?"
        r"(?:небезпечно|страшно)\b(?! \w+(?:ти|тис[ья])\b)|не почуваюс[ья] "
        rf"{G1}(?:в безпеці|безпечно) {G1}(?:вдома|дома|з ним|з нею)",
        rf"(?:я|ми|дитина|діти|донька|дочка|син|малюк|мама|вона|він|життя\w*) {G2}[ву] "
        rf"(?:\w+ )?небезпеці\b|(?:життю|здоров'ю) {G2}загрожу\w*",
        r"(?:втік|втекла|втекли|утік|утекла|утекли|збіг|збігла|збігли) "
        rf"{G1}з (?:дому|дома|хати|прийомної сім'ї|сім'ї|родини|інтернату)|(?:зник|зникла|зникли|"
        rf"пропав|пропала|пропали) {G1}(?:дитина|син|донька|дочка|малюк|діти)\b|(?:дитина|син|"
        rf"донька|дочка|малюк|діти) {G1}(?:зник|зникла|зникли|пропав|пропала|пропали)\b",
        rf"(?:виламу|вибива|ломить|ломиться|ломляться)\w* {G1}(?:в )?двері",
        rf"викра(?:в|ла|ли|сти|де|дуть)\w* {G1}(?:дитину|сина|доньку|дочку|дітей)|викраденн\w* "
        r"дитин\w*",
        rf"допоможіть {G2}(?:він|вона|вони|батько|тато|чоловік|вітчим|мати|мама) {G1}"
        r"(?:б[ьъ]?є|вбиває|душить|ріже|ломиться|б[ьъ]?ють)",
    ),
}

# --------------------------------------------------------------------------- Polish
_PL_KID = (
    r"(?:dzieck\w*|dzieci|dzieciom|dziećmi|córk\w*|córeczk\w*|syn(?:a|em|owi|ka|kiem|ek)?|"
    r"synk\w*|małego|małą|małej|maluch\w*|młodsz\w+|brat(?:a|em)?|siostr\w*)"
)
_PL_KID_ACC = r"(?:córkę|córeczkę|syna|synka|brata|siostrę|małego)"
_PL_KID_SUBJ = (
    r"(?:dziecko|dzieci|dzieciaki|mały|mała|małe|maluch|synek|syn|córka|córeczka|młodsz\w+|"
    r"brat|siostra)"
)
_PL_PARENT = (
    r"(?:tata|tato|tatuś|ojciec|ojczym|mama|mamusia|matka|macocha|rodzice|dziadek|babcia|"
    r"brat|wujek|ciocia|opiekun\w*|zastępcz\w+ (?:mama|tata|matka|ojciec))"
)
_PL_PERP = (
    r"(?:on|ojczym|wujek|dziadek|tata|ojciec|brat|sąsiad|trener|nauczyciel|facet|mężczyzna|"
    r"chłopak mamy|partner mamy|konkubent mamy|kolega taty)"
)
_PL_HIT = (
    r"(?:bij(?:e|ą|esz)|bił[aoy]?|bili|pobi(?:ł|ła|li|ja|je)|zbi(?:ł|ła|li)|"
    r"uderz(?:a|ają|ył|yła|yli)|kop(?:ie|ią|ał|ała|ali|nął|nęła)|tłucz(?:e|ą)|tłukł\w*|"
    r"lej(?:e|ą)|lał[aoy]?|lali|szarp(?:ie|ią|ał|ała|ali)|katuj\w*|skatowa\w*|spra(?:ł|ła|li)|"
    r"policzkuj\w*|spoliczkowa\w*|dusi(?:ł|ła|li)?|przydusi\w*|popycha\w*)"
)
_PL_HIT_STRICT = (
    r"(?:bij(?:e|ą)|bił[aoy]?|bili|pobi(?:ł|ła|li|ja|je)|katuj\w*|skatowa\w*|tłucz(?:e|ą))"
)
_PL_NOT = r"(?! (?:rekord|brawo|na alarm|w bęb|się|w szachy|na głowę|jajk|pian)\w*)"

PL: Final[Table] = {
    A: (
        rf"{_PL_HIT} (?!(?:inn|obc|wszystk)\w* ){G1}(?:mnie|nas|{_PL_KID})\b"
        r"(?! (?:w szachy|na głowę|że|to|jak|ile)\b)",
        rf"(?:bij(?:e|ą)|bił[aoy]?|bili|pobi(?:ł|ła|li)|katuj\w*|skatowa\w*|spoliczkowa\w*|"
        rf"uderzył[ao]?) (?:go|ją|ich)\b{_PL_NOT}",
        rf"(?:mnie|nas|{_PL_KID_ACC}) {G2}{_PL_HIT_STRICT}\b{_PL_NOT}",
        rf"{_PL_PARENT} {G2}(?:bij(?:e|ą)|bił[aoy]?|bili|pobi(?:ł|ła|li)|katuj\w*|leje (?:mnie|nas|"
        rf"pasem)|tłucze (?:mnie|nas))\b{_PL_NOT}",
        rf"(?:bij|bił|lej|lał|pobi|spra|tłu|leje)\w* {G2}(?:pasem|paskiem|kablem|kijem|pięściami|"
        r"rózgą|sznurem|kapciem|ścierą)",
        rf"podn\w* {G1}(?:rękę na (?:mnie|nas|dziecko|dzieci|córkę|syna|mamę|żonę)|na (?:mnie|nas"
        r"|dziecko|dzieci|córkę|syna|mamę|żonę) rękę)",
        rf"zostawi\w* {G1}siniaki|siniaki od (?:pasa|bicia|niego|"
        r"niej|ojca|taty)",
        r"(?:znęca|poniża|upokarza|terroryzuj|wyzywa)\w* (?:się )?(?:nade mną|nad (?:nami|nim|"
        r"nią|nimi|dzieck\w*|dziećmi|córk\w*|syn\w*)|mnie|nas|dzieck\w*|dzieci|córk\w*|syn(?:a|"
        rf"ka))\b|(?:mnie|nas) {G1}(?:poniża|upokarza|wyzywa|terroryzuje)\b",
        r"przemoc\w* (?:fizyczn|psychiczn|emocjonaln|słown)\w*|(?:fizyczn|psychiczn|emocjonaln)\w*"
        r" przemoc\w*|przemoc\w* (?:wobec|nad) (?:dzieck|dzieci|mn|nas|córk|syn)\w*|krzywdzeni\w* "
        r"dzieci\w*",
        rf"(?:zamyka|zamknął|zamknęła|zamknęli)\w* {G1}(?:mnie|nas|{_PL_KID}) {G1}w (?:pokoju|"
        r"łazience|piwnicy|szafie|komórce|toalecie|ubikacji|mieszkaniu)",
        rf"(?:ciągnie|ciągnął|ciągnęła|szarpie|szarpał|szarpała|targa|wyrywa|chwyta|złapał|"
        rf"złapała)\w* {G2}za włosy",
        rf"(?:krzywdzi|skrzywdził|skrzywdziła|skrzywdzili|krzywdzą)\w* {G1}(?:mnie|nas|{_PL_KID})"
        r"\b",
    ),
    X: (
        r"seksualn\w* (?:wykorzyst|molest|napastow|przemoc|nadużyc)\w*|wykorzyst\w* seksualn\w*|"
        r"molest\w*",
        r"z?gwałc\w*|(?<!na )gwałt(?:u|em|y|ów)?\b",
        rf"{_PL_PERP} {G2}(?:dotyka|dotykał|dotykała|maca|macał|macała|obmacuje|obmacywał|"
        rf"obmacywała)\w* {G1}(?:mnie|ją|go|jej|dzieck\w*|córk\w*|syn\w*)\b(?! (?:za serce|do "
        r"głębi)\b)",
        rf"{_PL_PERP} (?:mnie|ją|go|dziecko|córkę|syna) {G1}(?:dotyka|dotykał|dotykała|maca|macał|"
        r"obmacuje|obmacywał)\w*",
        rf"obmacuj\w*|obmacywa\w*|(?:dotyka|dotykał|dotykała|maca|macał)\w* {G2}(?:w miejscach "
        r"intymnych|w intymnych miejscach|między nogami|pod ubraniem|pod spódnicą|w majtkach|po "
        r"piersiach|po pupie|po pośladkach|w kroczu|za piersi|za pupę|miejsca intymne)",
        rf"(?:zmusza|zmusił|zmusiła|zmuszał|każe|kazał|kazała|prosi|prosił|namawia|namawiał|"
        rf"szantażuje)\w* {G1}(?:mnie|mi|ją|jej|dzieck\w*|córk\w*|syn\w*|nas) {G1}(?:do )?"
        rf"(?:rozbiera\w*|rozebra\w*|ogląda\w* porno\w*|wysła\w* {G1}(?:nagi|nagie|nagich|"
        rf"intymn)\w*|wysyła\w* {G1}(?:nagi|nagie|nagich|intymn)\w*|seksu|współżycia|dotyka\w* "
        r"(?:go|jego|siebie)|spania z nim)",
        rf"pokaz(?:uje|ują|ywał|ał|ała) {G1}(?:mi|jej|mu|dziecku|dzieciom|córce|synowi|nam) {G1}"
        r"(?:porno\w*|nagie\w*|swoje (?:genitalia|przyrodzenie|narządy)|penisa|siusiaka|członka)",
        r"pedofil\w*|kazirodztw\w*|pornografi\w* dziecięc\w*|dziecięc\w* pornografi\w*",
        rf"(?:wysyła|wysłał|przysyła|przysłał)\w* {G1}(?:mi|jej|mu|dziecku|córce|synowi) {G1}"
        r"(?:nagie|intymne|porno\w*)|(?:chce|prosi|żąda|wymaga|domaga)\w* (?:\w+ )?(?:ode mnie|"
        rf"od niej|od córki|od syna|od dziecka) {G1}(?:nagich|nagie|intymn\w*) (?:zdjęć|zdjęcia|"
        r"fot\w*|nagrań)",
    ),
    N: (
        rf"{_PL_KID_SUBJ} {G3}(?:sam|sama|sami|same|samo) {G2}(?:przez (?:kilka |parę |całe |"
        r"cały |dwa |trzy )?(?:dni|doby|dobę|noce|noc|tygodnie|tydzień|weekend)|całymi dniami|"
        r"całymi nocami|na noc|w nocy|całą noc|dniami|nocami|po kilka dni|na kilka dni)",
        rf"(?<!nie )(?:zostawia|zostawił|zostawiła|zostawili|porzuci|porzucił|porzuciła|porzucili)"
        rf"\w* {G1}(?:mnie|nas|{_PL_KID}) {G1}(?:sam\w*|bez opieki|bez jedzenia|bez nadzoru|na "
        r"ulicy|na noc|na całą noc|na kilka dni)",
        rf"nie {G1}karmi\w* {G1}(?:mnie|nas|dziecka|dzieci|syna|córki|małego|małej|ich|go|jej)\b"
        rf"(?! piersi\w*)|nie da(?:je|ją|wał|wała) {G1}(?:mi|nam|dziecku|dzieciom|synowi|córce|im"
        rf"|mu|jej) {G1}jeść",
        rf"(?:nie ma|nie mamy|nie mają|nie miał\w*) {G1}(?:co jeść|nic do jedzenia)|(?:dzieci|"
        rf"dziecko|mały|mała|my) {G1}głodują|głodzi\w*|zagłodz\w*",
        rf"nie (?:jadł|jadła|jadło|jadły|jadłem|jadłam|jedli|jedliśmy) {G2}(?:dni|dnia|doby|dób)",
        rf"{_PL_PARENT} {G2}(?:pijan[aiy]|pijani|chleje|chlają|upija się|upijają się|pije "
        r"(?:ciągle|codziennie|cały czas|bez przerwy|znowu)|(?:ciągle|codziennie|znowu|cały czas) "
        r"pije|alkoholi\w*|nietrzeźw\w*|naćpan\w*)",
        rf"wyrzuci\w* {G1}(?:mnie|nas|{_PL_KID}) {G1}(?:z domu|na ulicę|z mieszkania)",
        r"nikt (?:się )?(?:nie )?(?:(?:mną|nami|dzieckiem|dziećmi|nim|nią|nimi) (?:się )?(?:nie )?"
        r"(?:opiekuj|zajmuj|troszcz)\w*|(?:opiekuj|zajmuj|troszcz)\w* (?:się )?(?:mną|nami|"
        r"dzieckiem|dziećmi|nim|nią|nimi))",
    ),
    V: (
        r"przemoc\w* (?:domow\w*|w rodzinie|w domu)|niebiesk\w* kart\w*",
        rf"(?:mąż|partner|konkubent|chłopak|były|żona|facet|narzeczony) {G2}(?:bij(?:e|ą)|"
        r"bił[aoy]?|pobi(?:ł|ła)|katuj\w*|uderz(?:a|ył|yła)|dusi mnie|dusił mnie|szarp(?:ie|ał)|"
        rf"kopie|kopnął|tłucze|leje (?:mnie|nas))\b{_PL_NOT}",
        rf"{_PL_HIT} {G1}(?:mamę|mamusię|matkę|żonę|babcię|partnerkę)\b|(?:mamę|matkę|żonę) {G2}"
        r"(?:bij(?:e|ą)|bił|biła|pobił|katuje|tłucze|leje)\b",
        rf"rodzice {G2}(?:biją się|bili się|pobili się|szarpią się|się biją|się bili|się pobili|"
        r"się szarpią)",
        rf"boj(?:ę|i|imy) się {G1}(?:męża|partnera|konkubenta|ojczyma|byłego|chłopaka mamy)\b",
        rf"(?:rzuca|rzucił|rzuciła)\w* się {G2}z pięściami|z pięściami na (?:mnie|nas|mamę|żonę|"
        r"dzieci)",
        rf"rzuca\w* (?:we mnie|w nas|w mamę|w nią|w dzieci|w dziecko|w żonę) {G1}(?:talerz|rzecz|"
        r"naczyni|butelk|krzesł|czym)\w*|rzuca\w* (?:talerz|rzecz|naczyni|butelk|krzesł)\w* "
        r"(?:we mnie|w nas|w mamę|w nią|w dzieci|w dziecko|w żonę)",
        r"agresywn\w* (?:gdy|jak|kiedy) (?:pije|wypije|się napije)|po alkoholu (?:bije|jest "
        r"agresywn\w*)",
    ),
    S: (
        r"(?:chcę|chce|chciałbym|chciałabym|chce mi się|chciał|chciała|myślę żeby|wolę|zamierzam|"
        rf"planuję|postanowił\w*|marzę żeby) {G2}(?:umrzeć|zdechnąć|zabić się|odebrać sobie "
        r"życie|skończyć ze sobą|skończyć z życiem|nie żyć|powiesić się|skoczyć z|podciąć "
        r"(?:sobie )?żyły|otruć się|zniknąć na zawsze)\b(?! ze (?:śmiechu|wstydu|nudów))",
        r"(?:zabi(?:ć|ję|je|ł|ła|jesz)|zabije) się\b(?! (?:w wypadku|na (?:motorze|drodze)|o)\b)|"
        r"się zabi(?:ć|ję|je|ł|ła)\b(?! (?:w wypadku|na (?:motorze|drodze)))|powieszę się|powiesił "
        r"się|powiesiła się|odebra\w* sobie życie",
        r"samobój\w*|suicyd\w*|samookalecz\w*|samouszkodz\w*|selfharm\w*|self harm",
        r"(?:tnę|pocięłam|pociąłem|kaleczę|okaleczam|przypalam|ranię) (?:się|siebie|sobie (?:ręce|"
        r"nadgarstki|żyły|nogi|uda))\b|się (?:tnę|kaleczę|okaleczam)\b",
        r"(?:córka|córeczka|syn|synek|dziecko|ona|on|brat|siostra|przyjaciółka|koleżanka|kolega) "
        rf"{G2}(?:się (?:tnie|tną|okalecza|cięła|pocięła|pociął|kaleczy)|(?:tnie|tną|okalecza|"
        r"cięła|pocięła|pociął|kaleczy) się)\b",
        rf"(?:nie chcę|nie chce|nie ma sensu|nie mam po co|nie widzę sensu|mam dość|zmęczon\w*) "
        rf"{G2}żyć\b(?! (?:w|z|na|bez|tu|tam|razem|obok)\b)|mam dość {G1}życia\b",
        rf"(?:nałykał|łyknął|łyknęła|połknął|połknęła|wziął|wzięła|wzięłam|wziąłem)\w* {G1}"
        rf"(?:wszystkie|garść|opakowanie|całe opakowanie|dużo|mnóstwo) {G1}(?:tabletek|tabletki|"
        rf"leków|pigułek|proszków)|nałykał\w* się {G1}(?:tabletek|leków|pigułek|proszków)|"
        r"przedawkow\w*",
        rf"lepiej (?:żeby|by|aby|gdyby)\w* {G2}(?:umarł\w*|nie żył\w*|nie istniał\w*|się nie "
        r"urodził\w*|nie urodził\w*|mnie nie było)",
        rf"(?:skoczę|skoczyć|wyskoczę|wyskoczyć|rzucę się|rzucić się|rzuci się) {G1}(?:z dachu|z "
        r"mostu|z okna|z balkonu|przez okno|pod pociąg|pod samochód|pod auto)",
        rf"{_PL_KID_SUBJ} {G2}(?:mówi|mówił|mówiła|pisze|pisał|pisała|myśli) {G1}o (?:śmierci|"
        r"samobójstwie|zabiciu się)",
    ),
    D: (
        rf"groz(?:i|ą|ił|iła|ili)\w* {G3}(?:zabi|zatłu|udusi|podpal|skrzywdz|pobi|zarżn|zadźga|"
        rf"poder)\w*|grożąc\w* {G2}(?:zabi\w*|nożem)",
        rf"(?:zabije|zabiją|zatłucze|udusi|zadźga|zarżnie|skrzywdzi) {G1}{_PL_KID}\b",
        rf"boj(?:ę|i|imy) się {G3}(?:zabije|zabiją|zatłucze|udusi|skrzywdzi|pobije|zadźga|zrobi "
        r"(?:mi|nam|dziecku) krzywdę)\b(?! za\b)",
        r"prób(?:ował|owała|owali|uje)\w* (?:(?:mnie|nas|ją|go|dziecko|mamę|córkę|syna) )?"
        r"(?:zabić|udusić|utopić|zadźgać|podpalić|zatłuc|otruć)\b(?! (?:czas|się)\b)",
        r"(?:rzucił|rzuca|biega|biegał|gonił|goni|przyszedł|grozi|groził|wymachuje|wymachiwał|"
        rf"napadł|ruszył)\w* {G2}z (?:nożem|siekierą|pistoletem|bronią|młotkiem)|z (?:nożem|"
        r"siekierą|pistoletem|bronią) (?:na (?:mnie|nas|mamę|dziecko|dzieci)|za (?:mną|nami))",
        rf"boj(?:ę|i|imy) się {G1}(?:wracać|wrócić|iść|pójść|jechać) do domu|w domu {G1}(?:nie "
        r"jest bezpiecznie|jest niebezpiecznie|nie jestem bezpieczn\w*|nie jesteśmy "
        rf"bezpieczn\w*)\b(?! \w+ć\b)|nie czuj\w* się bezpieczn\w* {G1}(?:w domu|z nim|z nią|z "
        r"ojcem|z mężem|z ojczymem)",
        rf"(?:jestem|jesteśmy|jest|są|dziecko|dzieci|córka|syn) {G2}w (?:\w+ )?"
        rf"niebezpieczeństwie\b|zagrożeni\w* {G1}życia\b|zagraża (?:\w+ )?życiu",
        rf"(?:uciekł|uciekła|uciekli)\w* {G1}(?:z domu|od rodziny zastępczej)\b|(?:zaginął|"
        rf"zaginęła|zaginęło|zaginęli|zniknął|zniknęła|zniknęło) {G1}(?:dziecko|syn|córka|synek|"
        rf"córeczka)\b|(?:dziecko|syn|córka|synek|córeczka) {G1}(?:zaginął|zaginęła|zaginęło|"
        r"zniknął|zniknęła|zniknęło)\b",
        rf"(?:wyważa|wyważył|wyłamuje|wyłamał|dobija się|dobijał się|wali w)\w* {G1}(?:do )?drzwi",
        rf"(?:porwał|porwała|porwali|uprowadził|uprowadziła|uprowadzili)\w* {G1}{_PL_KID}\b|"
        r"porwanie dziecka|uprowadzenie dziecka",
        rf"pomocy {G2}(?:on|ona|oni|ojciec|tata|mąż|ojczym|matka|mama) {G1}(?:bije|biją|dusi|"
        r"zabija|dobija się|wyważa|ma nóż)",
    ),
}

# --------------------------------------------------------------------------- Lithuanian
_LT_KID = (
    r"(?:vaik(?:ą|us|ui|ams|ais|u|ų|o)|dukr(?:ą|ai|ytę|elę|os)|sūn(?:ų|ui|aus|elį|elio)|"
    r"mažyl(?:į|ius|iui|io)|mažąjį|mažąją|brol(?:į|iuką|iui)|ses(?:ę|erį|utę|ei))"
)
_LT_KID_ACC = r"(?:vaiką|vaikus|sūnų|sūnelį|mažylį|brolį|broliuką)"
_LT_KID_SUBJ = (
    r"(?:vaikas|vaikai|vaiką|vaikus|mažylis|mažylį|sūnus|sūnų|dukra|dukrą|dukrytė|broliukas|"
    r"sesutė|jaunesn\w+)"
)
_LT_PARENT = (
    r"(?:tėtis|tėtukas|tėvas|patėvis|mama|mamytė|motina|pamotė|tėvai|senelis|senelė|močiutė|"
    r"brolis|dėdė|teta|globėjas|globėja|globėjai|auklėtoja|auklėtojas)"
)
_LT_PERP = (
    r"(?:jis|patėvis|dėdė|senelis|kaimynas|treneris|mokytojas|brolis|tėtis|tėvas|vyras|mamos "
    r"draugas|mamos sugyventinis|suaugęs)"
)
_LT_HIT = (
    r"(?:muša|mušė|mušdavo|sumušė|sumuša|primušė|primuša|apmušė|daužo|daužė|daužydavo|spardo|"
    r"spardė|spyrė|spardydavo|smaugia|smaugė|pasmaugė|tvoja|tvojo|trenkia|trenkė|smogia|smogė|"
    r"stumdo|stumdė|skriaudžia|skriaudė|nuskriaudė|plaka|plakė|talžo|talžė|pliekia|pliekė|"
    r"lupa|lupo|išlupo)"
)
_LT_HIT_STRICT = (
    r"(?:muša|mušė|mušdavo|sumušė|sumuša|primušė|daužo|daužydavo|spardo|talžo|pliekia|"
    r"skriaudžia|tvoja)"
)
_LT_NOT = r"(?! (?:rekord|kiauš|bulv|obuol)\w*)"

LT: Final[Table] = {
    A: (
        rf"{_LT_HIT} (?!(?:kit|svetim|visus)\w* ){G1}(?:mane|mus|jį|ją|juos|jas|{_LT_KID})\b"
        rf"{_LT_NOT}",
        rf"(?:mane|mus|{_LT_KID_ACC}) {G2}{_LT_HIT_STRICT}\b{_LT_NOT}",
        rf"{_LT_PARENT} {G2}(?:muša|mušė|mušdavo|sumušė|talžo|pliekia|spardo|skriaudžia)\b"
        rf"{_LT_NOT}",
        rf"(?:trenk|tvoj|smog|vož|kirt)\w* {G1}(?:man|mums|jam|jai|vaikui|dukrai|sūnui|broliui|"
        r"sesei)\b(?! į galvą (?:mintis|idėja)\b)",
        rf"(?:muš|plak|pliek|lup|talž|dauž|sumuš|čaiž)\w* {G2}(?:diržu|diržais|lazda|kumščiais|"
        r"rykšte|rykštėmis|laidu|šluota)",
        r"(?:kelia|pakėlė|pakelia|kėlė|keldavo)\w* rank(?:ą|as) (?:prieš|ant) (?:mane|mus|vaiką|"
        r"vaikus|ją|jį|dukrą|sūnų|mamą|žmoną)",
        rf"palik\w* {G1}mėlyn\w*|mėlynės nuo (?:diržo|mušimo|jo|jos|tėčio|"
        r"tėvo)",
        rf"(?:žemina|pažemina|terorizuoja|pravardžiuoja|engia)\w* {G1}(?:mane|mus|vaiką|vaikus|"
        rf"dukrą|sūnų)\b|tyčiojasi {G1}iš (?:manęs|mūsų|vaiko|vaikų|dukros|sūnaus|jo|jos)|"
        rf"kankin\w* {G1}(?:vaik|dukr|sūn|mažyl)\w*",
        r"(?:fizin|psichologin|emocin|psichin)\w* (?:smurt|prievart)\w*|smurt\w* prieš (?:vaik|"
        r"mane|mus|dukr|sūn)\w*|žiaur\w* elges\w* su (?:vaik|manimi|mumis|dukr|sūn)\w*",
        rf"(?:užrakina|užrakino|uždaro|uždarė|uždarydavo|rakina)\w* {G1}(?:mane|mus|vaiką|vaikus|"
        rf"ją|jį|dukrą|sūnų) {G1}(?:kambaryje|vonioje|rūsyje|spintoje|tualete|sandėliuke|"
        r"balkone|vieną|vienus|bute)",
        rf"(?:tampo|tempia|tąso|pešė|peša|griebia|griebė|timpčioja)\w* {G2}už plaukų",
    ),
    X: (
        r"seksualin\w* (?:prievart|smurt|išnaudojim|priekabiavim|tvirkinim)\w*",
        r"(?:išprievartav|prievartav|išžagin|žagin|tvirkin|ištvirkin)\w*",
        r"priekabiau\w* (?:prie )?(?:manęs|mūsų|jos|jo|vaiko|vaikų|dukros|sūnaus|mergaitės)",
        rf"{_LT_PERP} {G2}(?:liečia|lietė|liesdavo|čiupinėja|čiupinėjo|glamonėja|glamonėjo|"
        rf"grabinėja)\w* {G1}(?:mane|ją|jį|vaiką|dukrą|sūnų)\b",
        rf"{_LT_PERP} (?:mane|ją|jį|vaiką|dukrą|sūnų) {G1}(?:liečia|lietė|liesdavo|čiupinėja|"
        r"čiupinėjo|glamonėja|glamonėjo)\w*",
        rf"(?:apčiupinėj|čiupinėj|grabinėj)\w*|(?:liečia|lietė|liesdavo) {G1}(?:mane |ją |jį )?"
        r"(?:intymi\w*|po drabužiais|tarp kojų|krūt\w*|sėdmen\w*|apatin\w*)",
        rf"(?:verčia|privertė|priverčia|prašo|prašė|liepia|liepė|reikalauja|kalbina|įkalbinėja)\w* "
        rf"{G1}(?:mane|ją|jį|vaiką|dukrą|sūnų|mus) {G1}(?:nusirengti|nusirenginėti|žiūrėti "
        rf"porn\w*|(?:siųsti|atsiųsti) {G1}(?:nuog|intym)\w*|liesti jį|liesti jo|miegoti su juo|"
        r"gulti su juo|turėti lytinių santykių|mylėtis)",
        rf"rod(?:o|ė|ydavo)\w* {G1}(?:man|jai|jam|vaikui|dukrai|sūnui|mums) {G1}(?:porn\w*|"
        r"nuog\w*|savo lytin\w*|lytin\w*|pimp\w*)",
        r"pedofil\w*|kraujomaiš\w*|vaikų pornografij\w*",
    ),
    N: (
        rf"{_LT_KID_SUBJ} {G3}(?:vienas|viena|vieni|vienos|vienus|vieną) {G2}(?:kelias dienas|"
        r"kelioms dienoms|dienų dienas|ištisas dienas|ištisą dieną|visą dieną|visą naktį|naktimis"
        r"|savaitėmis|paromis|kelias paras|per naktį|nakčiai|kelias naktis)",
        rf"(?:palieka|paliko|palikdavo|paliks|meta|metė)\w* {G1}(?:mane|mus|vaiką|vaikus|ją|jį|"
        rf"dukrą|sūnų|mažylį|brolį|sesę) {G1}(?:vieną|vienus|vienas|viena|be priežiūros|be "
        r"maisto|gatvėje|nakčiai|kelioms dienoms)",
        rf"nemaitin\w* {G1}(?:manęs|mūsų|vaikų|vaiko|jų|jo|jos|mažylio|sūnaus|dukros)\b|"
        rf"ne(?:duod|dav)\w* {G1}(?:man|mums|vaikams|vaikui|jiems|jam|jai) valgyti",
        rf"(?:neturime|neturim|neturi|neturiu|nėra) {G1}(?:ko valgyti|ką valgyti|maisto)\b"
        r"(?! (?:alerg|netoler)\w*)",
        rf"nevalg\w* {G2}(?:dienas|dienų|dieną|paras|parų|parą)\b|(?:dienas|dienų|paras|parų) {G1}"
        r"nevalg\w*",
        rf"badau(?:ja|jame|ju|jo)\b|marin\w* {G1}badu",
        rf"{_LT_PARENT} {G2}(?:girta|girtas|girti|geria (?:nuolat|kasdien|visą laiką|vėl|be "
        r"perstojo)|(?:nuolat|kasdien|vėl|visą laiką) geria|išgėręs|išgėrusi|alkoholik\w*|"
        r"prasigėr\w*|pragėr\w*|narkoman\w*|apsvaig\w*)",
        rf"išmet\w* {G1}(?:mane|mus|vaiką|vaikus|sūnų|dukrą) {G1}(?:iš namų|į gatvę|lauk)",
        rf"niekas {G1}(?:nesirūpina|neprižiūri|nemaitina|nesaugo) {G1}(?:manimi|mumis|vaiku|"
        r"vaikais|juo|ja|jais|jomis|manęs|mūsų|vaikų|vaiko)\b",
    ),
    V: (
        rf"smurt\w* (?:artimoje aplinkoje|šeimoje|namuose)|smurtau\w*|artimoje aplinkoje {G1}"
        r"smurt\w*",
        rf"(?:vyras|sugyventinis|draugas|buvęs|žmona|partneris|sugyventinė) {G2}(?:muša|mušė|"
        r"mušdavo|sumušė|daužo|spardo|smaugia|smaugė|tvoja|trenkė|trenkia|smogė|skriaudžia)\b"
        rf"{_LT_NOT}",
        r"(?<!mane )(?<!mus )(?:muša|mušė|mušdavo|sumušė|daužo|spardo|smaugia|smaugė|tvoja|"
        rf"skriaudžia) {G1}(?:mamą|mamytę|motiną|žmoną|močiutę|senelę|draugę|sugyventinę)\b",
        rf"tėvai {G2}(?:mušasi|pešasi|susimuša|susimušė|mušėsi|pešėsi)",
        rf"bij(?:au|ome|o) {G1}(?:vyro|sugyventinio|buvusiojo|buvusio|patėvio|partnerio)\b",
        rf"(?:puola|puolė|šoka|šoko|lenda|lindo)\w* {G2}su kumščiais",
        rf"(?:mėto|svaido|svaidė|mėtė)\w* {G1}(?:į mane|į mus|į mamą|į ją|į vaikus|į vaiką|į "
        rf"žmoną) {G1}(?:daikt|ind|lėkšt|butel|kėd|visk)\w*|(?:mėto|svaido|svaidė|mėtė) (?:daikt|"
        r"ind|lėkšt|butel|kėd)\w* (?:į mane|į mus|į mamą|į ją|į vaikus|į žmoną)",
        r"agresyv\w* (?:kai|kada) (?:išgeria|geria|išgėręs|girtas)|išgėręs (?:muša|daužo|tampo|"
        r"smurtauja|puola)",
    ),
    S: (
        r"(?:noriu|norisi|nori|norėjau|norėčiau|galvoju|ketinu|nusprendžiau|geriau|planuoju) "
        rf"{G2}(?:mirti|numirti|nusižudyti|nebegyventi|negyventi|pasikarti|iššokti|"
        r"nusinuodyti|persipjauti venas|nusiskandinti|išnykti visam laikui|dingti visam laikui)\b"
        r"(?! iš (?:juoko|gėdos|nuobodulio))",
        r"nusižud\w*|savižud\w*|suicid\w*|pasikor\w*|pasikar(?:ti|siu|s)\b|nusinuodys\w*",
        r"(?:pjaustaus|pjaustosi|pjaustėsi|susipjausto|susipjausčiau|raižaus|raižosi|žalojasi|"
        rf"žalojuosi|susižaloj|savižal)\w*|save {G1}(?:žaloj|pjausto|raižo|žeidž)\w*|(?:žaloj|"
        r"pjausto|raižo|žeidž)\w* save\b",
        rf"(?:nenoriu|nesinori|nebenoriu|nebesinori|nenori|nebenori|nėra prasmės|nebėra prasmės|"
        rf"pavargau|pavargo|nebegaliu) {G1}gyventi\b(?! (?:čia|ten|su|kartu|mieste|kaime|name|"
        r"bute|be|pas|prie)\b)",
        r"(?:užmuš|nužud)\w* save\b",
        r"(?:prisigėriau|prisigėrė|prisirijau|prisirijo|išgėriau visas|išgėrė visas|prarijau|"
        rf"prarijo)\w* {G1}(?:tablet|vaist|piliul|migdom)\w*|perdozav\w*|perdozuot\w*",
        rf"geriau {G1}(?:būčiau|būtų) {G1}(?:miręs|mirusi|negimęs|negimusi|nebuvę|numiręs)|"
        rf"geriau manęs {G1}nebūtų",
        rf"(?:nušoksiu|nušokti|iššoksiu|iššokti|šoksiu|šokti|mesiuos|mestis) {G1}(?:nuo stogo|"
        r"nuo tilto|pro langą|nuo balkono|po traukiniu|po mašina)",
        rf"{_LT_KID_SUBJ} {G2}(?:kalba|kalbėjo|rašo|rašė|galvoja) {G1}apie (?:mirtį|savižudybę|"
        r"nusižudymą)",
    ),
    D: (
        rf"grasin\w* {G2}(?:nužudyti|užmušti|papjauti|sumušti|pasmaugti|sudeginti|nuskandinti|"
        r"sužaloti|nušauti)\b(?! laik\w*)",
        rf"(?:užmuš|nužudys|papjaus|pasmaugs|sužalos)\w* {G1}(?:vaiką|vaikus|mažylį|sūnų|dukrą)\b",
        rf"bij(?:au|ome|o) {G3}(?:užmuš|nužudys|papjaus|pasmaugs|sumuš|sužalos|suluošins)\b"
        r"(?! už\b)",
        r"band(?:ė|o|ydavo|ys)\w* (?:(?:mane|mus|ją|jį|vaiką|mamą|dukrą|sūnų) )?(?:nužudyti|"
        r"užmušti|pasmaugti|nuskandinti|papjauti|sudeginti|nunuodyti)\b(?! (?:laiką|save)\b)",
        r"(?:puolė|puola|vaikosi|vaikėsi|atėjo|grasina|grasino|mosikuoja|mosikavo|bėgioja|lakstė|"
        rf"laksto)\w* {G2}su (?:peiliu|kirviu|ginklu|pistoletu|plaktuku|šautuvu)|su (?:peiliu|"
        r"kirviu|ginklu) (?:ant|prie) (?:manęs|mūsų|mamos)",
        rf"bij(?:au|o|ome) {G1}(?:eiti|grįžti|parvažiuoti|pareiti|važiuoti) {G1}namo\b|namuose "
        rf"{G1}(?:nesaugu|pavojinga|baisu)\b(?! \w+ti\b)|(?:nesaugu|nesijaučiu saug\w*|"
        rf"nesijaučiame saug\w*) {G1}namuose|namie {G1}(?:nesaugu|baisu)\b",
        rf"(?:aš|mes|vaikas|vaikai|dukra|sūnus|mažylis|ji|jis|mama|gyvybė\w*) {G2}pavojuje\b|"
        rf"gyvybei {G1}gresia|gresia (?:\w+ )?pavojus (?:gyvybei|vaikui|man|mums)",
        rf"pabėg(?:o|au|ome|usi|ęs)\w* {G1}iš (?:namų|globėjų|šeimos|globos namų)|ding(?:o|ęs|usi) "
        rf"{G1}(?:vaikas|sūnus|dukra|mažylis|dukrytė)\b|(?:vaikas|sūnus|dukra|mažylis|dukrytė) "
        rf"{G1}(?:dingo|dingęs|dingusi|prapuolė|pradingo)\b",
        rf"pagrob\w* {G1}(?:vaiką|sūnų|dukrą|vaikus)|vaiko pagrobim\w*",
        rf"(?:laužia|išlaužė|išvertė|daužosi|daužo) {G1}(?:į )?duris",
        rf"padėkit\w* {G2}(?:jis|ji|jie|tėvas|tėtis|vyras|patėvis|mama) {G1}(?:muša|smaugia|"
        r"užmuš|pjauna|laužia)",
    ),
}

# --------------------------------------------------------------------------- Georgian
# Objects take the dative (ბავშვს, დედას), subjects the nominative or ergative (მამა, მამამ),
# so "who beats whom" is visible in the endings. "პატივს სცემს" means "respects": excluded.
_KG = r"(?:(?!პატივ|ბურთ|დრო|ერთმანეთ|სხვ)\w+ ){0,2}"
_KG_PARENT = r"(?:(?!პატივ|ბურთ|დრო|ერთმანეთ|სხვ|დედ|ცოლ|ბებ)\w+ ){0,2}"
_KA_KID_DAT = (
    r"(?:ბავშვს|ბავშვებს|შვილს|შვილებს|პატარას|ჩვილს|გოგოს|ბიჭს|ძმას|დას|დაიკოს|შვილიშვილს)"
)
_KA_KID = r"(?:ბავშვ|შვილ|ჩვილ|პატარ)\w*"
_KA_PARENT = (
    r"(?:მამა|მამაჩემი|მამამ|მამაჩემმა|მამიკო|მამინაცვალი|მამინაცვალმა|დედა|დედაჩემი|დედამ|"
    r"დედაჩემმა|დედინაცვალი|დედინაცვალმა|მშობლები|მშობლებმა|ბებია|ბებიამ|ბაბუა|ბაბუამ|ბიძა|"
    r"ბიძაჩემი|ბიძამ|ძმა|ძმაჩემი|ძმამ|მეურვე|მეურვემ|აღმზრდელი|აღმზრდელმა)"
)
_KA_PARTNER = (
    r"(?:ქმარი|ქმარმა|მეუღლე|მეუღლემ|ყოფილი|ყოფილმა|ყოფილი ქმარი|პარტნიორი|პარტნიორმა|"
    r"საყვარელი|საყვარელმა|ცოლი|ცოლმა)"
)
# beats/hits him, her, them (the object is named separately)
_KA_HIT3 = (
    r"(?:სცემ(?:ს|ა|ენ|ეს|და|დნენ|დეს)|ცემ(?:ს|ენ|და|დნენ)|ურტყამ(?:ს|ენ|და|დნენ)|"
    r"ურტყავ(?:ს|ენ|და)|დაარტყ(?:ა|ეს|ამს)|ლახავ(?:ს|ენ|და)|გალახ(?:ა|ეს)|ახრჩობ(?:ს|ენ|და))"
)
# beats/hits me or us: the verb itself says who the victim is
_KA_HIT_ME = (
    r"(?:მცემ(?:ს|ა|ენ|ეს|და|დნენ|დეს)|გვცემ(?:ს|ა|ენ|ეს|და|დნენ)|მირტყამ(?:ს|ენ|და|დნენ)|"
    r"მირტყავ(?:ს|ენ|და)|გვირტყამ(?:ს|ენ|და)|გვირტყავ\w*|დამარტყ(?:ა|ეს)|დაგვარტყ(?:ა|ეს)|"
    r"გამარტყ(?:ა|ეს)|გამლახ\w*|გაგვლახ\w*|მლახავ\w*|გვლახავ\w*|დამახრჩ\w*|მაწიხლავ\w*)"
)

KA: Final[Table] = {
    A: (
        rf"(?<!პატივს ){_KA_HIT_ME}\b(?! პატივ)",
        rf"(?<!სხვა ){_KA_KID_DAT} {_KG}{_KA_HIT3}\b(?! პატივ)|"
        rf"(?<!პატივს ){_KA_HIT3} {_KG}{_KA_KID_DAT}",
        rf"{_KA_PARENT} {_KG_PARENT}{_KA_HIT3}\b(?! პატივ)",
        rf"ხელს {G1}(?:მახლებ|გვახლებ|ახლებ)\w*|ხელი {G1}(?:ამიწია|აგვიწია|აუწია)\b",
        rf"ქამრ(?:ით|ს) {G1}(?:{_KA_HIT_ME}|{_KA_HIT3})|(?:{_KA_HIT_ME}|{_KA_HIT3}) {G1}ქამრით",
        rf"სილურჯე\w* {G1}(?:დამიტოვ|დაუტოვ|დაგვიტოვ)\w*",
        r"(?:ფსიქოლოგიურ|ემოციურ|ფიზიკურ|სიტყვიერ)\w* ძალადობ\w*|(?:ბავშვ|შვილ|ჩემ|ჩვენ|პატარ|"
        rf"გოგო|ბიჭ)\w*ზე {G1}ძალადობ\w*",
        r"(?:მამცირებ|გვამცირებ|მაგინებ|გვაგინებ)\w*|აბუჩად (?:მიგდებ|გვიგდებ|იგდებ)\w*",
        r"(?:ოთახში|აბაზანაში|სარდაფში|კარადაში|საკუჭნაოში|აივანზე|ტუალეტში) "
        rf"{G1}(?:მკეტავ|გვკეტავ|კეტავ|ჩამკეტ|ჩაგვკეტ|ჩაკეტ|მამწყვდევ|ჩამამწყვდი|გამომკეტ)\w*",
        rf"თმით {G1}(?:მათრევ|ათრევ|გვათრევ|მექაჩებ|ექაჩებ|მითრია|ითრია)\w*|თმას {G1}(?:მაგლეჯ|"
        r"აგლეჯ|მიწევ|უწევ)\w*",
        # Georgian typed in Latin letters, as many write in chats
        r"(?<!pativs )(?:mcem(?:s|a|en|da|dnen)|mirtyam\w*|mirtkam\w*|damartya|gamlaxa)\b",
    ),
    X: (
        r"სექსუალურ\w* (?:ძალადობ|შევიწროებ|ექსპლუატაცი|ბოროტად|შეურაცხყოფ)\w*",
        r"\w{0,3}უპატიურ\w*",
        r"(?:მიფათურებ|უფათურებ|გვიფათურებ)\w*",
        r"(?:ბიძა|ბიძაჩემი|მამინაცვალი|მამა|მამაჩემი|ბაბუა|ბაბუაჩემი|მეზობელი|მასწავლებელი|"
        rf"მწვრთნელი|ძმა|ძმაჩემი|კაცი|დედის მეგობარი|ბიძაშვილი) {_KG}(?:მეხება|მეხებოდა|"
        r"მეხებიან|მეხებოდნენ|მიკარებ\w*)",
        rf"(?:ინტიმურ|სასქესო)\w* (?:ადგილ|ორგანო|ნაწილ)\w* {G1}(?:მეხება|ეხება|მეხებოდა|"
        rf"ეხებოდა|შეხება|მიკარებ|უკარებ|ხელს)\w*|უხამსად {G1}(?:მეხება|ეხება|მეხებოდა|ეხებოდა|"
        rf"იქცევა)|ტანსაცმლის ქვეშ {G1}(?:მეხება|ეხება|ხელს)\w*",
        rf"(?:მაიძულებ|აიძულებ|მაიძულ|აიძულ|მთხოვ|სთხოვ)\w* {G2}(?:გავიხადო|გაიხადოს|გაშიშვლ|"
        r"სექს|პორნო|შევეხო|შეეხოს|დავწვე|დაწვეს|შიშველ|ინტიმურ)\w*",
        rf"(?:შიშველ|ინტიმურ|გაშიშვლებულ)\w* (?:ფოტო|სურათ|ვიდეო)\w* {G2}(?:მთხოვ|სთხოვ|"
        r"მაიძულ|აიძულ|მიგზავნ|უგზავნ|მოითხოვ|მთხოულობ|თხოულობ)\w*",
        rf"პორნო\w* {G1}(?:მაჩვენებ|აჩვენებ|მაყურებინებ|აყურებინებ|მიგზავნ|უგზავნ|მაჩვენა|"
        rf"აჩვენა)\w*|(?:მაჩვენებ|აჩვენებ|მაჩვენა|აჩვენა|მიგზავნ|უგზავნ)\w* {G1}პორნო\w*",
        r"პედოფილ\w*|ინცესტ\w*|გარყვნ\w*|ბავშვთა პორნოგრაფ\w*",
        r"seqsualur\w* dzaladob\w*|(?:gaa|ga|a)?upatiur\w*",
    ),
    N: (
        r"(?:ბავშვი|ბავშვები|შვილი|შვილები|პატარა|ჩვილი|ბავშვს|ბავშვებს|შვილს|შვილებს|ჩვილს) "
        rf"{G3}მარტო\w* {G2}(?:დღეობით|დღეების განმავლობაში|რამდენიმე დღე\w*|რამდენიმე დღით|"
        r"მთელი ღამე|მთელ ღამეს|ღამით|ღამეობით|კვირობით|დღე და ღამე|მთელი დღე|მთელ დღეს|ორი "
        r"დღე\w*|სამი დღე\w*)",
        rf"(?:დღეობით|რამდენიმე დღით|რამდენიმე დღე|ღამეობით|მთელი ღამე|მთელი დღე|ღამით) {G2}"
        rf"(?:{_KA_KID} {G1}მარტო\w*|მარტო\w* {G1}{_KA_KID})|{_KA_KID} {G2}(?:დღეობით|"
        r"რამდენიმე დღით|ღამეობით|ღამღამობით|მთელი ღამე|მთელი დღე|დღე და ღამე) (?:\w+ )?მარტო\w*",
        rf"(?<!არ )(?<!ვერ ){_KA_KID} {G1}მარტო (?:ტოვებ(?:ს|ენ|და|დნენ)|დატოვ(?:ა|ეს|ებს))\b|"
        rf"(?<!არ )(?<!ვერ )(?:ტოვებ(?:ს|ენ|და|დნენ)|დატოვ(?:ა|ეს)) {G1}{_KA_KID} {G1}მარტო\w*|"
        rf"მიატოვ(?:ა|ეს|ებს|ებენ) {G1}{_KA_KID}|{_KA_KID} {G1}მიატოვ(?:ა|ეს|ებს|ებენ)\b",
        rf"(?:არ|ვერ) {G1}(?:გვაჭმევ|მაჭმევ)\w*|საჭმელს {G1}(?:არ|აღარ) (?:გვაძლევ|მაძლევ|"
        r"აძლევ)\w*",
        rf"(?:საჭმელი|საკვები) {G2}(?:არ|აღარ) (?:გვაქვს|გვაქ|მაქვს|გვქონია)\b|(?:რამდენიმე დღეა|"
        rf"ორი დღეა|სამი დღეა|დღეებია) {G2}(?:არ|ვერ) {G1}(?:უჭამია|გვიჭამია|მიჭამია|უჭამიათ|"
        r"ჭამს|ვჭამთ|ვჭამე)\w*",
        rf"{_KA_PARENT} {G2}(?:მთვრალ|ნასვამ|ლოთობ|ალკოჰოლიკ|ნარკომან|ლოთი|სვამს (?:სულ|"
        r"ყოველდღე|გამუდმებით)|(?:სულ|ყოველდღე|გამუდმებით|ისევ) სვამს(?! კითხვ))\w*",
        rf"(?:სახლიდან|ქუჩაში|ქუჩაზე) {G1}(?:გამაგდ|გამოგვაგდ|გამოაგდ|გამოგვყარ|გამომყარ|"
        r"გამაძევ|გამომაგდ|გააგდ|გამოგვაძევ|გაგვაგდ)\w*",
        rf"არავინ {G1}(?:გვივლის|მივლის|უვლის|გვაჭმევს)\b|არავინ {G1}(?:ზრუნავს|ზრუნავდა) "
        rf"(?:ჩვენზე|ჩემზე|მასზე|მათზე|ბავშვ\w*)|(?:ჩვენზე|ჩემზე|ბავშვ\w*ზე) {G1}არავინ {G1}"
        r"ზრუნავ\w*",
        rf"(?:დღეობით|დღეებია|რამდენიმე დღეა) {G1}მშივრ\w*|მშივრ\w* {G1}(?:დღეობით|დღეებია|"
        r"რამდენიმე დღეა)",
    ),
    V: (
        rf"ოჯახ\w* {G1}ძალადობ\w*|ოჯახურ\w* ძალადობ\w*",
        r"ძალადობ(?:ს|ენ|და|დნენ|დეს)\b|მოძალადე\w*",
        rf"{_KA_PARTNER} {_KG}(?:{_KA_HIT_ME}|ძალადობ\w*)",
        rf"(?:დედას|დედაჩემს|დედიკოს|ცოლს|ბებიას|ბებიაჩემს|დედაჩვენს) {_KG}(?:{_KA_HIT3}|"
        rf"ძალადობ\w*)\b(?! პატივ)|(?<!პატივს ){_KA_HIT3} (?:დედას|დედაჩემს|ცოლს|ბებიას)\b",
        rf"მშობლებ\w* {G3}(?:სცემენ|ურტყამენ|ურტყავენ)\b",
        rf"(?:ქმრის|მეუღლის|მამინაცვლის|ყოფილი ქმრის|ყოფილის|პარტნიორის) {G1}მეშინია\b|მეშინია "
        rf"{G1}(?:ქმრის|მეუღლის|მამინაცვლის|ყოფილის)\b",
        r"dzaladob(?:s|en|da|dnen)\b|ojax\w* dzaladob\w*",
    ),
    S: (
        r"(?:მინდა|მინდოდა|მსურს|მირჩევნია|ჯობია|უნდა|სურს|უნდოდა|ვაპირებ|აპირებ|ვფიქრობ) "
        rf"{G1}(?:მოვკვდე|მოკვდეს|მოვკვდეთ|სიკვდილი|მოკვდომა|თავის მოკვლა\w*|თავი მოვიკლა|თავი "
        r"მოიკლას|გავქრე|აღარ ვიცოცხლო|აღარ ვიყო)\b(?! სიცილ)",
        rf"(?:მოკვდომა|სიკვდილი|თავის მოკვლა) {G1}(?:მინდა|მინდოდა|მსურს|უნდა|სურს|უნდოდა)\b",
        rf"თავ(?:ს|ი|ის) {G1}(?:მოვიკლავ|მოიკლავს|მოიკლა|ვიკლავ|იკლავს|მოკვლა|მოკვლას|მოკვლაზე|"
        r"მოვიკლა|მოიკლას|მოიკლავენ)\w*",
        r"სუიციდ\w*|თვითმკვლელ\w*|თვითდაზიან\w*|თვითგანადგურ\w*",
        rf"(?:ხელებ|ვენებ|მაჯებ|მკლავებ|ფეხებ|სხეულ)\w* {G1}(?:ვიჭრი|იჭრის|ვიჭრიდი|ვიკაწრავ|"
        rf"იკაწრავს|ვიზიანებ|იზიანებს|ვისერავ|ისერავს|გადავიჭრ|გადაიჭრ)\w*|(?:ვიჭრი|იჭრის|"
        rf"ვიზიანებ|იზიანებს|ვისერავ|ისერავს) {G1}(?:ხელებ|ვენებ|მაჯებ|მკლავებ|სხეულ)\w*|თავს "
        rf"{G1}(?:ვიზიანებ|იზიანებს|ვიზიანებდი|იზიანებდა|დავიზიანე|დაიზიანა)\b",
        r"აღარ (?:მინდა|მინდოდა|უნდა|სურს|მსურს) (?:ცხოვრება|სიცოცხლე|ცოცხლობა|არსებობა)\b|"
        r"(?:არ|აღარ) (?:მინდა|უნდა|მსურს) სიცოცხლე\b|ცხოვრება აღარ (?:მინდა|უნდა|მსურს)\b|"
        r"სიცოცხლე (?:აღარ|არ) (?:მინდა|უნდა|მსურს)\b|"
        rf"ცხოვრებ\w* {G1}აზრი (?:აღარ|არ) (?:აქვს|აქ)\b",
        rf"(?:ბევრი|ყველა|მთელი|ერთი მუჭა|მუჭა|მთელი კოლოფი) {G1}აბ\w* {G1}(?:დავლიე|დალია|"
        r"ჩავყლაპე|ჩაყლაპა|დავლევ|დალევს|დავყლაპე)|ზედოზ\w*|ჭარბი დოზ\w*",
        rf"(?:ფანჯრიდან|სახურავიდან|ხიდიდან|აივნიდან) {G1}(?:გადავხტები|გადავხტე|გადახტება|"
        rf"გადახტეს|გადავეშვები|გადავვარდები)\w*|მატარებლის ქვეშ {G1}(?:ჩავწვე|ჩავვარდე|"
        r"გადავეშვები|შევვარდები)",
        r"ნეტავ (?:\w+ )?(?:მოვკვდე|მოვმკვდარიყავი|არ დავბადებულიყავი|არ ვარსებობდე|აღარ ვიყო)|"
        r"ნეტავ (?:\w+ )?მკვდარი (?:ვიყო|ვიყავი)",
        r"(?:minda|mindoda|msurs) (?:movkvde|mokvdoma|tavis mokvla)|tav(?:s|is|i) (?:movikla\w*|"
        r"mokvla\w*|moikla\w*)|(?:mokvdoma|sikvdili) minda",
    ),
    D: (
        r"(?:მემუქრებ|გვემუქრებ|ემუქრებ|იმუქრებ|დამემუქრა|დაგვემუქრა|დაემუქრა)\w* "
        rf"{G3}(?:მომკლავ|მოგვკლავ|მოკლავ|მოკვლ|დამახრჩობ|დაგვხოცავ|დახოცავ|დაწვავ|ჩაგვკლავ)\w*|"
        rf"მოკვლ\w* {G1}(?:მემუქრებ|გვემუქრებ|ემუქრებ|იმუქრებ|დამემუქრა|დაგვემუქრა|დაემუქრა|"
        r"მპირდებ|გვპირდებ)\w*",
        rf"მეშინია {G3}(?:მომკლავს|მოგვკლავს|მოკლავს|დამახრჩობს|დაგვხოცავს|მცემს|გვცემს)\b"
        rf"(?! (?:\w+ )?(?:თუ|გამო)\b)|(?:მომკლავს|მოგვკლავს|დამახრჩობს|დაგვხოცავს) {G1}მეშინია",
        rf"(?:მოკლავ|დაახრჩობ|დახოცავ)\w* {G1}{_KA_KID}|(?:ბავშვს|ბავშვებს|შვილს|შვილებს|ჩვილს|"
        rf"პატარას) {G1}(?:მოკლავ|დაახრჩობ|დახოცავ)\w*",
        rf"(?:ცდილობ|ცდილობდ)\w* {_KG}(?:მოკვლას|მოკვლა|დახრჩობას|დამახრჩობ|მოგვკლ|მომკლ)\w*|"
        r"(?<!თავის )მოკვლა (?:\w+ )?სცად(?:ა|ეს)\b",
        rf"(?:დანით|დანა|იარაღით|ცულით|თოფით|პისტოლეტით|ჩაქუჩით) {G2}(?:დამდევ|გვდევ|მემუქრებ|"
        r"გვემუქრებ|ემუქრებ|დამესხ|დაგვესხ|მოვარდ|გამოგვეკიდ|გამომეკიდ|დადის|იქნევ)\w*",
        rf"სახლში {G3}(?:უსაფრთხოდ (?:ვერ|არ)|არ ვარ უსაფრთხოდ|არ ვარ დაცული|საშიშია|მეშინია|"
        r"არაა უსაფრთხო|არ არის უსაფრთხო|სახიფათოა|საფრთხეში ვარ)|(?:სახლში|შინ) (?:დაბრუნების|"
        rf"წასვლის|მისვლის|დაბრუნება|წასვლა|მისვლა) {G1}მეშინია",
        rf"საფრთხეში (?:ვარ|ვართ)\b|(?:ბავშვ|შვილ|გოგონ|ბიჭ|პატარ|ჩვილ)\w* {G2}საფრთხეში(?:ა| "
        rf"არის| არიან)\b|სიცოცხლე\w* {G1}(?:საფრთხე\w*|ემუქრება)",
        r"(?:სახლიდან|ოჯახიდან|მინდობით აღმზრდელებისგან|მინდობითი ოჯახიდან) "
        rf"{G1}(?:გაიქცა|გაიპარა|გაქცეულია|გავიქეცი|გავიპარე|გაიქცნენ)\b|(?:ბავშვი|შვილი|გოგონა|"
        rf"ბიჭი|ჩვილი|შვილიშვილი|ბავშვები) {G1}(?:დაიკარგა|დაიკარგნენ|დაკარგულია|გაუჩინარდა|"
        r"გაქრა|გაუჩინარდნენ)\b",
        r"(?:მოიტაც|მოტაც)\w*",
        rf"კარ(?:ს|ი)? {G1}(?:ამტვრევ|ანგრევ|ლეწავ|შემოამტვრი|შემოლეწ)\w*",
        rf"მიშველეთ {G2}(?:მცემს|გვცემს|მკლავს|გვკლავს|მახრჩობს|სცემს|ურტყამს|კლავს)",
        r"saxlshi (?:\w+ ){0,3}(?:mesinia|sashishia|usafrtxod ver)|safrtxeshi (?:var|vart)\b",
    ),
}

PHRASES: Final[dict[str, Table]] = {"ka": KA, "uk": UK, "lt": LT, "pl": PL, "en": EN, "ru": RU}
