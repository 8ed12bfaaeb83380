{{ findings_queue(['int_invoices_tax_mismatched'], category='tax') }}
