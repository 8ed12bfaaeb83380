with current_rows as (

    {{ connector_current_rows(source('salesforce', 'product_2'), soft_delete=true) }}

),

final as (

    select
        id as product_2_id,
        product_code,
        name as product_name,
        family,
        {{ crm_billing_frequency('sbqq_billing_frequency_c') }} as cpq_billing_frequency,
        sbqq_charge_type_c as cpq_charge_type,
        {{ to_boolean('is_active') }} as is_active,
        _source_file,
        _line_number
    from current_rows

)

select * from final
