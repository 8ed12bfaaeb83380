with source as (

    select * from {{ source('billing', 'prices') }}

),

contract_rows as (

    select
        product_code,
        pricing_model,
        {{ to_integer('tier') }} as tier,
        {{ quantity('up_to') }} as up_to,
        {{ unit_price('unit_price') }} as unit_price,
        {{ money('flat_fee') }} as flat_fee,
        currency,
        _source_file,
        _line_number
    from source

),

{# a Stripe landing (stripe/ replaces this folder): its rows, mapped by the adapter. Ingestion
   guarantees only one side has rows. #}
stripe_rows as (

    select * from {{ ref('stg_stripe__billing_prices') }}

),

final as (

    select * from contract_rows
    union all
    select * from stripe_rows

)

select * from final
