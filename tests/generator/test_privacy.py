"""Tests for generator.privacy: the guard that keeps petitioners' identifying details out of published pages."""

from __future__ import annotations

import pytest

from generator.privacy import Finding, id_checksum_ok, luhn_ok, scan

# Check digits computed here from the standards, independently of generator.privacy.
_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # ISO 7064 MOD 11-2 weights: 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, …


def with_id_check_digit(first17: str) -> str:
    """An 18-digit resident ID number: ``first17`` plus its ISO 7064 MOD 11-2 check character."""
    remainder = (12 - sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11) % 11
    return first17 + ("X" if remainder == 10 else str(remainder))


def wrong_id_check_digit(first17: str) -> str:
    """The same number with a check character that is not the valid one (and not X)."""
    valid = with_id_check_digit(first17)[-1]
    return first17 + next(d for d in "0123456789" if d != valid)


def with_luhn_digit(payload: str) -> str:
    """A card number: ``payload`` plus its Luhn check digit."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return payload + str((10 - total % 10) % 10)


def wrong_luhn_digit(payload: str) -> str:
    valid = with_luhn_digit(payload)[-1]
    return payload + str((int(valid) + 1) % 10)


VALID_ID = with_id_check_digit("33010219850307123")
# Search a run of serial numbers for one whose check character is X.
ID_WITH_X = next(number for serial in range(1000)
                 if (number := with_id_check_digit(f"11010519491231{serial:03d}")).endswith("X"))
VALID_CARD = with_luhn_digit("622202123456789012")   # 19 digits
VALID_CARD_16 = with_luhn_digit("622848004031273")   # 16 digits


def kinds(text: str, allow: frozenset[str] = frozenset()) -> list[str]:
    return [finding.kind for finding in scan(text, allow)]


def test_computed_check_digits_agree_with_the_module():
    """The test's own ISO 7064 and Luhn computations agree with generator.privacy's checks."""
    assert id_checksum_ok(VALID_ID) and id_checksum_ok(ID_WITH_X)
    assert not id_checksum_ok(wrong_id_check_digit("33010219850307123"))
    assert luhn_ok(VALID_CARD) and luhn_ok(VALID_CARD_16)
    assert not luhn_ok(wrong_luhn_digit("622202123456789012"))


# --- resident ID numbers ---

@pytest.mark.parametrize("number", [VALID_ID, ID_WITH_X, ID_WITH_X[:-1] + "x"])
def test_18_digit_id_with_valid_checksum_is_found(number):
    """An 18-digit ID number with a valid ISO 7064 check character (digit, X or x) is a finding."""
    assert scan(f"信访人王某的身份证号为{number}。") == [Finding(1, "身份证号", number)]


@pytest.mark.parametrize("number", [
    wrong_id_check_digit("33010219850307123"),
    wrong_id_check_digit("11010519491231002"),
    "33010219850307123Y",
])
def test_18_digit_number_with_invalid_checksum_is_not_an_id(number):
    """An 18-character number whose check character is wrong is not reported as an ID number."""
    assert "身份证号" not in kinds(f"编号{number}")


def test_18_digit_id_inside_a_longer_number_is_not_an_id():
    """An ID-shaped run inside a longer digit string is not an ID number."""
    assert "身份证号" not in kinds(f"流水号9{VALID_ID}7")


@pytest.mark.parametrize("number", ["330102850307123", "110105491231002"])
def test_15_digit_old_id_is_found(number):
    """An old 15-digit ID number (YYMMDD birth date) is a finding."""
    assert scan(f"当事人张某，身份证{number}。") == [Finding(1, "身份证号（15位）", number)]


@pytest.mark.parametrize("number", ["330102851307123", "330102850332123"])
def test_15_digits_without_a_birth_date_are_not_an_id(number):
    """15 digits whose month or day cannot be a date are not an old ID number."""
    assert "身份证号（15位）" not in kinds(f"编号{number}")


# --- telephone numbers ---

@pytest.mark.parametrize("number", ["13812345678", "+8613812345678", "+86 138-1234-5678", "86-159-8765-4321",
                                    "138-1234-5678", "138 1234 5678", "19912345678"])
def test_mobile_numbers_are_found(number):
    """Mobile numbers (1[3-9]x, 11 digits) are found, with +86, dashes or spaces."""
    assert scan(f"联系电话：{number}，请回电。") == [Finding(1, "手机号", number)]


@pytest.mark.parametrize("text", ["12812345678", "1381234567", "138123456789", "10812345678"])
def test_mobile_lookalikes_are_not_found(text):
    """A 12x prefix, too few or too many digits, is not a mobile number."""
    assert "手机号" not in kinds(text)


@pytest.mark.parametrize("number", ["010-62345678", "0571-87654321", "0571-88808880", "(0571)87654321",
                                    "0571 87654321", "021-58888888"])
def test_landlines_are_found(number):
    """Landline numbers with an area code (with dash, space or brackets) are found."""
    assert scan(f"办公电话{number}。") == [Finding(1, "固定电话", number)]


def test_beijing_landline_010_12345678_is_found():
    """010-12345678 is written as a Beijing landline and must be caught like any other."""
    assert kinds("可拨打010-12345678咨询") == ["固定电话"]


# --- e-mail and bank cards ---

@pytest.mark.parametrize("address", ["wang.xm@example.com", "li_ming+xf@mail.example.cn", "a@b.cn"])
def test_email_addresses_are_found(address):
    """E-mail addresses are found."""
    assert scan(f"邮箱：{address}") == [Finding(1, "电子邮箱", address)]


@pytest.mark.parametrize("text", ["wang@example", "@某单位", "王某@信访局"])
def test_email_lookalikes_are_not_found(text):
    """Text with an @ but no domain is not an e-mail address."""
    assert "电子邮箱" not in kinds(text)


@pytest.mark.parametrize("number", [VALID_CARD, VALID_CARD_16,
                                    " ".join(VALID_CARD_16[i:i + 4] for i in range(0, 16, 4))])
def test_bank_card_numbers_passing_luhn_are_found(number):
    """16–19 digit card numbers (also in groups of four) that pass the Luhn check are found."""
    assert scan(f"补助打入卡号{number}。") == [Finding(1, "银行卡号", number)]


@pytest.mark.parametrize("number", [wrong_luhn_digit("622202123456789012"), wrong_luhn_digit("622848004031273")])
def test_numbers_failing_luhn_are_not_bank_cards(number):
    """A card-length number that fails the Luhn check is not a bank-card finding."""
    assert "银行卡号" not in kinds(f"卡号{number}")


# --- addresses ---

@pytest.mark.parametrize("text, found", [
    ("住在某路12号", "住在某路12号"),
    ("家住人民路128号附近", "家住人民路128号"),
    ("中山大道8号", "中山大道8号"),
    ("住在中山路十二号", "住在中山路十二号"),
    ("幸福里3号", "幸福里3号"),
    ("小区3栋2单元", "3栋2单元"),
    ("5幢301室", "5幢301室"),
    ("3号楼2单元", "3号楼2单元"),
])
def test_house_number_addresses_are_found(text, found):
    """A road/street/lane with a house number, or a building-and-unit number, is an address finding."""
    assert scan(text) == [Finding(1, "门牌地址", found)]


@pytest.mark.parametrize("text", ["某市某区某街道", "人民路沿线商户", "2号文件", "小区3栋", "第3栋楼下"])
def test_places_without_a_house_number_are_not_addresses(text):
    """Places without a house or unit number are fine."""
    assert "门牌地址" not in kinds(text)


# --- names ---

@pytest.mark.parametrize("text, found", [
    ("信访人王小明于2023年来访", "信访人王小明"),
    ("当事人李强称", "当事人李强"),
    ("村民陈大勇多次反映", "村民陈大勇"),
    ("申请人赵丽华，女", "申请人赵丽华"),
    ("当事人王五。", "当事人王五"),
])
def test_real_looking_names_after_a_role_word_are_found(text, found):
    """A surname plus one or two characters after 信访人/当事人/村民 … is reported as a likely real name."""
    assert scan(text) == [Finding(1, "疑似真实姓名", found)]


@pytest.mark.parametrize("text", [
    "信访人王某于2023年来访",
    "当事人李某某称",
    "当事人陈某甲说",
    "村民张某等人反映",
    "居民吴某在网上信访",
    "信访人向有关部门反映情况",
    "当事人陈述的事实与调查一致",
    "投诉人向法院起诉",
    "信访人于2023年3月来访",
    "村民们反映",
    "当事人双方达成协议",
])
def test_anonymised_names_and_ordinary_words_are_not_names(text):
    """王某/李某某/陈某甲 and ordinary words after a role word (向有关部门, 陈述的) are not names."""
    assert kinds(text) == []


# --- allow-list, clean text, lines ---

@pytest.mark.parametrize("text", ["拨打12345政务服务热线", "12368诉讼服务热线", "依照第二十二条，15日内转送",
                                  "2023年4月18日", "补助13000元", "编号20230418001"])
def test_ordinary_numbers_pass(text):
    """Short public numbers, dates, amounts and file numbers are not findings."""
    assert scan(text, frozenset({"12345"})) == []


def test_allow_listed_hotline_passes():
    """A published hotline given in ``allow`` passes; allow entries may be written with or without dashes."""
    assert scan("信访局热线0571-12345678", frozenset({"0571-12345678"})) == []
    assert kinds("信访局热线0571-88808880") == ["固定电话"]
    assert scan("信访局热线0571-88808880", frozenset({"0571-88808880"})) == []
    assert scan("信访局热线0571-88808880", frozenset({"057188808880"})) == []


def test_allow_does_not_let_other_numbers_through():
    """Allowing one hotline does not allow a different number."""
    assert kinds("热线0571-88808880，王某手机13812345678", frozenset({"057188808880"})) == ["手机号"]


def test_findings_carry_their_line_numbers():
    """Each finding has the line it stands on, counted from ``first_lineno``."""
    text = "第一行没有问题\n信访人王小明来访\n\n他的手机是13812345678，邮箱wang@example.com"
    assert scan(text) == [Finding(2, "疑似真实姓名", "信访人王小明"), Finding(4, "手机号", "13812345678"),
                          Finding(4, "电子邮箱", "wang@example.com")]
    assert [f.lineno for f in scan(text, first_lineno=10)] == [11, 13, 13]


def test_a_number_is_reported_once():
    """A valid ID number is reported as an ID only, not also as a card or phone number."""
    assert kinds(f"{VALID_ID} {ID_WITH_X}") == ["身份证号", "身份证号"]


def test_finding_describe():
    """describe() names the kind and quotes the text, for the error message."""
    assert Finding(3, "手机号", "13812345678").describe() == "手机号 '13812345678'"
