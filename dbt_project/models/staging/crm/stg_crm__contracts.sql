with source as (

    select * from {{ source('crm', 'contracts') }}

),

contract_rows as (

    select
        contract_id,
        account_id,
        contract_type,
        renewed_from,
        {{ to_date('start_date') }} as start_date,
        {{ to_date('end_date') }} as end_date,
        currency,
        billing_frequency,
        {{ to_integer('payment_terms_days') }} as payment_terms_days,
        {{ to_boolean('auto_renew') }} as auto_renew,
        po_number,
        status,
        {{ to_timestamp('signed_at') }} as signed_at,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_salesforce__crm_contracts', 'stg_hubspot__crm_contracts']) }}

)

select * from final
