{{ findings_queue([
    'int_contract_periods_uninvoiced',
    'int_invoice_charges_mismatched',
    'int_usage_periods_misbilled',
    'int_invoices_duplicated',
    'int_failed_payments_unretried',
    'int_disputes_lost',
], category='leakage') }}
