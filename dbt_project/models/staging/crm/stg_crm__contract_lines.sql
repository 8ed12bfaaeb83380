with source as (

    select * from {{ source('crm', 'contract_lines') }}

),

final as (

    select
        contract_line_id,
        contract_id,
        product_code,
        charge_type,
        {{ quantity('quantity') }} as quantity,
        {{ unit_price('unit_price') }} as unit_price,
        {{ percentage('discount_pct') }} as discount_pct,
        _source_file,
        _line_number
    from source

)

select * from final
