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

{# a Stripe landing (stripe/ replaces this folder): its rows, mapped by the adapter. Ingestion
   guarantees only one side has rows. #}
stripe_rows as (

    select * from {{ ref('stg_stripe__billing_customers') }}

),

final as (

    select * from contract_rows
    union all
    select * from stripe_rows

)

select * from final
