"""The privacy guard: published Q&A and cases must not reveal who a petitioner is.

Scans text for resident ID numbers (18 digits with a valid ISO 7064 checksum, and the old 15-digit form),
mobile and landline numbers, e-mail addresses, bank-card numbers (Luhn), house-number addresses, and full
names where a person should appear as 王某. Public numbers (12345, a bureau's published hotline) are
allowed through ``privacy_allow`` in the plugin config. Each finding carries its line in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID18 = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])")
_ID15 = re.compile(r"(?<![0-9])[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
# With a separator after the area code any local number counts (010-12345678); run together, the local
# number must start with 2–9 as real ones do, so that long digit strings are not taken for phone numbers.
_LANDLINE = re.compile(r"(?<![0-9])(?:\(?0[1-9][0-9]{1,2}\)?[- ][0-9]{7,8}|\(0[1-9][0-9]{1,2}\)[0-9]{7,8}"
                       r"|0[1-9][0-9]{1,2}[2-9][0-9]{6,7})(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_CARD = re.compile(r"(?<![0-9])(?:[0-9][ -]?){15,18}[0-9](?![0-9])")
_ADDRESS = re.compile(r"[\u4e00-\u9fff]{1,12}(?:路|街|大道|巷|弄|胡同|里)[0-9一二三四五六七八九十百零〇]+号"
                      r"|[0-9]+(?:栋|幢|号楼)[0-9]+(?:单元|室)")
# Common surnames (the hundred most frequent cover ~85% of the population); a person written as 姓 + 某
# (王某, 王某某, 王某甲) is anonymised, 姓 + one or two other characters after a role word is a real name.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
               "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_ROLES = "信访人|当事人|村民|居民|申请人|被申请人|投诉人|举报人|来访人|上访人|群众|老人|职工|业主|农民工|工人|死者|患者|学生|家属"
# A name candidate is a surname plus one or two characters, then a boundary: punctuation or a word that
# typically follows a person in a case story (信访人王小明于…, 当事人李强称…).
_NAME = re.compile(rf"(?:{_ROLES})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?=[，。、；：！？“”‘’（）\s]|于|在|向|称|说|因|曾|等|的|来|到|多次|反映|认为|表示|要求|提出|$)")
# Two-character words that begin with a surname character but are not names (陈述, 陆续, 向有关…).
_COMMON_WORDS = {"陈述", "陆续", "向有", "向法", "向信", "向上", "向其", "于是", "高度", "万元", "付款", "白天", "方面",
                 "方式", "方案", "金额", "江边", "龙头", "常常", "周边", "周围", "许多", "何时", "任何", "段时", "江湖",
                 "孔子", "余下", "余额", "程序", "苏醒", "石料", "毛病", "康复", "包括", "包案", "安置", "从此"}


@dataclass(frozen=True, slots=True)
class Finding:
    lineno: int
    kind: str
    text: str

    def describe(self) -> str:
        return f"{self.kind} {self.text!r}"


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an 18-digit resident ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def scan(text: str, allow: frozenset[str] = frozenset(), first_lineno: int = 1) -> list[Finding]:
    """Every identifying detail in ``text``; ``allow`` lists public numbers or strings to let through."""
    findings: list[Finding] = []
    for offset, line in enumerate(text.split("\n")):
        findings.extend(Finding(first_lineno + offset, kind, found) for kind, found in _scan_line(line)
                        if _digits(found) not in allow and found not in allow)
    return findings


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


def _scan_line(line: str):
    taken: list[tuple[int, int]] = []

    def fresh(match: re.Match) -> bool:
        span = match.span()
        if any(start < span[1] and span[0] < end for start, end in taken):
            return False
        taken.append(span)
        return True

    for match in _ID18.finditer(line):
        if id_checksum_ok(match.group()) and fresh(match):
            yield "身份证号", match.group()
    for match in _ID15.finditer(line):
        if fresh(match):
            yield "身份证号（15位）", match.group()
    for match in _CARD.finditer(line):
        if luhn_ok(_digits(match.group())) and fresh(match):
            yield "银行卡号", match.group()
    for match in _MOBILE.finditer(line):
        if fresh(match):
            yield "手机号", match.group()
    for match in _LANDLINE.finditer(line):
        if fresh(match):
            yield "固定电话", match.group()
    for match in _EMAIL.finditer(line):
        yield "电子邮箱", match.group()
    for match in _ADDRESS.finditer(line):
        yield "门牌地址", match.group()
    for match in _NAME.finditer(line):
        name = match["name"]
        if name[0] in SURNAMES and "某" not in name and name[:2] not in _COMMON_WORDS:
            yield "疑似真实姓名", match.group()
