with source as (

    select * from {{ source('billing', 'subscriptions') }}

),

contract_rows as (

    select
        subscription_id,
        customer_id,
        crm_contract_id,
        status,
        {{ to_date('start_date') }} as start_date,
        {{ to_date('end_date') }} as end_date,
        billing_frequency,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_stripe__billing_subscriptions']) }}

)

select * from final
