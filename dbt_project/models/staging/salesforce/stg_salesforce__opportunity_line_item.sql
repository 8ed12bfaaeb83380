with current_rows as (

    {{ connector_current_rows(source('salesforce', 'opportunity_line_item'), soft_delete=true) }}

),

final as (

    select
        id as opportunity_line_item_id,
        opportunity_id,
        product_2_id,
        product_code,
        name as line_name,
        {{ quantity('quantity') }} as quantity,
        {{ unit_price('unit_price') }} as unit_price,
        {{ percentage('discount') }} as discount_pct,
        {{ crm_field('salesforce', 'charge_type') }} as field_charge_type,
        _source_file,
        _line_number
    from current_rows

)

select * from final
