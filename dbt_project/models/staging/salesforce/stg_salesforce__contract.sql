{# Salesforce Contract records (optional): an opportunity's ContractId gives its term. Salesforce
   computes EndDate as StartDate + ContractTerm months - 1 day: an inclusive end, as the contract's. #}
with current_rows as (

    {{ connector_current_rows(source('salesforce', 'contract'), soft_delete=true) }}

),

final as (

    select
        id as contract_id,
        account_id,
        status,
        contract_number,
        {{ try_cast_text('contract_term', dbt.type_int()) }} as contract_term_months,
        cast({{ to_timestamp('start_date') }} as date) as start_date,
        cast({{ to_timestamp('end_date') }} as date) as end_date,
        _source_file,
        _line_number
    from current_rows

)

select * from final
