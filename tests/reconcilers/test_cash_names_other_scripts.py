"""Payer names in scripts without Latin letters, as the banks of their countries print them and
as billing systems bill them: Korean depositor names (입금자명, 7 to 10 Hangul characters, the legal
form as '(주)', '㈜' or '주식회사' before or after the name; KFTC's transfer field), Chinese remitters
in simplified characters (CNAPS transfers print the account name as registered), Taiwanese and
Hong Kong names in traditional characters, Arabic and Hebrew names (camt.053 Dbtr/Nm in UTF-8).
They had been dropped whole by the ASCII reading: a payer printed exactly as billed was not
recognised (session 62's East Asian trial: 304 such lines in one landing)."""

import pytest

from cash_helpers import run
from reconcilers.kana import number_before_name
from reconcilers.non_customer import is_non_customer
from reconcilers.normalise import normalise_name

AUTO, REVIEW = "auto_applied", "needs_review"


@pytest.mark.parametrize(("raw", "normalised"), [
    ("(주)새롬전자", "SAELOMJEONJA"),  # the legal form before the name
    ("새롬전자(주)", "SAELOMJEONJA"),  # after it
    ("㈜새롬전자", "SAELOMJEONJA"),  # as one character (U+321C)
    ("주식회사 새롬전자", "SAELOMJEONJA"),  # spelt out
    ("苏州天成数据有限公司", "SUZHOUTIANCHENGSHUJU"),  # simplified, 有限公司 a limited company
    ("華碩電子股份有限公司", "HUASHUODIANZI"),  # traditional, 股份有限公司 limited by shares
    ("华硕电子", "HUASHUODIANZI"),  # the same name in simplified characters reads alike
    ("株式会社山田商事", "SHANTIANSHANGSHI"),  # kanji, in Mandarin readings (kana are read in Hepburn)
    ("شركة النور للتجارة", "SHRKH LNWR LLTJRH"),
    ("Müller GmbH", "MULLER"),  # Latin letters as before
])
def test_a_name_in_another_script_is_read_into_latin_letters(raw, normalised):
    assert normalise_name(raw) == normalised


CUSTOMERS = [  # one open invoice each, for the same amount: only the name can tell them apart
    ("k1", "2026030100019", "c1", "(주)새롬전자", None, None, "KRW", "2227500"),
    ("k2", "2026030100020", "c2", "(주)새롬산업", None, None, "KRW", "2227500"),
    ("k3", "2026030100021", "c3", "누리전자 주식회사", None, None, "KRW", "2227500"),
    ("z1", "FP-0001", "c4", "苏州天成数据有限公司", None, None, "KRW", "2227500"),
    ("z2", "FP-0002", "c5", "上海星辰信息技术有限公司", None, None, "KRW", "2227500"),
]


@pytest.mark.parametrize(("payer", "invoice"), [
    ("(주)새롬전자", "k1"),  # exactly as billed
    ("새롬전자(주)", "k1"),  # the legal form after the name
    ("누리전자(주)", "k3"),  # billed with 주식회사 spelt out
    ("苏州天成数据有限公司", "z1"),
    ("蘇州天成數據有限公司", "z1"),  # in traditional characters (a Hong Kong or Taiwanese bank's print)
])
def test_a_payer_in_hangul_or_han_characters_names_its_customer(payer, invoice):
    matches, _ = run([("p", "2227500", "KRW", payer, "")], CUSTOMERS)
    assert [(m["invoice_id"], m["status"]) for m in matches] == [(invoice, AUTO)], matches[0]["detail"]


@pytest.mark.parametrize(("payer", "number", "name"), [
    ("00019한빛건설", "00019", "한빛건설"),  # the invoice's last digits typed before the depositor name
    ("12345(주)새롬", "12345", "(주)새롬"),
    ("2026苏州天成", "2026", "苏州天成"),
    ("12 한빛", "", "12 한빛"),  # two digits: part of the name
])
def test_a_number_typed_before_a_hangul_or_han_name_is_set_apart(payer, number, name):
    assert number_before_name(payer) == (number, name)


def test_the_number_before_a_hangul_name_is_read_as_its_reference():
    matches, _ = run([("p", "2227500", "KRW", "00019새롬전자", "")], CUSTOMERS)
    assert [(m["invoice_id"], m["status"]) for m in matches] == [("k1", AUTO)], matches[0]["detail"]


@pytest.mark.parametrize(("payer", "reference"), [
    ("ﾍﾟｲﾍﾟｲ(ｶ", ""),  # PayPay's settlement, in Zengin katakana
    ("ｼﾞ-ｴﾑｵ-ﾍﾟｲﾒﾝﾄｹﾞ-ﾄｳｴｲ(ｶ", ""),  # GMO Payment Gateway
    ("KG이니시스", "정산"),  # KG Inicis's settlement
    ("财付通支付科技有限公司", "结算"),  # Tenpay, WeChat Pay's operator
    ("藍新金流服務股份有限公司", ""),  # NewebPay
    ("ALIPAY SINGAPORE E-COMMERCE", "SETTLEMENT"),
    ("", "결산이자"),  # Korean interest settled on a deposit
    ("", "结息"),  # Chinese interest settlement
    ("WINDCAVE LTD", "SETTLEMENT 2231"),  # New Zealand's acquirer
    ("TRANSFER FROM 06-0501-0123456-", "OWN ACC TRAN SFER"),  # a New Zealand own transfer in 12-character fields
])
def test_east_asian_and_pacific_acquirers_interest_and_own_transfers_are_no_customers(payer, reference):
    assert is_non_customer(payer, reference)


@pytest.mark.parametrize("payer", ["(주)새롬전자", "GMO INTERNET GROUP", "苏州天成数据有限公司"])
def test_a_customers_name_in_those_scripts_is_no_acquirer(payer):
    assert not is_non_customer(payer, "")
