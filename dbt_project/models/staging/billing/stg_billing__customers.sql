with source as (

    select * from {{ source('billing', 'customers') }}

),

contract_rows as (

    select
        customer_id,
        crm_account_id,
        name,
        email,
        currency,
        tax_country,
        tax_region,
        tax_id,
        {{ to_boolean('tax_exempt') }} as tax_exempt,
        {{ to_boolean('autopay') }} as autopay,
        {{ to_boolean('portal_enabled') }} as portal_enabled,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_stripe__billing_customers']) }}

)

select * from final
