with source as (

    select * from {{ source('billing', 'invoice_lines') }}

),

contract_rows as (

    select
        invoice_line_id,
        invoice_id,
        product_code,
        charge_type,
        {{ to_date('period_start') }} as period_start,
        {{ to_date('period_end') }} as period_end,
        {{ quantity('quantity') }} as quantity,
        {{ unit_price('unit_price') }} as unit_price,
        {{ money('discount_amount') }} as discount_amount,
        {{ money('amount') }} as amount,
        {{ money('tax_amount') }} as tax_amount,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_stripe__billing_invoice_lines']) }}

)

select * from final
