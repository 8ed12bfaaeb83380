{# The product code is product.metadata[stripe_product_code_key] (default product_code), else the
   product id. #}
with current_rows as (

    {{ connector_current_rows(source('stripe', 'product'), soft_delete=true, livemode=true) }}

),

final as (

    select
        id as product_id,
        coalesce({{ metadata_value('metadata', var('stripe_product_code_key')) }}, id) as product_code,
        name,
        {{ to_boolean('active') }} as is_active,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
