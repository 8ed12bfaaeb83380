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

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_stripe__billing_prices']) }}

)

select * from final
