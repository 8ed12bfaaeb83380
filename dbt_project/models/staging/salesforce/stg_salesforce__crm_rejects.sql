{# Contracts and lines the adapter leaves out, with the reason (data-quality findings:
   int_data_quality_issues_grouped). #}
with final as (

    {{ crm_rows_left_out(['stg_salesforce__crm_contracts_resolved', 'stg_salesforce__crm_contract_lines_resolved']) }}

)

select * from final
