{# The contracts that map (stg_salesforce__crm_contracts_resolved) in crm.contracts' columns. #}
with final as (

    {{ crm_rows_that_map('stg_salesforce__crm_contracts_resolved',
                         ['contract_id', 'account_id', 'contract_type', 'renewed_from', 'start_date', 'end_date',
                          'currency', 'billing_frequency', 'payment_terms_days', 'auto_renew', 'po_number',
                          'status', 'signed_at']) }}

)

select * from final
