"""Which contract columns hold what people type.

Card numbers are masked in these columns before anything is stored (PCI DSS 3.3/3.4), and a GDPR
erasure pseudonymises a customer's personal strings wherever these columns repeat them.
"""

from __future__ import annotations

FREE_TEXT_COLUMNS = frozenset({"account_name", "name", "email", "description", "payer_name", "reference",
                               "failure_code", "customer_ref", "po_number", "method", "owner_email",
                               # QuickBooks (contract/connectors/quickbooks.py): its customer's names, notes
                               "display_name", "fully_qualified_name", "company_name", "given_name", "family_name",
                               "print_on_check_name", "private_note", "customer_memo",
                               # NetSuite (contract/connectors/netsuite.py): its customer's names, a transaction's memo
                               "entityid", "companyname", "altname", "firstname", "lastname", "memo",
                               # connectors' columns (contract/connectors/): HubSpot's company, deal and ticket text
                               "property_name", "property_description", "property_dealname", "property_subject"})
