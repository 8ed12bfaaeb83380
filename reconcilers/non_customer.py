"""Bank credits that are not customer payments: processor payouts, bank interest, tax refunds,
supplier refunds and rebates, and the account holder's own payments returned. Read on payer and
reference together, before any number is matched.

A processor's payout is never a customer's, whatever its description quotes. The words of a
bank's, a tax office's or a supplier's credit are a customer's words too ('in full and final
settlement of invoice 1042', 'INV 1042 incl. statutory interest' under the EU late payment
directive 2011/7/EU, 'less rebate'), so they only mark a line whose reference names no invoice.
A payer field that reads as a customer's name of two words or more is that customer ('Square
One Consulting', 'Public Interest Media'). Sources: docs/cash_application.md, "Non-customer lines".
"""

from __future__ import annotations

import re

from reconcilers.numbers import CHUNK, HAS_DIGIT, readable_text
from reconcilers.quoting import DOCUMENT_WORDS, LABEL_FILLERS

# card acquirers' settlements too: Nordic ones name the card scheme ('Afregning Dankort', Nets;
# 'Avräkning kortköp', Bambora), US banks' ACH descriptors the merchant deposit ('MERCH DEP MID
# 4445421823 BATCH 382', 'BANKCARD DEPOSIT', a 16-character company name 'MERCHANT BANKCAR');
# Germany's PAYONE and Concardis, Poland's Przelewy24 and PayU, India's Razorpay, Cashfree,
# CCAvenue and BillDesk, Romania's Netopia, Latin America's Cielo, Rede, PagSeguro, Getnet,
# Mercado Pago, Conekta, Niubiz, Izipay, Credibanco, Wompi, Transbank, Stone and Prisma, Africa's
# Paystack, Flutterwave, Yoco, PayFast, Peach Payments, Pesapal, Fawry, DPO and Cellulant settle a
# merchant's card and wallet payments the same way; so do Bank of America Merchant Services
# ('BANKCARD-8076 MTOT DEP', a merchant's total deposit), American Express ('AMEX EPAYMENT') and a
# Moroccan or French acquirer's card terminal ('CMI REGLEMENT TPE')
_PROCESSOR = (r"\b(?:STRIPE|ADYEN|PAYPAL|BRAINTREE|SQUARE(?:UP)?|CHECKOUT\.?COM|WORLDPAY|SHOPIFY PAYMENTS|KLARNA"
              r"|GOCARDLESS|BAMBORA|NEXI|WORLDLINE|ELAVON|SUMUP|I?ZETTLE|MOLLIE|VIVA WALLET|PAYONE|CONCARDIS"
              r"|PRZELEWY24|PAYU|RAZORPAY|CASHFREE|CCAVENUE|BILLDESK|NETOPIA|CIELO|REDECARD|PAGSEGURO|PAGBANK"
              r"|GETNET|MERCADO ?PAGO|CONEKTA|NIUBIZ|IZIPAY|CREDIBANCO|WOMPI|TRANSBANK|STONE PAGAMENTOS"
              r"|PRISMA MEDIOS DE PAGO|PAYSTACK|FLUTTERWAVE|YOCO|PAYFAST|PEACH PAYMENTS|PESAPAL|FAWRY|DPO PAY"
              r"|CELLULANT|AMEX EPAYMENT)\b|\bPAYOUT\b|\bBANKCARD-\d{3,}|\bMTOT DEP\b|\b(?:REGLEMENT|REMISE) TPE\b"
              r"|\bAFREGNING DANKORT\b|\bAVR(?:Ä|AE|A)KNING KORTK(?:Ö|OE|O)P\b"
              r"|\bMERCH(?:ANT)? (?:DEP(?:OSIT)?|SETL|SETTLE(?:MENT)?|BANKCA?R?D?|BNKCD)\b|\bBANKCARD (?:DEP(?:OSIT)?|SETL)\b"
              r"|\bST-(?=[A-Z]*\d)[A-Z0-9]{6,}|\bPO_(?=[A-Z]*\d)[A-Z0-9]{6,}"
              # East Asia's acquirers and wallets, in Latin letters and as their banks print them: GMO
              # Payment Gateway, PayPay, SB Payment Service and Veritrans (Japan; Zengin's katakana),
              # KG Inicis, NHN KCP, Toss Payments, NICE Payments, KakaoPay and Naver Pay (Korea),
              # Alipay (支付宝), WeChat Pay's Tenpay (财付通) and UnionPay (银联) (China), NewebPay
              # (藍新金流), ECPay (綠界) and JKOPAY (街口) (Taiwan), AsiaPay; New Zealand's Windcave
              # and Australia's Tyro
              r"|\bGMO PAYMENT GATEWAY\b|GMOペイメント|ｼﾞ[-ｰ]?ｴﾑｵ[-ｰ]?ﾍﾟｲﾒﾝﾄ|\bPAYPAY\b|ﾍﾟｲﾍﾟｲ|ペイペイ"
              r"|\bSB PAYMENT SERVICE\b|SBﾍﾟｲﾒﾝﾄ|\bVERITRANS\b|ﾍﾞﾘﾄﾗﾝｽ"
              r"|\bINICIS\b|이니시스|\bNHN KCP\b|한국사이버결제|\bTOSS ?PAYMENTS\b|토스페이먼츠|\bNICE ?PAY(?:MENTS)?\b"
              r"|나이스페이|\bKAKAO ?PAY\b|카카오페이|\bNAVER ?PAY\b|네이버페이|\bALIPAY\b|支付宝|支付寶|\bTENPAY\b"
              r"|财付通|財付通|\bWECHAT ?PAY\b|微信支付|\bUNIONPAY\b|银联|銀聯|\bNEWEB ?PAY\b|藍新|蓝新|\bECPAY\b|綠界"
              r"|\bJKO ?PAY\b|街口支付|\bASIAPAY\b|\bWINDCAVE\b|\bTYRO (?:PAYMENTS|SETTLEMENT)\b"
              # the Gulf's, Israel's, Central Asia's and Ukraine's acquirers: Network International,
              # Magnati, Geidea, PayTabs, HyperPay, Tap, Tranzila, Cardcom, Isracard and CAL; Kaspi
              # Pay, Halyk ePay, CloudPayments, LiqPay, Fondy, TBC Pay; a card settlement abbreviated
              r"|\bNETWORK INTERNATIONAL\b|\bMAGNATI\b|\bGEIDEA\b|\bPAYTABS\b|\bHYPERPAY\b|\bTAP PAYMENTS\b"
              r"|\bTRANZILA\b|\bCARDCOM\b|\bISRACARD\b|\bCAL - CREDIT CARDS\b|\bKASPI ?PAY\b|\bHALYK ?EPAY\b"
              r"|\bCLOUDPAYMENTS\b|\bLIQPAY\b|\bFONDY\b|\bTBC ?PAY\b|\bSTLMT\b")
# a customer deducting a credit memo or rebate from what it pays says so before it ('3020 LESS
# CREDIT MEMO CM-783', 'PO#5376 NET OF CREDIT MEMO'): the memo is then the customer's, not a refund
_DEDUCTED = r"(?<!LESS )(?<!MINUS )(?<!NET OF )(?<!AFTER )(?<!DEDUCT )(?<!DEDUCTED )(?<!DEDUCTING )(?<!APPLIED )"
# US Treasury's company name 310 is a tax refund; 220 and others pay federal agencies' suppliers
# a lender's advance under a loan or credit line, and public grants, are no customer's either
# a settlement, but a customer's 'settlement of invoice ...' or 'trade settlement'
_OTHER_CREDIT = (r"(?<!TRADE )\bSETTLEMENT\b(?! (?:OF|FOR)\b)|\bINTEREST\b|\bINT (?:PAID|CREDIT)\b|\bIRS\b|\b(?:US )?TREAS(?:URY)? 310\b|\bHMRC\b"
                 r"|\bTAX (?:REBATE|RFD|REF)\b|\bVAT REPAYMENT\b|\bREFUNDS?\b"
                 f"|{_DEDUCTED}\\bCREDIT MEMO\\b|{_DEDUCTED}\\bREBATE\\b"
                 r"|\bCASHBACK\b"
                 r"|\bLOAN (?:ADVANCE|DRAW(?:DOWN)?|PROCEEDS|DISBURSEMENT)\b|\bTERM LOAN\b|\bDRAW ?DOWN\b"
                 r"|\bADVANCE DRAW\b|\b(?:LOC|REVOLVER|CREDIT LINE|LINE OF CREDIT) (?:ADVANCE|DRAW)\b"
                 r"|\bINNOVATE UK\b|\bBUSINESS FINLAND\b|\bVINNOVA\b|\bGRANT (?:PAYMENT|DISBURSEMENT|CLAIM)\b"
                 # an Islamic bank's profit on a deposit, its interest (Mudaraba savings)
                 r"|\bMUDARABA\b|\bPROFIT (?:PAID|CREDIT(?:ED)?) (?:ON|TO|-)"
                 # an Indian bank's own-account transfer
                 r"|\bOWN A/?C(?:COUNT)? TR(?:ANS)?F(?:ER)?\b|\bSELF (?:TRANSFER|TRF)\b"
                 # African banks' own-account transfers, a bank charge reversed, an M-Pesa payment of
                 # the business's own coming back
                 r"|\bINTER[- ]?AC(?:C(?:OUN)?T?)? (?:TRF|TRANSFER)\b|\b(?:TRF|TRANSFER) FROM OWN ACC(?:OUN)?T\b"
                 r"|\bREVERSAL (?:OF )?(?:NIP |TRANSFER )?CHARGES?\b|\bBUSINESS PAYMENT REVERSAL\b")
# the same in the languages of European statements: the bank's credit interest (German, French,
# Dutch, Swedish 'ränta', Danish and Norwegian 'renter', Finnish 'korko'), a tax office paying
# (Germany, the Netherlands, Sweden, Norway, Finland, Spain, France, Italy, Poland), VAT and tax
# refunds, a supplier's credit note, refund or rebate, a transfer between the holder's own accounts
# (German, French, Spanish, Italian)
_OTHER_CREDIT_EU = (r"\bHABENZINSEN\b|\bZINSGUTSCHRIFT\b|\bINT[EÉ]R[EÊ]TS CR[EÉ]DITEURS\b|\bCREDITRENTE\b"
                    r"|\bR(?:Ä|AE)NTA\b|\b(?:INL(?:Å|AA|A)NINGS|KREDIT)R(?:Ä|AE|A)NTA\b|\b(?:KREDIT)?RENTER\b"
                    r"|\bRENTEINDT(?:Æ|AE)GT\b"
                    r"|\b(?:TALLETUS)?KORKO\b"
                    r"|\bINTERESES A SU FAVOR\b|\bINTERESSI CREDITORI\b|\bINTERESES\b|\bINTERESSI\b|\bINT[EÉ]R[EÊ]TS\b"
                    r"|\bFINANZAMT\b|\bBUNDESZENTRALAMT F(?:UE|Ü|U)R STEUERN\b|\bBELASTINGDIENST\b|\bSKATTEVERKET\b"
                    r"|\bSKATTEETATEN\b|\bVEROHALLINTO\b|\bAGENCIA TRIBUTARIA\b|\bDGFIP\b|\bTR[EÉ]SOR PUBLIC\b"
                    r"|\bAGENZIA DELLE ENTRATE\b|\bURZ(?:Ą|A)D SKARBOWY\b"
                    r"|\bSTEUERERSTATTUNG\b|\bUST-?ERSTATTUNG\b|\bREMBOURSEMENT (?:DE (?:CR[EÉ]DIT DE )?)?TVA\b"
                    r"|\bDEVOLUCI[OÓ]N (?:DEL? )?IVA\b|\bRIMBORSO IVA\b|\bBTW[- ]?TERUGGAVE\b"
                    r"|(?<!D')\bAVOIR\b|\bCREDITNOTA\b|\bKREDITNOTA\b|\bKREDITFAKTURA\b|\bHYVITYSLASKU\b"
                    r"|\bNOTA DE CR[EÉ]DITO\b|\bNOTA DI CREDITO\b|\bBONUSGUTSCHRIFT\b"
                    r"|\bJAHRESBONUS\b|\bR(?:UE|Ü|U)CKVERG(?:UE|Ü|U)TUNG\b|\bERSTATTUNG\b|\bREMBOURSEMENT\b"
                    r"|\bTERUGBETALING\b|\bDEVOLUCI[OÓ]N\b|\bRIMBORSO\b|\bUMBUCHUNG\b|\bCASH ?POOL(?:ING)?\b"
                    r"|\bVIREMENT INTERNE\b|\bTRASPASO\b|\bGIROCONTO\b"
                    # Dutch and Polish own transfers, a German loan paid out, a supplier's
                    # numbered credit note (not 'Gutschrift' alone: every German credit is one),
                    # a Polish refund
                    r"|\bEIGEN REKENING\b|\bPRZELEW W(?:Ł|L)ASNY\b|\b(?:DARLEHENS|KREDIT)AUSZAHLUNG\b"
                    r"|\bGUTSCHRIFT-?(?:NR|NUMMER)\b|\bZWROT\b"
                    # Central and Eastern Europe: a Hungarian own transfer and interest, a Croatian
                    # and a Romanian loan paid out, Romanian interest, Slovenia's tax office and
                    # VAT refund, an Estonian credit note
                    r"|\bSAJ(?:Á|A)T SZ(?:Á|A)ML(?:Á|A)K K(?:Ö|O)Z(?:Ö|O)TT|\b(?:Á|A)TVEZET(?:É|E)S\b"
                    r"|\bKAMAT(?:J(?:Ó|O)V(?:Á|A)(?:Í|I)R(?:Á|A)S)?\b|\bISPLATA KREDITA\b|\bTRAGERE CREDIT\b"
                    r"|\bDOB(?:Â|A)ND(?:Ă|A)\b|\bFURS\b|\bVRA(?:Č|C)ILO DDV\b|\bKREEDITARVE\b"
                    # Latin America: an investment redeemed, a tax refund, a loan paid out, a
                    # reversal, a transfer between own accounts
                    r"|\bRESGATE\b|\bRESTITUI(?:Ç|C)(?:Ã|A)O\b|\bCR(?:É|E)DITO (?:DE )?EMPR(?:É|E)STIMO\b"
                    r"|\bDESEMBOLSO (?:DE )?CR(?:É|E)DITO\b|\bACREDITACI(?:Ó|O)N (?:DE )?PR(?:É|E)STAMO\b|\bESTORNO\b"
                    r"|\bENTRE CUENTAS PROPIAS\b|\bTRANSFER(?:Ê|E)NCIA ENTRE CONTAS\b"
                    # North Africa: a transfer between own accounts (French, and Arabic 'tahwil
                    # dakhili'), a loan released
                    r"|\bVIREMENT DE COMPTE (?:A|À) COMPTE\b|\bTAHWIL DAKHILI\b|\bD(?:É|E)BLOCAGE (?:DE )?(?:CR(?:É|E)DIT|PR(?:Ê|E)T)\b"
                    # Japanese bank text, as Zengin's half-width katakana and in kanji: interest
                    # received (受取利息), a tax refund (還付金), a transfer of funds (資金移動), a
                    # refund (返金), an insurance payout (保険金)
                    r"|ｳｹﾄﾘﾘｿｸ|ﾘｿｸ|ｶﾝﾌﾟｷﾝ|ｼｷﾝｲﾄﾞｳ|ﾍﾝｷﾝ|ﾎｹﾝｷﾝ|受取利息|利息|還付金|資金移動|返金|保険金"
                    # Korean and Chinese: interest settled on a deposit (결산이자, 예금이자; 结息,
                    # 結息), a tax refund (국세환급, 부가세환급; 退税, 退稅), a transfer between the
                    # holder's own accounts (본인계좌이체; 内部转账), a loan paid out (대출실행; 贷款发放)
                    r"|결산이자|예금이자|이자입금|국세환급|부가세환급|본인계좌|대출실행|结息|結息|退税|退稅|内部转账|內部轉帳|贷款发放"
                    # New Zealand's own-account transfer, cut by its 12-character fields
                    r"|\bOWN ACC(?:OUN)?T? TRAN(?:SFER)?\b"
                    # Hebrew interest (ריבית) and the tax authority (רשות המסים); an Arabic transfer
                    # between the holder's accounts; an Islamic bank's financing paid out (Murabaha);
                    # Russian and Ukrainian deposit interest, capitalisation, own funds moved, a loan
                    # paid out, money sent in error returned
                    r"|ריבית|רשות המסים|تحويل بين حساب|\bMURABAHA (?:DISBURSEMENT|FINANCING|PROCEEDS)\b"
                    r"|вознаграждение по депозит|капитализаци|собственных средств|власних коштів|выдача кредита"
                    r"|видача кредиту|ошибочно перечисл|помилково перерах")
_EITHER = re.compile(f"{_PROCESSOR}|{_OTHER_CREDIT}|{_OTHER_CREDIT_EU}", re.IGNORECASE)
_PROCESSOR_SEARCH = re.compile(_PROCESSOR, re.IGNORECASE).search
# the words that name an invoice (not a number's labels, nor a reference's)
_INVOICE_WORDS = DOCUMENT_WORDS - LABEL_FILLERS - {"REF", "EREF", "DOC", "RMT", "REMIT"}


# what a no customer's line's row says (non_customer_detail: a total says more)
NON_CUSTOMER_DETAIL = "not a customer payment (processor payout, interest, tax or vendor refund, a payment returned)"


# how the bank-file parsers start the text of a credit whose bank transaction code says it is no
# customer's, whatever it quotes (the remittance of a payment returned, a supplier's invoice, an
# interest period): one of the account holder's own payments coming back (ISO 20022 return
# information or sub-family RRTN; SWIFT's RTI; BAI2's return codes; the German banks' code 159),
# or the bank's interest (ISO 20022 sub-family INTR; SWIFT's INT; BAI2's interest codes), which
# banks word in their own language ('Creditrente', 'Habenzinsen')
RETURNED_PAYMENT = "RETURNED PAYMENT"
BANK_INTEREST = "BANK INTEREST"
# how the run starts the text of a credit another bank file itemises (a direct-debit collection's
# total beside its camt.054, a lockbox deposit beside its cheques: int_bank_totals_itemised): its
# parts are the payments
ITEMISED_TOTAL = "ITEMISED TOTAL"


def bank_note(mark: str, reason: str = "", information: str = "") -> str:
    """The text such a line starts with: 'RETURNED PAYMENT AC04: Beneficiary account closed' (the
    mark, a reason code, the bank's words, when given)."""
    return f"{mark}{' ' + reason if reason else ''}{': ' + information if information else ''}"


def is_non_customer(payer_name: str | None, reference: str | None, customer_name: str = "") -> bool:
    """customer_name: the customer's normalised name the payer field reads as exactly, if any."""
    if (reference or "").startswith((RETURNED_PAYMENT, BANK_INTEREST, ITEMISED_TOTAL)):
        return True
    text = f"{payer_name or ''} | {reference or ''}"
    if not _EITHER.search(text) or " " in customer_name:
        return False
    return bool(_PROCESSOR_SEARCH(text)) or not names_an_invoice(reference)


def non_customer_detail(reference: str | None) -> str:
    """What a no customer's line's row says: a total says where its payments are listed."""
    if not (reference or "").startswith(ITEMISED_TOTAL):
        return NON_CUSTOMER_DETAIL
    what = reference.split(":", 1)[0].removeprefix(ITEMISED_TOTAL).strip()  # 'of 3 payments in <file>'
    return f"not a payment of its own: the total {what}, applied there"


def names_an_invoice(reference: str | None) -> bool:
    """The reference names an invoice by its number: a word naming an invoice and, maybe after a
    label ('NO', 'NR'), a number or a number's prefix and the number ('settlement of invoice 1042',
    'Invoice No. ACME-26-01330', 'INV1042'). '#' or a reference of nothing but numbers does not
    count here."""
    words = CHUNK.findall(readable_text(reference))
    for k, word in enumerate(words):
        if word in _INVOICE_WORDS:
            if any(HAS_DIGIT(w) for w in [w for w in words[k + 1:k + 4] if w not in LABEL_FILLERS][:2]):
                return True
        elif HAS_DIGIT(word) and word.rstrip("0123456789") in _INVOICE_WORDS:
            return True
    return False
