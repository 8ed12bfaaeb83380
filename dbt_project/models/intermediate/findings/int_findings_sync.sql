{{ findings_queue([
    'int_contracts_unsubscribed',
    'int_customers_unlinked',
    'int_subscriptions_terms_mismatched',
    'int_erp_invoices_compared',
    'int_charges_unrecorded_in_billing',
], category='sync') }}
