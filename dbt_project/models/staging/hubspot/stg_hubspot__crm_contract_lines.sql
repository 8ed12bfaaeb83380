{# The lines that map (stg_hubspot__crm_contract_lines_resolved) in crm.contract_lines' columns. #}
with final as (

    {{ crm_rows_that_map('stg_hubspot__crm_contract_lines_resolved',
                         ['contract_line_id', 'contract_id', 'product_code', 'charge_type', 'quantity',
                          'unit_price', 'discount_pct']) }}

)

select * from final
