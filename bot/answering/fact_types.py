"""The kinds of fact a question asks for (a figure, an amount, a share, a date, a length of time, a place, a
person) and the patterns that say a sentence states one. Part of stage 1, prepare; stage 5, decide, checks the
chosen sentences against them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.contacts import EMAIL
from bot.tokens import analyse

if TYPE_CHECKING:
    from bot.answering.fields import NoticeField

_WANTS_NUMBER = re.compile(
    r"몇|얼마|(?<![가-힣])규모|비중|비율|증가율|금액|how (many|much)|what (share|percent|percentage|amount)"
    r"|\bnumber of\b|몇\s*년"
    # "What is the most a small enterprise can get?", "What's the maximum …": the bound is a figure.
    # ("the most important document" is no bound: "most" asks one only before the one who gets it).
    r"|\bwhat(?:'s|\s+is|\s+are|\s+was)\s+the\s+(?:maximum|minimum|highest|lowest"
    r"|(?:most|least)\s+(?:a|an|the|that|one|we|i|you|they|it|each|any)\b)",
    re.IGNORECASE,
)
# "언제" asks a date; "언제나", "언제든지", "언제라도" say always, anytime, and ask none.
ASKS_WHEN = r"언제(?!(?:나|든지?|라도)(?:\s|$|[?.,!]))"
# A charge named as the thing asked ("What is the registration fee?", "수수료는 어떻게 되나요?") asks its amount
# without "how much".
_ASKS_CHARGE = re.compile(
    r"\bwhat(?:'s|\s+(?:is|was|are|were|will\s+be))\s+(?:the\s+|an?\s+)?(?:[\w'-]+\s+){0,4}?"
    r"(?:fees?|costs?|prices?|charges?|surcharges?|fines?|penalt(?:y|ies))\b(?!\s+(?:exemptions?|waivers?|rules?))"
    r"|(?:수수료|비용|금액|가격|요금|과태료|벌금)(?:은|는|이|가)?\s*어떻게\s*(?:돼|되)", re.IGNORECASE)
# "언제까지" asks when something ends, not any day. (English "until what time" is left a date asked: "Until what
# time was it under embargo?" is answered by the hour the embargo lifts, which ends nothing in its own words.)
_ASKS_WHEN_UNTIL = re.compile(rf"{ASKS_WHEN}\s*까지")
# An end asked in any words ("며칠까지", "until", "by when", "deadline"): the end of a range is then the date asked.
ASKS_UNTIL = re.compile(r"(?:언제|며칠|몇\s*[일월시])\s*까지|\buntil\b|\bby when\b|\bdeadline\b", re.IGNORECASE)
_WANTS_DATE = re.compile(
    rf"{ASKS_WHEN}|날짜|기한|마감일|^\s*(until |by )?when\b"
    r"|\b(what|which) (date|time|year|month|day)\b|\bdeadline\b",
    re.IGNORECASE,
)
# An amount of money or a share asked for ("지원 한도가 얼마", "how much does it cost"): a duration or a count
# ("3년", "150개사") does not answer it.
_WANTS_MONEY = re.compile(r"얼마(?!나)|비용|금액|가격|수수료|\bcosts?\b|\bprice\b|\bfees?\b|\bbudgets?\b",
                          re.IGNORECASE)
# ISO 4217 codes that export-regulation pages quote fees and fines in ("VND 5,000,000", "KES 200,000"): the active
# codes (and RMB), without those that are also English words or common acronyms (ALL, AMD, CUP, MAD, MOP, SOS, TOP,
# BAM, SVC), which a figure may follow for other reasons.
_CURRENCY = "|".join("""
AED AFN ANG AOA ARS AUD AWG AZN BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC
CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR
ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MDL MGA MKD MMK MNT MRU MUR MVR MWK MXN
MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RMB RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP
SLE SRD SSP STN SYP SZL THB TJS TMT TND TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR
ZMW ZWL""".split())
# A code of three capitals beside a figure is a currency the page defines ("허가 수수료: 모델당 VLD 1,200",
# "fines of up to MRD 8,000") when a word for a charge stands beside it; a standard's number ("ISO 9001", "IEC
# 62133") is not one.
_CHARGE = (r"(?i:fees?|charges?|costs?|price|fines?|penalt(?:y|ies)"
           r"|수수료|요금|비용|금액|가격|과태료|과징금|벌금|부담금)")
_NOT_CODES = r"(?!(?:ISO|IEC|DIN|FDA|JIS|CAS|BIS)\b)"
# The code before the figure ("VLD 1,200") or after it ("600 TVK", as a fee table writes it).
_CODED = rf"(?:\b{_NOT_CODES}[A-Z]{{3}}\s?\d[\d,.]*(?![\d,.])|(?<![\d,.])\d[\d,.]*\s?{_NOT_CODES}[A-Z]{{3}}\b)"
_THRESHOLD_AFTER = r"(?!\s*(?:미만|이상|이하|초과))"
_BOUND_WORD = r"\s*(?:이상|이하|미만|초과|이내|넘|까지)"


def _amount(after: str) -> str:
    """An amount of money, each form followed by ``after`` (a threshold word excluded, or nothing)."""
    return (rf"(?:\d[\d,.]*\s*(?:[천백십]?[만억조]\s*)*(?:[천백]\s*)?(?:원|달러|불|유로|엔|위안|%|퍼센트){after}"
            rf"|[$€£₩¥]\s*\d[\d,.]*(?![\d,.]){after}|\d[\d,.]*\s*(?:{_CURRENCY})\b{after}"
            rf"|\b(?:{_CURRENCY})\s*\d[\d,.]*(?![\d,.]){after}"
            rf"|{_CHARGE}[^\n]{{0,40}}?{_CODED}{after}|{_CODED}{after}[^\n]{{0,12}}?{_CHARGE})")


HAS_MONEY = re.compile(_amount(_THRESHOLD_AFTER))
# A threshold asked for ("매출이 얼마 이하여야 해요?") is answered by the amount that bounds ("100억원 이하").
HAS_BOUND_MONEY = re.compile(_amount(""))
HAS_BOUNDING_MONEY = re.compile(_amount(_BOUND_WORD))
# A multiple is "몇 배", "2배", "배수": the syllable 배 alone is in 배터리, 배송, 배정.
_WANTS_RATIO = re.compile(r"율|비율|비중|몇\s*배|\d\s*배|배수|퍼센트|%|\bpercent|\brate\b|\bshare\b|\bratio\b",
                          re.IGNORECASE)
# A share asked for ("지원 비율은?", "what share of the cost"): a percentage, a multiple or a fraction answers it.
_WANTS_SHARE = re.compile(r"비율|비중|퍼센트|몇\s*%|\bpercent|\bpercentage\b|\bshare\b|\bratio\b", re.IGNORECASE)
HAS_SHARE = re.compile(r"\d[\d,.]*\s*(?:%|퍼센트|배|할)|\d+\s*분의\s*\d+")
# A difference of shares asked ("몇 %p 올려줘요?", "by how many percentage points"): a share alone ("70%") is the
# rate, not by how much it changes.
_WANTS_POINTS = re.compile(r"%\s*p(?![A-Za-z])|%\s*포인트|퍼센트\s*포인트|percentage\s+points?|\bpp\b", re.IGNORECASE)
HAS_POINTS = re.compile(r"\d[\d,.]*\s*(?:%\s*p(?![A-Za-z])|%\s*포인트|퍼센트\s*포인트|percentage\s+points?|pp\b)",
                        re.IGNORECASE)
# Years asked as a length or an interval ("몇 년 동안 유효해요?", "몇 년마다 갱신", "how many years"); "몇 년에",
# "몇 년도" ask which year, not how long.
_YEARS_ASKED = r"몇\s*년\s*(?:동안|간|마다|이나|정도)|\bhow many years\b"
# A length of time asked for ("며칠 동안", "how long"): a number of days, months or years answers it.
_WANTS_DURATION = re.compile(
    r"며칠\s*(?:동안|간|이나|정도|걸|안에|이내|만에)|몇\s*(?:일|주|개월|달|시간|분)\s*(?:동안|간|이나|정도|걸|안에|이내|만에)"
    r"|얼마나\s*(?:오래|걸리|동안)"
    rf"|얼마\s*동안|\bhow long\b|몇\s*(?:일|주|개월|달)\s*마다|{_YEARS_ASKED}"
    r"|\bhow many (?:minutes|hours|days|weeks|months|years)\b", re.IGNORECASE
)
# English counts its lengths in words too ("valid for five years") and in working days ("20 working days").
_EN_COUNT = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty"
             r"|ninety)")
HAS_DURATION = re.compile(r"\d+\s*(?:일|영업일|주|개월|달|년|시간|분(?!\s*의))(?!\s*\d)(?!\s*[.)]\s*\d)"
                          rf"|\b{_EN_COUNT}\s*(?:(?:working|business|calendar)\s+)?"
                          r"(?:minutes?|hours?|days?|weeks?|months?|years?)\b(?!\s*\d)", re.IGNORECASE)
_WANTS_SHORT_DURATION = re.compile(r"몇\s*(?:시간|분)\s*(?:동안|간|이나|정도|걸)|\bhow many (?:minutes|hours)\b",
                                   re.IGNORECASE)
HAS_SHORT_DURATION = re.compile(r"\d+\s*(?:시간|분(?!\s*의)|minutes?|hours?)(?!\s*\d)")
# Years asked want a span of years: days ("약 10 영업일") do not answer them.
_WANTS_YEARS = re.compile(_YEARS_ASKED, re.IGNORECASE)
HAS_YEARS = re.compile(rf"(?<!\d)\d{{1,2}}\s*년(?!\s*\d)(?!도)|\b{_EN_COUNT}\s*years?\b", re.IGNORECASE)
_WANTS_PLACE = re.compile(r"어디|장소|\bwhere\b", re.IGNORECASE)
_WANTS_PERSON = re.compile(r"누구|누가|담당자|연락처|전화|\bwho\b|\bcontact\b|\bphone\b", re.IGNORECASE)

# A figure that answers "how much/many": not a year, not a threshold ("100만불 미만" qualifies, it does not answer).
_FIGURE = r"(?<![\d,.])(?!(?:19|20)\d\d\s*년)\d[\d,.]*(?![\d,.])"
HAS_NUMBER = re.compile(_FIGURE + r"(?!\s*[가-힣A-Za-z%]{0,3}\s*(?:미만|이상|이하|초과))")
HAS_BOUND_NUMBER = re.compile(_FIGURE)
# A Korean question asking the bound ("몇 점 넘어야 선정돼요?") is answered by a figure written as one ("70점 이상",
# "1,000만 달러 미만"), not by a score or an amount of another kind ("수출 성장성 40점").
HAS_BOUNDING_NUMBER = re.compile(_FIGURE + r"\s*[가-힣A-Za-z%]{0,4}" + _BOUND_WORD)
# The question asks for the bound itself: "얼마 이하", "몇 명 이상", "몇 년 미만", "at most", "or more".
_ASKS_BOUND = re.compile(r"(?:얼마|몇\s*[가-힣]{0,3})\s*(?:까지\s*)?(?:이하|이상|미만|초과|넘|아래|밑)"
                         r"|\bat (?:most|least)\b|\bor (?:less|more|fewer)\b|\bthreshold\b", re.IGNORECASE)
# A time counted from an event answers "언제" as a date does ("약 3주 안에 지급", "within 30 days").
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
# English pages write dates "1 March 2027", "March 1", "in 2027", "2027-03-01".
# A dot date has a space after its dot ("3. 19"), a closing dot or bracket ("3.19.(금)") or a year before it: a
# decimal ("3.5%", "1.5배", "HS 8507.60") has none of these. "5.8일" is a date too.
_DAY_FORMS = (r"(?<![\d.])\d{1,2}\s*\.\s+\d{1,2}(?!\d)"
              r"|(?<![\d.])\d{1,2}\.\d{1,2}(?=\s*(?:\.|\(|일|까지|~|부터))"
              r"|(?<!\d)(?:19|20)\d\d\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}(?!\d)|(?<!\d)\d{1,2}\s*월\s*\d{1,2}\s*일?")
# A year or a month alone, or 까지 after anything: a time, though no day ("2031년 풀에는").
_LOOSE_FORMS = r"|\d{4}\s*년|\d{1,2}월|까지"
# A span counted back from now ("최근 3년 이내 환수 처분을 받은") is a window of the past, not a time asked.
_LOOKBACK = r"(?<!최근\s)(?<!최근)(?<!지난\s)(?<!지난)(?<![\d,.])"
_MORE_FORMS = (rf"|{_LOOKBACK}\d+\s*(?:일|주|주일|개월|달|년|시간)\s*(?:안에|이내|내에|후|뒤|만에|지나)"
               r"|\bwithin \d+\s*(?:days?|weeks?|months?)|\b\d+\s*(?:days?|weeks?|months?) (?:after|of)\b"
               rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?![a-z])|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
               r"|\b(?:in|from|by|until|since|before|after|as of)\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b")
HAS_DATE = re.compile(_DAY_FORMS + _LOOSE_FORMS + _MORE_FORMS)
# A deadline asked of a matter no notice field names ("정산 마감은 언제?"): a day that ends something ("15일까지", a
# range's end, "by 30 June"), not one that opens it ("registration opens 1 March"), nor a year alone ("2031년 풀").
_END_MARK = (r"까지|마감|기한|이내|[~∼～]|\buntil\b|\bby\s+(?:\d|the end)|\bdeadline\b|\bclos(?:e|es|ed|ing)\b"
             r"|\bno later than\b|\bwithin\b")
_DAY_DATE = _DAY_FORMS + _MORE_FORMS + rf"|{_LOOKBACK}\d{{1,2}}\s*일\s*(?:까지|이내)"
HAS_DEADLINE = re.compile(rf"^(?=.*?(?:{_END_MARK}))(?=.*?(?:{_DAY_DATE}))", re.IGNORECASE | re.DOTALL)
# "언제까지" asked: a time that can end something — a day, a month ("5월말까지"), a time from an event ("발표 후 10일
# 이내"), a year only with 까지 or 말 ("2030년까지") — not a year that names a thing ("2031년 수출실적증명서 1부"), nor
# 까지 after anything ("최대 3개 분야까지"). An end is worded many ways ("2031. 11. 30.을 넘길 수 없습니다").
HAS_END = re.compile(_DAY_DATE + r"|\d{1,2}\s*월|\d{4}\s*년\s*(?:[상하]반기\s*)?(?:말|까지)")
HAS_PLACE = re.compile(r"[가-힣A-Za-z]+\([^)]*(구|시|도|군)\)|에서\s|\(서울|현지|www\.|https?://|온라인|방문|\d+\s*곳(?![가-힣])")
# Places asked one by one ("어디어디예요?": the interrogative doubled asks for each member of the set): a count of
# places ("8곳") or one place does not answer, the places named do — three or more short items in a row, or two or
# more in brackets ("센터 4곳(미국 로스앤젤레스, 네덜란드 로테르담, …)").
_WANTS_PLACES = re.compile(r"어디\s*어디")
_ITEM = r"[^\s,、()|\[\]]{1,15}(?:\s[^\s,、()|\[\]]{1,15}){0,2}"
HAS_PLACES = re.compile(rf"{_ITEM}\s*[,、]\s*{_ITEM}\s*[,、]\s*{_ITEM}|\(\s*{_ITEM}\s*[,、]\s*{_ITEM}\s*[,、)]")
# An e-mail address asked for is only answered by one: a phone number is not it.
_WANTS_EMAIL = re.compile(r"e-?mail|이메일|메일\s*주소", re.IGNORECASE)
HAS_EMAIL = EMAIL
# An address asked for ("사무실 주소가 어디예요?", "신청 사이트 주소", "What is the office address?") other than an
# e-mail address: a street address (a road and its number, 번지, a postcode), a web address or a host name (labels
# ending in a letters-only one, not an e-mail address's domain) answers it; a building or a room named without one
# ("본관에서", "3층 대회의실") does not.
_WANTS_ADDRESS = re.compile(r"(?<!메일\s)(?<!메일)주소|\b(?:postal|street|office|mailing|web)\s+address\b",
                            re.IGNORECASE)
HAS_ADDRESS = re.compile(
    r"[가-힣\d]+(?:로|길)\s*\d+(?:-\d+)?(?![\d.%]|,\d)(?!\s*[가-힣])|\d+\s*번지|\(우\)\s*\d{5}|우편번호\s*:?\s*\d{5}"
    r"|https?://|www\.|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"
    r"|\b\d+\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd)\b")
# A fax asked for ("팩스 번호도 있나요?", "Does … have a fax number?"): a phone or an e-mail address is not one.
_WANTS_FAX = re.compile(r"\bfax|팩스", re.IGNORECASE)
HAS_FAX = re.compile(r"\bfax\b|팩스|(?<![A-Za-z])F\s*[.:)]\s*\+?\d", re.IGNORECASE)
HAS_PERSON = re.compile(
    r"(장관|과\s?장|서기관|사무관|주무관|대표)\s*[가-힣]{2,4}|[가-힣]{2,4}\s*(장관|과장)|\d{2,3}-\d{3,4}-\d{4}"
    rf"|{HAS_EMAIL.pattern}"  # an e-mail address reaches the person asked for as a phone number does
)
# A person's name asked ("담당자 이름 알 수 있을까요?", "담당 과장님 성함"): a name beside a title or a name label
# answers it; a team's phone number or e-mail address, which answers "누구에게 연락", does not.
_PERSON_WORDS = r"담당자?|직원|책임자|주무관|사무관|과장님?|팀장님?|선생님|분"
# 성함 and 성명 as words ("성함이", "담당자성명"), not inside another ("공동성명", "발표성명").
_WANTS_PERSON_NAME = re.compile(rf"(?:(?:{_PERSON_WORDS})\s*(?:의\s*)?(?:이름|성함|성명)|(?<![가-힣])(?:성함|성명))"
                                r"(?!\s*(?:과|이랑|하고|랑)?\s*(?:전화|연락처|번호|이메일|메일))"
                                r"|\bname of the (?:officer|official|person|contact)\b", re.IGNORECASE)
_TITLES = r"장관|과\s*장|팀\s*장|부\s*장|실\s*장|국\s*장|서기관|사무관|주무관|주임|대리|매니저|연구원|선임|책임"
HAS_PERSON_NAME = re.compile(rf"(?<![가-힣])(?:{_TITLES})(?!님)\s*[가-힣]{{2,4}}(?![가-힣])"
                             rf"|(?<![가-힣])[가-힣]{{2,4}}\s+(?:{_TITLES})(?![가-힣])"
                             r"|(?:담당자?|성명|이름)\s*[:：]\s*[가-힣]{2,4}(?![가-힣])")
# "며칠에 열려요?", "며칠이에요?" ask a day of the month or a number of days ("점검 기간이 며칠이에요?"): a date or a
# number of days answers it; a line with neither (nor one with only years: "3년간") does not.
_WANTS_DAY = re.compile(r"며칠(?!\s*(?:동안|간|이나|정도|걸|안에|이내|만에|마다))")
HAS_DAY = re.compile(rf"{HAS_DATE.pattern}|\d+\s*(?:일|영업일)(?!\s*\d)"
                     rf"|\b{_EN_COUNT}\s*(?:(?:working|business|calendar)\s+)?days?\b", re.IGNORECASE)
# A year asked for ("설립 연도는?"): any year written answers, a date without one does not.
HAS_CALENDAR_YEAR = re.compile(r"(?<!\d)(?:1\d|20)\d\d(?!\d)")
# A figure or date asked for must be quoted ("누구" may mean a body, so a person is not strict).
MONEY_TYPES = (HAS_MONEY, HAS_BOUND_MONEY, HAS_BOUNDING_MONEY)  # an amount, as asked or as a bound
STRICT_TYPES = (HAS_NUMBER, HAS_MONEY, HAS_SHARE, HAS_POINTS, HAS_DURATION, HAS_DATE, HAS_DEADLINE, HAS_END,
                HAS_BOUND_NUMBER, HAS_BOUND_MONEY, HAS_BOUNDING_NUMBER, HAS_BOUNDING_MONEY, HAS_SHORT_DURATION,
                HAS_YEARS, HAS_EMAIL, HAS_FAX, HAS_DAY, HAS_CALENDAR_YEAR, HAS_PLACES, HAS_ADDRESS, HAS_PERSON_NAME)
# A field line does not stand in for a figure.
VISIBLE_TYPES = (HAS_NUMBER, HAS_MONEY, HAS_SHARE, HAS_POINTS, HAS_DURATION, HAS_BOUND_NUMBER,
                 HAS_BOUND_MONEY, HAS_BOUNDING_NUMBER, HAS_BOUNDING_MONEY, HAS_SHORT_DURATION, HAS_YEARS, HAS_EMAIL,
                 HAS_PLACES, HAS_ADDRESS, HAS_PERSON_NAME)
TYPE_BY_NAME = {"number": HAS_NUMBER, "money": HAS_MONEY, "amount": HAS_MONEY, "share": HAS_SHARE, "date": HAS_DATE,
                "person": HAS_PERSON}
TYPE_NAMES = {HAS_NUMBER: ("수치", "figure"), HAS_MONEY: ("금액", "amount"), HAS_SHARE: ("비율", "share"),
              HAS_POINTS: ("%p 차이", "percentage points"),
              HAS_BOUND_NUMBER: ("수치", "figure"), HAS_BOUND_MONEY: ("금액", "amount"),
              HAS_BOUNDING_NUMBER: ("기준 수치", "threshold"), HAS_BOUNDING_MONEY: ("기준 금액", "threshold"),
              HAS_SHORT_DURATION: ("시간", "duration"), HAS_YEARS: ("기간(년)", "duration in years"),
              HAS_DURATION: ("기간", "duration"), HAS_DATE: ("날짜", "date"), HAS_DAY: ("날짜", "date"),
              HAS_DEADLINE: ("마감일", "deadline"), HAS_END: ("마감일", "deadline"),
              HAS_CALENDAR_YEAR: ("연도", "year"),
              HAS_PERSON: ("담당자", "person"), HAS_PLACE: ("장소", "place"), HAS_PLACES: ("장소 목록", "places"),
              HAS_ADDRESS: ("주소", "address"), HAS_PERSON_NAME: ("담당자 이름", "person's name"),
              HAS_EMAIL: ("이메일 주소", "e-mail address"), HAS_FAX: ("팩스 번호", "fax number")}


# Nouns that name a year asked for when the question ends on them ("방영된 해는?", "설립 연도는?"); "같은 해에 둘 다
# 신청해도 되나요?" tells the asker's case. A year answers, even one written before the document's title words
# ("2004년 바이오쇼크를 개발한다고 밝힌"), which for a date asked would name an edition.
_YEAR_NOUNS = frozenset({"해", "연도", "년도"})


def _asks_a_time(question: str) -> bool:
    """"시기" as a word of the question ("지급 시기는?"), not the syllables inside 표시기준 or 감시기관; "일정" as its
    last noun ("발표평가 일정 나왔나요?"), the schedule — before another noun it is "a certain" ("일정 금액 이상")."""
    tokens = analyse(question)
    nouns = [form for form, tag, _s, _l in tokens if tag.startswith("NN")]
    return "시기" in nouns or (bool(nouns) and nouns[-1] == "일정")


def _asks_a_year(question: str) -> bool:
    """The question's last noun names a year (not 해 of 하다: "신청은 어떻게 해요?")."""
    nouns = [form for form, tag, _s, _l in analyse(question) if tag.startswith("NN")]
    return bool(nouns) and nouns[-1] in _YEAR_NOUNS


# A question whether something may be done ("자부담을 현물로 내도 되나요?", "같이 신청할 수 있어요?") with no word
# asking a value: the field it names is what is done, not a value asked ("자부담" is no share asked there).
_ASKS_WHETHER = re.compile(r"(?:도|면)\s*(?:되나요|돼요|될까요|되죠|됩니까|되는\s*거|괜찮)"
                           r"|수\s*있(?:나요|어요|을까요|습니까|는지)|가능(?:한가요|해요|할까요|합니까|한지)")
_ASKS_VALUE = re.compile(rf"몇|얼마|{ASKS_WHEN}|어디|무엇|뭐|무슨|어떤|어떻게|누구|며칠")


def asks_whether(question: str) -> bool:
    return bool(_ASKS_WHETHER.search(question)) and not _ASKS_VALUE.search(question)


def answer_types(question: str, fields: tuple[NoticeField, ...] = ()) -> list[re.Pattern[str]]:
    """What kind of fact the question asks for: from its wording and from the notice fields it names."""
    if asks_whether(question):
        fields = ()
    wanted: list[re.Pattern[str]] = []
    for ask, has in ((_WANTS_NUMBER, HAS_NUMBER), (_WANTS_DATE, HAS_DATE), (_WANTS_PLACE, HAS_PLACE),
                     (_WANTS_PERSON, HAS_PERSON)):
        if ask.search(question) or (has is HAS_DATE and _asks_a_time(question)):
            if has is HAS_NUMBER and _WANTS_SHARE.search(question):
                has = HAS_SHARE
            elif has is HAS_NUMBER and _WANTS_MONEY.search(question) and not _WANTS_RATIO.search(question):
                has = HAS_MONEY
            wanted.append(has)
    if HAS_PLACE in wanted and _WANTS_PLACES.search(question):
        wanted[wanted.index(HAS_PLACE)] = HAS_PLACES
    if HAS_DATE not in wanted and _asks_a_year(question):
        wanted.append(HAS_CALENDAR_YEAR)
    if HAS_NUMBER not in wanted and HAS_MONEY not in wanted and _ASKS_CHARGE.search(question):
        wanted.append(HAS_MONEY)
    if _WANTS_EMAIL.search(question):
        wanted.append(HAS_EMAIL)
    elif _WANTS_ADDRESS.search(question):
        wanted = [p for p in wanted if p is not HAS_PLACE] + [HAS_ADDRESS]  # an address, not any venue
    if _WANTS_FAX.search(question):
        wanted.append(HAS_FAX)
    if _WANTS_PERSON_NAME.search(question):
        wanted = [p for p in wanted if p is not HAS_PERSON] + [HAS_PERSON_NAME]  # a name, not a team's phone
    if _WANTS_DAY.search(question) and HAS_DATE not in wanted and not _WANTS_DURATION.search(question):
        wanted.append(HAS_DAY)
    if _WANTS_DURATION.search(question):
        # Minutes or hours asked ("몇 분 동안") are not answered by a span of years ("최근 3년간").
        span = (HAS_SHORT_DURATION if _WANTS_SHORT_DURATION.search(question)
                else HAS_YEARS if _WANTS_YEARS.search(question) else HAS_DURATION)
        wanted = [p for p in wanted if p not in (HAS_NUMBER, HAS_DATE)] + [span]
    for f in fields:
        pat = TYPE_BY_NAME.get(f.answer_type)
        if pat in (HAS_DATE, HAS_PERSON, HAS_SHARE) and pat not in wanted:
            # "마감일은?" wants a date, "지원 비율은?" a share; "한도는?" may be a figure or a change in words ("2배로")
            wanted.append(pat)
        elif f.answer_type == "amount" and HAS_MONEY not in wanted and not _WANTS_RATIO.search(question):
            wanted.append(HAS_MONEY)  # "What is the budget?" wants an amount, as "예산은 얼마?" does
    if HAS_DATE in wanted and _ASKS_WHEN_UNTIL.search(question):
        # "언제까지 내야 돼요?" asks when something ends: "2031년 수출실적증명서 1부" dates nothing that ends.
        wanted = [HAS_END if p is HAS_DATE else p for p in wanted]
    if _WANTS_POINTS.search(question):
        wanted.append(HAS_POINTS)
    if _ASKS_BOUND.search(question):
        korean = re.search("[가-힣]", question) and not re.search("[A-Za-z]{3,}", question)
        bound = ({HAS_NUMBER: HAS_BOUNDING_NUMBER, HAS_MONEY: HAS_BOUNDING_MONEY} if korean
                 else {HAS_NUMBER: HAS_BOUND_NUMBER, HAS_MONEY: HAS_BOUND_MONEY})
        wanted = [bound.get(p, p) for p in wanted]
    return wanted


_HEADING_NUMBER = re.compile(r"^\s*#*\s*(?:\d{1,2}|[IVXⅠ-Ⅻ]{1,4}|[가-하])\s*[.)]\s*")


def heading_states(heading: str, wanted: list[re.Pattern[str]]) -> bool:
    """The heading states a fact of a strict kind asked for ("2. 가점 항목 (최대 4점)"); its own number ("2.") is
    no such fact."""
    rest = _HEADING_NUMBER.sub("", heading)
    return any(pat.search(rest) for pat in wanted if pat in STRICT_TYPES)
